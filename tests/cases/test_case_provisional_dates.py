"""Provisional due dates (DOMAIN §14): a notice that prints a due date computed before the
year's holiday notice is out says so; when a holiday notice moves the due date of an open
case, the applicant is told the new date by SMS and on the case page. Counted on the
region's calendar (4 March 2026 is off)."""

import datetime

import pytest

from tests.cases.region_calendar import import_notice
from tongban.cases.models import Case, Notice
from tongban.cases.notices import NoticeData, NoticeKind, render_notice_html
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db

LHASA_NOTICE = """scope,year,number,title,issued_on,date,kind,name
540100,2026,测试〔2026〕9号,拉萨市临时放假安排（测试）,2026-03-03,2026-03-05,off,临时放假
"""


def _html(notice: Notice) -> str:
    return render_notice_html(
        NoticeData(
            kind=NoticeKind(notice.kind),
            number=notice.number,
            language="en",
            issued_on=notice.issued_on,
            verify_url="https://example.org/v/x",
            authority_name="拉萨",
            applicant_name="格桑",
            case_number=notice.case.number,
            item_name="营业执照 设立登记",
            facts=notice.facts,
        )
    )


def test_an_acceptance_notice_with_a_provisional_due_date_says_so(
    region_day_off, submit, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-12-21 10:00:00+08:00", tick=False)
    uuid = submit().json()["uuid"]
    accepted = act("clerk", uuid, "accept").json()
    assert accepted["deadline_provisional"] is True  # 2027 is not published
    notice = Notice.objects.get(case__uuid=uuid, kind="acceptance")
    assert notice.facts["provisional"] == "1"
    assert "provisional" in _html(notice).lower()


def test_a_notice_with_a_firm_due_date_does_not(region_day_off, submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    notice = Notice.objects.get(case__uuid=uuid, kind="acceptance")
    assert "provisional" not in notice.facts
    assert "provisional" not in _html(notice).lower()


def test_a_calendar_change_tells_the_applicant_the_new_due_date(
    region_day_off,
    submit,
    act,
    applicant,
    client,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").json()["promised_due"] == "2026-03-10"
    MemorySms.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        import_notice(LHASA_NOTICE)
    case = Case.objects.get(uuid=uuid)
    assert case.promised_due == datetime.date(2026, 3, 11)
    assert case.deadline_moved_from == datetime.date(2026, 3, 10)
    texts = [m.body for m in MemorySms.sent if m.recipient == applicant.phone]
    assert any("2026-03-11" in text for text in texts), texts
    client.force_login(applicant.user)
    page = client.get(f"/me/cases/{uuid}/").content.decode()
    assert "2026-03-11" in page
    assert "2026-03-10" in page


def test_a_supplement_notice_with_a_provisional_due_date_says_so(
    region_day_off, submit, act, materials, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-12-28 10:00:00+08:00", tick=False)
    uuid = submit().json()["uuid"]
    asked = act(
        "clerk",
        uuid,
        "request-supplement",
        items=[
            {
                "material": materials["申请书"],
                "description": "申请书",
                "reason": "未签字",
            }
        ],
    )
    assert asked.status_code == 200
    notice = Notice.objects.get(case__uuid=uuid, kind="supplement")
    assert notice.facts["provisional"] == "1"  # 10 working days reach into 2027
    assert "provisional" in _html(notice).lower()
