"""A material named by a data source (免提交, R4.3) at application, over real HTTP to the
reference provider: with the applicant's consent it is fetched for the case's number and
counts as present (provenance shared_data, trust A); when the source is down the upload
beside it is kept, the case records that the source was down, and a later ask — the
clerk's button or the sweep — replaces the upload by the record."""

import datetime

import pytest

from tests.cases.conftest import GOOD_FORM, pdf
from tests.sharing_provider import sharing_provider
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services.shared_materials import case_shared_materials_sweep
from tongban.catalog import services as catalog
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.sharing.models import AccessLog, Consent

__all__ = ["sharing_provider"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(service):  # type: ignore[no-untyped-def]
    """The service with 户口簿 fetched from the household source."""
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="户口簿",
        necessity="required",
        source="shared_data",
        data_source="household",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


@pytest.fixture
def ids(version):  # type: ignore[no-untyped-def]
    return {m.name: m.pk for m in version.materials.all()}


@pytest.fixture
def apply(version, ids, applicant_api, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(key: str, *, shared: bool = True, fallback: bool = False):  # type: ignore[no-untyped-def]
        payload = {
            "implementation_code": version.implementation.code,
            "client_key": key,
            "form": GOOD_FORM,
            f"material_{ids['申请书']}": pdf(),
            f"material_{ids['法定代表人身份证复印件']}": pdf(),
        }
        if shared:
            payload["shared"] = [ids["户口簿"]]
        if fallback:
            payload[f"material_{ids['户口簿']}"] = pdf("hukou.pdf")
        with django_capture_on_commit_callbacks(execute=True):
            response = applicant_api.post(
                "/api/v1/public/cases/", payload, format="multipart"
            )
        assert response.status_code == 201, response.json()
        return Case.objects.get(uuid=response.json()["uuid"])

    return run


def _row(case: Case) -> CaseMaterial:
    return case.materials.get(name="户口簿")


def test_a_shared_material_is_fetched_for_the_case_with_consent(
    sharing_provider, apply, act
) -> None:  # type: ignore[no-untyped-def]
    case = apply("shared-0001")
    row = _row(case)
    assert row.shared_status == "received"
    assert (row.provenance, row.trust_level) == ("shared_data", "A")
    assert row.source_reference.startswith("REF-")
    assert row.file is None
    assert row.shared_consent_at is not None
    access = AccessLog.objects.get()
    assert (access.purpose_kind, access.purpose) == ("case", case.number)
    assert access.source == "household"
    assert access.outcome == "answered"
    assert access.office == str(case.organisation.name)
    assert access.consent == Consent.objects.get(purpose=case.number)
    assert act("clerk", str(case.uuid), "accept").json()["state"] == "accepted"


def test_the_provider_stopped_mid_application_keeps_the_upload_and_records_it(
    sharing_provider, apply, act
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()  # the registry goes down while the applicant fills the form
    case = apply("shared-0002", fallback=True)
    row = _row(case)
    assert row.shared_status == "source_down"
    assert row.shared_checked_at is not None
    assert row.file is not None
    assert row.file.name == "hukou.pdf"
    assert row.provenance == "upload"
    access = AccessLog.objects.get()
    assert (access.outcome, access.purpose) == ("unavailable", case.number)
    assert AuditEvent.objects.filter(action="case.shared_data").count() == 1
    # The upload counts: the case can be accepted while the source is down.
    assert act("clerk", str(case.uuid), "accept").json()["state"] == "accepted"


def test_a_later_ask_by_the_clerk_replaces_the_upload_by_the_record(
    sharing_provider, apply, client, staff
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    case = apply("shared-0003", fallback=True)
    client.force_login(staff["clerk"])
    page = client.get(f"/workbench/cases/{case.uuid}/").content.decode()
    assert 'data-shared="source_down"' in page
    assert 'data-event="shared_data_retry"' in page
    sharing_provider.start()  # the registry is back, on the same address
    from tongban.sharing.adapters import breakers_reset

    breakers_reset()
    response = client.post(f"/workbench/cases/{case.uuid}/shared-data/")
    assert response.status_code == 302
    row = _row(case)
    assert (row.shared_status, row.provenance, row.trust_level) == (
        "received",
        "shared_data",
        "A",
    )
    assert row.file is not None  # the upload is kept beside the record
    assert [a.outcome for a in AccessLog.objects.order_by("id")] == [
        "unavailable",
        "answered",
    ]
    assert AccessLog.objects.order_by("id").last().actor == staff["clerk"]


def test_the_sweep_asks_again_where_the_source_was_down(
    sharing_provider, apply
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    case = apply("shared-0004")
    assert _row(case).shared_status == "source_down"
    assert _row(case).file is None
    sharing_provider.start()
    from tongban.sharing.adapters import breakers_reset

    breakers_reset()
    assert case_shared_materials_sweep() == {"received": 1}
    assert _row(case).shared_status == "received"


def test_only_a_clerk_of_the_case_asks_again(
    sharing_provider, apply, client, staff
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    case = apply("shared-0005")
    client.force_login(staff["xigaze_clerk"])
    assert client.post(f"/workbench/cases/{case.uuid}/shared-data/").status_code == 404
    assert AccessLog.objects.count() == 1


def test_without_consent_nothing_is_asked(sharing_provider, apply) -> None:  # type: ignore[no-untyped-def]
    case = apply("shared-0006", shared=False, fallback=True)
    assert _row(case).shared_status == ""
    assert not AccessLog.objects.exists()


def test_shared_is_refused_for_a_material_without_a_data_source(
    sharing_provider, version, ids, applicant_api
) -> None:  # type: ignore[no-untyped-def]
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {
            "implementation_code": version.implementation.code,
            "client_key": "shared-0007",
            "form": GOOD_FORM,
            "shared": [ids["申请书"]],
        },
        format="multipart",
    )
    assert response.status_code == 400
    codes = {p["code"] for p in response.json()["invalid_params"]}
    assert "not_shared" in codes


@pytest.fixture
def prefilled(version):  # type: ignore[no-untyped-def]
    """The version's form with 户籍地址 pre-filled from the household source."""
    draft = catalog.version_draft(actor=SYSTEM, implementation=version.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="form_fields",
        key="registered_address",
        label="户籍地址",
        required=False,
        shared_field="household.registered_address",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 2)
    )
    return draft


def test_the_form_is_prefilled_from_shared_data_where_the_item_says_so(
    sharing_provider, prefilled, client, applicant
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant.user)
    page = client.get(f"/apply/{prefilled.implementation.code}/").content.decode()
    assert "西藏自治区拉萨市城关区北京中路1号（演示）" in page
    access = AccessLog.objects.get()
    assert access.purpose_kind == "declared"
    assert access.purpose == "预填申请表 " + prefilled.implementation.code
    assert access.fields == ["registered_address"]
    assert access.actor == applicant.user


def test_the_form_opens_empty_when_the_source_is_down(
    sharing_provider, prefilled, client, applicant
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    client.force_login(applicant.user)
    response = client.get(f"/apply/{prefilled.implementation.code}/")
    assert response.status_code == 200
    assert "北京中路1号" not in response.content.decode()


def test_the_application_page_offers_the_shared_record_beside_an_upload(
    sharing_provider, version, ids, client, applicant
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant.user)
    page = client.get(f"/apply/{version.implementation.code}/").content.decode()
    row = page.split("户口簿", 1)[1].split("</li>", 1)[0]
    assert f'name="shared_{ids["户口簿"]}"' in row
    assert 'type="file"' in row
