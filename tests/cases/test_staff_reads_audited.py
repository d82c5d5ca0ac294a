"""Staff reads of documents that name the applicant leave an audit row, and the
applicant's endpoints serve the applicant only: a staff member downloading a case's
notice through the internal endpoint is recorded with the purpose ``print`` (as for a
bundle's combined notice), and neither the applicant's notice download nor the
applicant's bundle case answers staff, whose reads belong behind the staff door."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _accepted_notice(submit: Any, act: Any) -> tuple[str, dict[str, Any]]:
    uuid = submit().json()["uuid"]
    notice = act("clerk", uuid, "accept").json()["notices"][0]
    return uuid, notice


def _notice_reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="case.notice_read").order_by("id"))


def test_a_staff_download_of_a_case_notice_is_audited_for_printing(
    submit: Any, act: Any, staff_api: dict[str, APIClient], staff: dict[str, Any]
) -> None:
    uuid, notice = _accepted_notice(submit, act)
    url = f"/api/v1/internal/cases/{uuid}/notices/{notice['uuid']}/pdf"
    assert staff_api["officer"].get(url).status_code == 200
    [read] = _notice_reads()
    assert read.actor == staff["officer"]
    assert read.changes["notice"] == [None, notice["number"]]
    assert read.changes["purpose"] == [None, "print"]
    assert read.division_prefix  # the case's region sees it in its audit view


def test_the_applicant_downloading_their_own_notice_leaves_no_row(
    submit: Any, act: Any, applicant_api: APIClient
) -> None:
    uuid, notice = _accepted_notice(submit, act)
    url = f"/api/v1/public/cases/{uuid}/notices/{notice['uuid']}/pdf"
    assert applicant_api.get(url).status_code == 200
    assert _notice_reads() == []


def test_staff_do_not_download_through_the_applicants_endpoint(
    submit: Any, act: Any, staff_api: dict[str, APIClient]
) -> None:
    uuid, notice = _accepted_notice(submit, act)
    url = f"/api/v1/public/cases/{uuid}/notices/{notice['uuid']}/pdf"
    assert staff_api["officer"].get(url).status_code == 404
    assert staff_api["officer"].get(f"/api/v1/public/cases/{uuid}/").status_code == 404


def test_the_workbench_page_links_the_audited_download(
    submit: Any, act: Any, staff: dict[str, Any]
) -> None:
    from django.test import Client

    uuid, notice = _accepted_notice(submit, act)
    client = Client()
    client.force_login(staff["officer"])
    page = client.get(f"/workbench/cases/{uuid}/").content.decode()
    assert f"/api/v1/internal/cases/{uuid}/notices/{notice['uuid']}/pdf" in page


def test_staff_read_a_bundle_case_only_through_the_internal_endpoint(
    bundle_case: Any, staff_api: dict[str, APIClient], applicant_api: APIClient
) -> None:
    public = f"/api/v1/public/bundle-cases/{bundle_case.uuid}/"
    assert applicant_api.get(public).status_code == 200
    assert staff_api["officer"].get(public).status_code == 404
    internal = f"/api/v1/internal/bundle-cases/{bundle_case.uuid}/"
    assert staff_api["officer"].get(internal).status_code == 200


def _case_reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="case.read").order_by("id"))


def _logged_in(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_staff_read_of_a_case_is_audited_with_what_and_why(
    submit: Any, staff_api: dict[str, APIClient], staff: dict[str, Any]
) -> None:
    uuid = submit().json()["uuid"]
    assert (
        _logged_in(staff["clerk"]).get(f"/workbench/cases/{uuid}/").status_code == 200
    )
    assert (
        staff_api["officer"].get(f"/api/v1/internal/cases/{uuid}/").status_code == 200
    )
    page, record = _case_reads()
    assert (page.actor, record.actor) == (staff["clerk"], staff["officer"])
    for row in (page, record):
        assert row.changes == {"what": [None, "case"], "purpose": [None, "handling"]}
        assert row.division_prefix  # the case's region sees it in its audit view


def test_a_staff_download_of_a_material_file_and_the_receipt_are_audited(
    submit: Any, staff: dict[str, Any]
) -> None:
    from tongban.cases.models import Case

    uuid = submit().json()["uuid"]
    stored = Case.objects.get(uuid=uuid).materials.exclude(file=None).first().file
    clerk = _logged_in(staff["clerk"])
    assert clerk.get(f"/workbench/cases/{uuid}/files/{stored.uuid}/").status_code == 200
    assert clerk.get(f"/workbench/intake/receipt/{uuid}/").status_code == 200
    material, receipt = _case_reads()
    assert material.changes["what"] == [None, f"material:{stored.uuid}"]
    assert receipt.changes == {"what": [None, "receipt"], "purpose": [None, "print"]}


def test_the_applicant_reading_their_own_case_leaves_no_read_row(
    submit: Any, applicant_api: APIClient, applicant: Any
) -> None:
    uuid = submit().json()["uuid"]
    assert applicant_api.get(f"/api/v1/public/cases/{uuid}/").status_code == 200
    assert _logged_in(applicant.user).get(f"/me/cases/{uuid}/").status_code == 200
    assert _case_reads() == []


def test_staff_do_not_act_through_the_applicants_endpoints(
    submit: Any, staff_api: dict[str, APIClient]
) -> None:
    uuid = submit().json()["uuid"]
    officer = staff_api["officer"]
    supplement = f"/api/v1/public/cases/{uuid}/supplement"
    withdrawal = f"/api/v1/public/cases/{uuid}/withdraw"
    assert officer.post(supplement, {}, format="json").status_code == 404
    assert officer.post(withdrawal, {}, format="json").status_code == 404
