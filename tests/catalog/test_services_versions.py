"""Version life cycle: drafts, review by a second person, scheduled publication,
immutability, one live version, cancellation, diff."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tongban.catalog import selectors, services
from tongban.core.api.problems import Problem
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), tick=False
    ):
        yield


def codes_of(error: ValidationError) -> dict[str, list[str]]:
    return {
        field: [e.code for e in errors] for field, errors in error.error_dict.items()
    }


def test_published_version_is_live(implementation, publish):
    version = publish(implementation)
    assert version.status == "published"
    assert version.effective_from == TODAY
    assert selectors.live_version(implementation=implementation) == version


def test_promised_above_statutory_is_refused_on_edit(implementation):
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    with pytest.raises(ValidationError) as caught:
        services.version_update(
            actor=SYSTEM, version=draft, statutory_limit=5, promised_limit=6
        )
    assert codes_of(caught.value) == {"promised_limit": ["promised_exceeds_statutory"]}


def test_submit_checks_every_guide_rule(implementation):
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    services.version_update(
        actor=SYSTEM, version=draft, charges_fee=True, fee_basis="依据"
    )
    services.child_add(actor=SYSTEM, version=draft, kind="materials", name="照片")
    with pytest.raises(ValidationError) as caught:
        services.version_submit(actor=SYSTEM, version=draft)
    assert codes_of(caught.value) == {
        "fees": ["fee_details_missing"],
        "materials[0]": ["material_source_missing", "material_necessity_missing"],
    }
    assert "照片" in str(caught.value.error_dict["materials[0]"][0].message)


def test_reviewer_cannot_approve_their_own_submission(
    implementation, manager, reviewer
):
    draft = services.version_draft(actor=manager, implementation=implementation)
    services.version_submit(actor=manager, version=draft)
    with pytest.raises(Problem) as caught:
        services.version_approve(actor=manager, version=draft)
    assert caught.value.problem_code == "review_own_submission"
    assert services.version_approve(actor=reviewer, version=draft).status == "approved"


def test_rejection_returns_the_draft_with_a_comment(implementation, manager, reviewer):
    draft = services.version_draft(actor=manager, implementation=implementation)
    services.version_submit(actor=manager, version=draft)
    rejected = services.version_reject(
        actor=reviewer, version=draft, comment="补充材料"
    )
    assert rejected.status == "draft"
    assert rejected.review_comment == "补充材料"


def test_a_draft_cannot_skip_review(implementation):
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    with pytest.raises(Problem) as caught:
        services.version_publish(actor=SYSTEM, version=draft)
    assert caught.value.problem_code == "version_transition_not_allowed"


def test_published_versions_are_immutable(implementation, publish):
    version = publish(implementation)
    with pytest.raises(Problem) as caught:
        services.version_update(actor=SYSTEM, version=version, promised_limit=3)
    assert caught.value.problem_code == "version_not_editable"
    material = version.materials.get()
    with pytest.raises(Problem):
        services.child_update(actor=SYSTEM, child=material, name="改名")
    with pytest.raises(Problem):
        services.child_delete(actor=SYSTEM, child=material)


def test_new_draft_copies_content_while_the_old_version_stays_live(
    implementation, publish
):
    live = publish(implementation)
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    assert draft.number == 2
    assert draft.promised_limit == live.promised_limit
    assert [m.name for m in draft.materials.all()] == ["申请书"]
    assert selectors.live_version(implementation=implementation) == live


def test_only_one_version_in_the_pipeline(implementation):
    services.version_draft(actor=SYSTEM, implementation=implementation)
    with pytest.raises(ValidationError) as caught:
        services.version_draft(actor=SYSTEM, implementation=implementation)
    assert codes_of(caught.value) == {"implementation": ["open_version_exists"]}


def test_scheduled_version_goes_live_on_its_date(implementation, publish):
    first = publish(implementation)
    later = TODAY + datetime.timedelta(days=10)
    second = publish(implementation, effective_from=later, promised_limit=3)
    assert selectors.live_version(implementation=implementation) == first
    assert selectors.live_version(implementation=implementation, today=later) == second
    assert services.versions_sweep(actor=SYSTEM, today=later) == 1
    first.refresh_from_db()
    assert first.status == "superseded"


def test_publishing_now_supersedes_the_previous_version(implementation, publish):
    publish(implementation, effective_from=TODAY - datetime.timedelta(days=30))
    second = publish(implementation, promised_limit=3)
    statuses = list(
        implementation.versions.order_by("number").values_list("status", flat=True)
    )
    assert statuses == ["superseded", "published"]
    assert selectors.live_version(implementation=implementation) == second


def test_effective_date_before_the_live_version_is_refused(implementation, publish):
    publish(implementation)
    with pytest.raises(ValidationError) as caught:
        publish(implementation, effective_from=TODAY - datetime.timedelta(days=1))
    assert codes_of(caught.value) == {"effective_from": ["effective_date_conflict"]}


def test_scheduled_cancellation(implementation, publish):
    version = publish(implementation)
    later = TODAY + datetime.timedelta(days=5)
    services.version_cancel(actor=SYSTEM, version=version, cancel_from=later)
    assert selectors.live_version(implementation=implementation) == version
    assert selectors.live_version(implementation=implementation, today=later) is None


def test_history_shows_the_differences_between_versions(implementation, publish):
    publish(implementation)
    publish(
        implementation, promised_limit=3, effective_from=TODAY + datetime.timedelta(1)
    )
    history = selectors.version_history(implementation=implementation)
    assert history[0]["changes"] == {"promised_limit": [5, 3]}
    assert history[1]["changes"] == {}


def test_diff_lists_child_row_changes(implementation, publish):
    old = publish(implementation)
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    services.child_add(
        actor=SYSTEM, version=draft, kind="fees", name="工本费", standard="10元"
    )
    diff = selectors.version_diff(old, draft)
    assert list(diff) == ["fees"]
    assert diff["fees"][1][0]["name_zh_hans"] == "工本费"


def test_form_field_choices_must_be_well_formed(implementation):
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    with pytest.raises(ValidationError) as caught:
        services.child_add(
            actor=SYSTEM,
            version=draft,
            kind="form_fields",
            key="kind",
            label="类型",
            field_type="choice",
            choices=[],
        )
    assert codes_of(caught.value) == {"choices": ["choices_invalid"]}
    services.child_add(
        actor=SYSTEM,
        version=draft,
        kind="form_fields",
        key="kind",
        label="类型",
        field_type="choice",
        choices=[{"value": "a", "label": "有限公司"}],
    )
    with pytest.raises(ValidationError) as caught:
        services.child_add(
            actor=SYSTEM, version=draft, kind="form_fields", key="kind", label="重复"
        )
    assert codes_of(caught.value) == {"key": ["unique"]}


def test_every_step_is_audited(implementation, publish):
    publish(implementation)
    actions = list(
        AuditEvent.objects.filter(action__startswith="catalog.version")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "catalog.version.draft",
        "catalog.version.update",
        "catalog.version.materials.add",
        "catalog.version.submit",
        "catalog.version.approve",
        "catalog.version.publish",
    ]


def test_view_only_staff_cannot_draft(implementation, make_staff):
    clerk = make_staff("clerk", "counter_clerk", division_code="540100")
    with pytest.raises(PermissionDenied):
        services.version_draft(actor=clerk, implementation=implementation)


def test_completeness_is_reported(implementation, publish):
    version = publish(implementation)
    result = selectors.version_completeness(version)
    assert 0 < result.score < 100
    assert "faq" in result.missing


@pytest.mark.parametrize(
    ("kind", "fields", "listed"),
    [
        ("at_most_one_visit", {"visits_required": 1}, True),
        ("at_most_one_visit", {"online_depth": 2, "visits_required": 2}, False),
        ("fully_online", {"online_depth": 4, "visits_required": 0}, True),
        ("fully_online", {}, False),
        ("instant", {"case_type": "1"}, True),
        ("tolerance_acceptance", {"tolerance_acceptance": True}, True),
        ("notification_pledge", {"notification_pledge": False}, False),
        ("in_region", {"service_scope": "4"}, True),  # 跨县通办
        ("in_region", {"service_scope": "2"}, False),  # 跨省通办
        ("cross_province", {"service_scope": "2"}, True),
    ],
)
def test_special_lists_derive_from_live_data(
    implementation, publish, kind, fields, listed
):
    publish(implementation, **fields)
    assert selectors.special_list(kind=kind).exists() is listed
