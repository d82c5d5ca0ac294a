"""Materials by source (来源渠道, DOMAIN §7): what the applicant brings is uploaded or seen
on paper; a material obtained by data sharing or from an e-certificate is not asked of
the applicant (R4.3), so until sharing exists the clerk records that it was checked at
its source — who, when, with what reference — and acceptance and 容缺 count it."""

import datetime

import pytest

from tests.cases.region_calendar import submit_to
from tongban.cases.models import Case, CaseMaterial
from tongban.catalog import services as catalog
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_source(service):  # type: ignore[no-untyped-def]
    """The service with one required material per source besides the applicant's."""
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    for name, source in (
        ("户口簿", "shared_data"),
        ("法定代表人电子身份证", "e_certificate"),
        ("场地证明", "issuing_body"),
    ):
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="materials",
            name=name,
            necessity="required",
            source=source,
        )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


@pytest.fixture
def received(version, applicant_api, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_to(applicant_api, version, "sources-0001")
    assert response.status_code == 201, response.json()
    return response.json()["uuid"]


@pytest.fixture
def version(by_source):  # type: ignore[no-untyped-def]
    return by_source


@pytest.fixture
def ids(by_source):  # type: ignore[no-untyped-def]
    return {m.name: m.pk for m in by_source.materials.all()}


def _verify(staff_api, uuid: str, material: int, reference: str = "共享查询 2026-0001"):  # type: ignore[no-untyped-def]
    return staff_api["clerk"].post(
        f"/api/v1/internal/cases/{uuid}/verify-material",
        {"material": material, "reference": reference},
        format="json",
    )


def test_shared_and_certificate_materials_block_acceptance_until_checked(
    received, act
) -> None:  # type: ignore[no-untyped-def]
    refused = act("clerk", received, "accept")
    assert refused.status_code == 400
    problem = refused.json()["invalid_params"][0]
    assert problem["code"] == "materials_missing"
    assert "户口簿" in problem["reason"]
    assert "法定代表人电子身份证" in problem["reason"]


@pytest.mark.parametrize("source", ["shared_data", "e_certificate"])
def test_a_material_checked_at_its_source_is_recorded(
    received, ids, staff_api, staff, source
) -> None:  # type: ignore[no-untyped-def]
    name = {"shared_data": "户口簿", "e_certificate": "法定代表人电子身份证"}[source]
    response = _verify(staff_api, received, ids[name])
    assert response.status_code == 200, response.json()
    row = CaseMaterial.objects.get(case__uuid=received, material_id=ids[name])
    assert row.source == CaseMaterial.Source.SOURCE_CHECK
    assert row.verified_by == staff["clerk"]
    assert row.verified_at is not None
    assert row.verified_reference == "共享查询 2026-0001"
    assert AuditEvent.objects.filter(action="case.verify_material").count() == 1
    listed = {m["name"]: m for m in response.json()["materials"]}
    assert listed[name]["verified_reference"] == "共享查询 2026-0001"


def test_acceptance_counts_materials_checked_at_their_source(
    received, ids, staff_api, act
) -> None:  # type: ignore[no-untyped-def]
    for name in ("户口簿", "法定代表人电子身份证"):
        assert _verify(staff_api, received, ids[name]).status_code == 200
    assert act("clerk", received, "accept").json()["state"] == "accepted"


def test_tolerated_acceptance_counts_them_too(
    version, ids, staff_api, act, applicant_api, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        uuid = submit_to(
            applicant_api, version, "sources-0002", skip=("法定代表人身份证复印件",)
        ).json()["uuid"]
    blocked = act("clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=2)
    assert blocked.json()["invalid_params"][0]["code"] == "key_materials_missing"
    for name in ("户口簿", "法定代表人电子身份证"):
        assert _verify(staff_api, uuid, ids[name]).status_code == 200
    accepted = act("clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=2)
    assert accepted.json()["state"] == "accepted", accepted.json()
    tolerated = CaseMaterial.objects.filter(case__uuid=uuid, tolerated=True)
    assert [m.name for m in tolerated] == ["法定代表人身份证复印件"]


@pytest.mark.parametrize("name", ["申请书", "场地证明"])
def test_materials_the_applicant_brings_are_not_checked_at_a_source(
    received, ids, staff_api, name
) -> None:  # type: ignore[no-untyped-def]
    response = _verify(staff_api, received, ids[name])
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "not_checked_at_source"


def test_a_check_needs_its_reference(received, ids, staff_api) -> None:  # type: ignore[no-untyped-def]
    response = _verify(staff_api, received, ids["户口簿"], reference=" ")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "reference"


def test_only_staff_in_scope_record_a_check(received, ids, staff_api) -> None:  # type: ignore[no-untyped-def]
    response = staff_api["xigaze_clerk"].post(
        f"/api/v1/internal/cases/{received}/verify-material",
        {"material": ids["户口簿"], "reference": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert not CaseMaterial.objects.filter(source="source_check").exists()


def test_the_workbench_form_records_a_check(received, ids, client, staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["clerk"])
    page = client.get(f"/workbench/cases/{received}/").content.decode()
    assert 'data-event="verify_material"' in page
    response = client.post(
        f"/workbench/cases/{received}/actions/verify_material/",
        {
            "verify_material-material": str(ids["户口簿"]),
            "verify_material-reference": "共享查询 2026-0002",
        },
    )
    assert response.status_code == 302
    assert (
        Case.objects.get(uuid=received)
        .materials.filter(verified_reference="共享查询 2026-0002")
        .exists()
    )


@pytest.mark.parametrize(
    ("source", "provenance"),
    [("shared_data", "shared_data"), ("e_certificate", "certificate")],
)
def test_a_material_checked_at_its_source_has_trust_level_a(
    received, ids, staff_api, source, provenance
) -> None:  # type: ignore[no-untyped-def]
    name = {"shared_data": "户口簿", "e_certificate": "法定代表人电子身份证"}[source]
    assert _verify(staff_api, received, ids[name]).status_code == 200
    row = CaseMaterial.objects.get(case__uuid=received, material_id=ids[name])
    assert (row.provenance, row.trust_level) == (provenance, "A")
    assert row.source_reference == "共享查询 2026-0001"


def test_an_applicants_upload_has_trust_level_c(received) -> None:  # type: ignore[no-untyped-def]
    uploads = CaseMaterial.objects.filter(case__uuid=received)
    assert uploads.exists()
    assert {(m.provenance, m.trust_level) for m in uploads} == {("upload", "C")}


def test_existing_materials_get_a_provenance_from_their_source(received) -> None:  # type: ignore[no-untyped-def]
    from importlib import import_module

    from django.apps import apps

    migration = import_module("tongban.cases.migrations.0006_material_provenance")
    case = Case.objects.get(uuid=received)
    rows = {
        "checked": CaseMaterial.objects.create(
            case=case, name="户口簿", source="source_check", verified_reference="Q-1"
        ),
        "counter": CaseMaterial.objects.create(
            case=case, name="原件", source="counter", original_seen=True
        ),
        "seen": CaseMaterial.objects.create(
            case=case, name="复印件", source="upload", original_seen=True
        ),
        "upload": CaseMaterial.objects.create(case=case, name="照片", source="upload"),
    }
    migration.set_provenance(apps, None)
    got = {
        key: CaseMaterial.objects.values_list(
            "provenance", "trust_level", "source_reference"
        ).get(pk=row.pk)
        for key, row in rows.items()
    }
    assert got == {
        "checked": ("shared_data", "A", "Q-1"),
        "counter": ("paper_original", "B", ""),
        "seen": ("upload", "B", ""),
        "upload": ("upload", "C", ""),
    }
