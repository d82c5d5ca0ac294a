"""一件事 submission: one form and one checklist become one bundle case with a sub-case per
item; later steps wait; bad input stores nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.bundle_builders import GOOD_FORM, PARENTS_ID
from tests.cases.conftest import pdf
from tongban.cases.domain.bundles import BundleStatus
from tongban.cases.models import BundleCase, Case, CaseMaterial
from tongban.cases.selectors_bundles import bundle_case_view
from tongban.cases.services.bundles import bundle_case_submit
from tongban.catalog import services as catalog
from tongban.catalog.selectors_bundles import bundle_resolve
from tongban.core.api.problems import Problem
from tongban.core.models import AuditEvent
from tongban.documents.models import StoredFile


@pytest.fixture
def all_files(material_keys: dict[str, str]) -> Callable[[], list[dict[str, Any]]]:
    return lambda: [{"material": key, "file": pdf()} for key in material_keys.values()]


@pytest.fixture
def apply(
    applicant: Any,
    bundle: Any,
    all_files: Callable[[], list[dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Any]:
    def run(
        key: str = "bundle-key-0001",
        form: dict[str, Any] | None = None,
        files: list[dict[str, Any]] | None = None,
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return bundle_case_submit(
                actor=applicant.user,
                bundle_code=bundle.code,
                client_key=key,
                form_data=GOOD_FORM if form is None else form,
                materials=all_files() if files is None else files,
            )

    return run


def _codes(error: ValidationError) -> dict[str, str]:
    return {field: errors[0].code for field, errors in error.error_dict.items()}


def test_one_submission_creates_a_sub_case_per_item(apply) -> None:  # type: ignore[no-untyped-def]
    bundle_case, query_code = apply()
    cases = [p.case for p in bundle_case.parts.order_by("order")]
    assert len(cases) == 3
    assert len(query_code) == 10
    assert {c.applicant_id for c in cases} == {bundle_case.applicant_id}
    assert bundle_case.number.startswith("YJS-NEWBORN-20260302-")


def test_the_first_step_is_submitted_and_the_later_step_waits_in_draft(apply) -> None:  # type: ignore[no-untyped-def]
    bundle_case, _code = apply()
    states = [p.case.state for p in bundle_case.parts.order_by("order")]
    assert states == ["submitted", "draft", "draft"]
    view = bundle_case_view(bundle_case=bundle_case)
    assert [p.waiting for p in view.parts] == [False, True, True]
    assert view.status == BundleStatus.IN_PROGRESS


def test_a_field_several_items_need_is_asked_once_and_reaches_each(
    apply, bundle
) -> None:  # type: ignore[no-untyped-def]
    keys = [f.key for f in bundle_resolve(bundle=bundle).fields]
    assert keys.count("child_name") == 1
    assert len(keys) == 5  # two shared, one of each item's own
    bundle_case, _code = apply()
    for part in bundle_case.parts.all():
        assert part.case.form_data["child_name"] == GOOD_FORM["child_name"]
    own = {
        p.case.implementation.code: set(p.case.form_data)
        for p in bundle_case.parts.all()
    }
    assert all(
        len(fields) == 3 for fields in own.values()
    )  # only the item's own fields


def test_a_shared_material_is_given_once_and_stored_once(apply, material_keys) -> None:  # type: ignore[no-untyped-def]
    assert len(material_keys) == 4  # 父母身份证 once, and each item's own
    apply()
    rows = CaseMaterial.objects.filter(name=PARENTS_ID)
    assert rows.count() == 3  # on every sub-case
    assert len({r.file_id for r in rows}) == 1  # one file
    assert StoredFile.objects.count() == 4  # one per material given, not per sub-case


def test_a_form_missing_a_merged_field_stores_nothing(apply) -> None:  # type: ignore[no-untyped-def]
    form = {**GOOD_FORM, "child_name": ""}
    with pytest.raises(ValidationError) as caught:
        apply(form=form)
    assert _codes(caught.value)["form.child_name"] == "required"
    assert not BundleCase.objects.exists()
    assert not Case.objects.exists()
    assert not StoredFile.objects.exists()


def test_a_missing_shared_material_is_named_once(apply, material_keys) -> None:  # type: ignore[no-untyped-def]
    files = [
        {"material": k, "file": None}
        for name, k in material_keys.items()
        if name != PARENTS_ID
    ]
    with pytest.raises(ValidationError) as caught:
        apply(files=files)
    codes = _codes(caught.value)
    assert codes == {
        **{f"materials.{k}": "required" for k in material_keys.values()},
    }
    assert not Case.objects.exists()


def test_an_unknown_field_is_refused(apply) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        apply(form={**GOOD_FORM, "shoe_size": "42"})
    assert _codes(caught.value) == {"form.shoe_size": "unknown_field"}


def test_a_bundle_with_an_item_no_longer_live_takes_no_application(
    apply, bundle
) -> None:  # type: ignore[no-untyped-def]
    from tongban.core.permissions import SYSTEM

    part = bundle_resolve(bundle=bundle).parts[1]
    catalog.version_cancel(actor=SYSTEM, version=part.version)
    with pytest.raises(ValidationError) as caught:
        apply()
    assert _codes(caught.value) == {"items": "item_not_live"}
    assert not BundleCase.objects.exists()
    assert not Case.objects.exists()


def test_a_double_submission_with_one_key_makes_one_bundle_case(apply) -> None:  # type: ignore[no-untyped-def]
    first, code = apply()
    again, code_again = apply()
    assert again.pk == first.pk
    assert code_again == code
    assert BundleCase.objects.count() == 1
    assert Case.objects.count() == 3


def test_a_key_reused_for_another_bundle_is_a_conflict(apply, orgs, applicant) -> None:  # type: ignore[no-untyped-def]
    from tongban.catalog.models import Bundle

    apply()
    other = Bundle.objects.create(code="other", name="另一件事", status="published")
    with pytest.raises((Problem, ValidationError)):
        bundle_case_submit(
            actor=applicant.user,
            bundle_code=other.code,
            client_key="bundle-key-0001",
        )
    assert BundleCase.objects.count() == 1


def test_the_submission_is_audited(apply) -> None:  # type: ignore[no-untyped-def]
    apply()
    assert AuditEvent.objects.filter(action="case.bundle_submit").count() == 1


def _closed(act: Any, case: Any) -> None:
    uuid = str(case.uuid)
    assert act("clerk", uuid, "accept").status_code == 200
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="结果").status_code == 200


def test_closing_the_first_step_submits_the_waiting_ones(apply, act, staff) -> None:  # type: ignore[no-untyped-def]
    bundle_case, _code = apply()
    first, *later = [p.case for p in bundle_case.parts.order_by("order")]
    blocked = act("clerk", str(later[0].uuid), "accept")
    assert blocked.status_code == 409  # waiting in draft: nothing to accept yet
    _closed(act, first)
    for case in later:
        case.refresh_from_db()
        assert case.state == "submitted"
        assert case.acceptance_due is not None  # the answer period runs from now
        assert case.events.last().reason == bundle_case.number


def test_one_delivery_hands_over_every_result(apply, act, staff) -> None:  # type: ignore[no-untyped-def]
    from tongban.cases.services.bundles import bundle_case_deliver

    bundle_case, _code = apply()
    cases = [p.case for p in bundle_case.parts.order_by("order")]
    _closed(act, cases[0])
    with pytest.raises(ValidationError) as early:
        bundle_case_deliver(
            actor=staff["clerk"], bundle_case=bundle_case, method="pickup"
        )
    assert _codes(early.value) == {"bundle_case": "bundle_not_ready"}
    for case in cases[1:]:
        _closed(act, case)
    assert bundle_case_view(bundle_case=bundle_case).status == BundleStatus.READY
    done = bundle_case_deliver(
        actor=staff["clerk"], bundle_case=bundle_case, method="pickup"
    )
    states = {c.state for c in Case.objects.all()}
    assert states == {"delivered"}
    references = {c.delivery_reference for c in Case.objects.all()}
    assert references == {done.delivery_reference}  # one pickup code for all
    assert bundle_case_view(bundle_case=done).status == BundleStatus.DELIVERED
