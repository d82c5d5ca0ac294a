"""A prefecture's holiday notice moves the deadlines of open cases handled there, with an
audit row each, and leaves other prefectures' cases alone."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from tongban.cases.models import Case
from tongban.catalog import services as catalog
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

NOTICE = """scope,year,number,title,issued_on,date,kind,name
540100,2026,拉政办〔2026〕99号,拉萨市临时放假安排,2026-03-03,2026-03-05,off,临时放假
540100,2026,拉政办〔2026〕99号,拉萨市临时放假安排,2026-03-03,2026-03-06,off,临时放假
"""


@pytest.fixture
def xigaze_service(service, orgs):  # type: ignore[no-untyped-def]
    implementation = catalog.implementation_create(
        actor=SYSTEM,
        basic_item=service.implementation.basic_item,
        organisation=orgs["xigaze"],
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=20,
        promised_limit=5,
        case_type="2",
        service_objects=["2"],
        handling_forms=["1"],
        online_depth=1,
        visits_required=2,
        location="日喀则",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return draft


def test_a_lhasa_notice_moves_lhasa_deadlines_only(
    submit,
    act,
    applicant_api,
    xigaze_service,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    lhasa = submit().json()["uuid"]
    act("clerk", lhasa, "accept")
    with django_capture_on_commit_callbacks(execute=True):
        xigaze = applicant_api.post(
            "/api/v1/public/cases/",
            {
                "implementation_code": xigaze_service.implementation.code,
                "client_key": "xigaze-case-1",
                "form": "{}",
            },
            format="multipart",
        ).json()["uuid"]
    act("xigaze_clerk", xigaze, "accept")
    before = {c.uuid: c.promised_due for c in Case.objects.all()}
    assert set(before.values()) == {datetime.date(2026, 3, 9)}

    notice = tmp_path / "lhasa.csv"
    notice.write_text(NOTICE, encoding="utf-8")
    call_command("calendar", "import", str(notice))

    lhasa_case = Case.objects.get(uuid=lhasa)
    assert lhasa_case.promised_due == datetime.date(2026, 3, 11)  # two days off added
    assert Case.objects.get(uuid=xigaze).promised_due == datetime.date(2026, 3, 9)
    audit = AuditEvent.objects.get(action="case.recompute_deadlines")
    assert audit.object_id == str(lhasa_case.pk)
    assert audit.changes["promised_due"] == ["2026-03-09", "2026-03-11"]
    # Re-importing the same notice changes nothing.
    call_command("calendar", "import", str(notice))
    assert AuditEvent.objects.filter(action="case.recompute_deadlines").count() == 1
