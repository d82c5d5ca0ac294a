"""The evaluation pages: the applicant's form, the window visit page, the clerk's invite
page, the ticket page with its derived action forms, statistics and the public results."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import otp_verified
from tests.evaluations.conftest import BAD
from tongban.evaluations.models import Evaluation, Rectification

pytestmark = pytest.mark.django_db


def test_the_applicant_rates_a_closed_case_on_the_page(
    closed_case: str, client: Client, applicant: Any
) -> None:
    client.force_login(applicant.user)
    url = f"/me/cases/{closed_case}/evaluate/close/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"level": "5", "bad": ["efficiency"], "good": ["fast"]})
    assert response.status_code == 200
    evaluation = Evaluation.objects.get()
    assert evaluation.options == ["efficiency"]  # only the group of the level chosen
    assert Rectification.objects.exists()


def test_the_page_shows_a_refusal_and_stores_nothing(
    accepted_case: str, client: Client, applicant: Any
) -> None:
    client.force_login(applicant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/me/cases/{accepted_case}/evaluate/close/", {"level": "1"})
    assert "not reached that stage" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_script_in_the_comment_is_shown_as_a_refusal_not_run(
    closed_case: str, client: Client, applicant: Any
) -> None:
    client.force_login(applicant.user)
    url = f"/me/cases/{closed_case}/evaluate/close/"
    response = client.post(url, {"level": "1", "text": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_clerk_invites_and_the_visit_page_takes_one_evaluation(
    staff: dict[str, Any], window: Any, client: Client
) -> None:
    clerk = Client()
    clerk.force_login(staff["clerk"])
    page = clerk.post("/workbench/evaluations/invite/", {"window": window.pk})
    text = page.content.decode()
    assert "<svg" in text
    token = text.split("/evaluations/visit/")[1].split("/")[0]
    visit = f"/evaluations/visit/{token}/"
    assert client.get(visit).status_code == 200
    done = client.post(
        visit + "?via=4", {"level": "2", "good": ["friendly"], "score_attitude": "1"}
    )
    assert done.status_code == 200
    assert Evaluation.objects.get().channel == "4"
    assert client.get(visit).status_code == 409  # replayed


def test_the_ticket_page_offers_the_supervisor_the_verify_form(
    closed_case: str, rate: Callable[..., Any], supervisor: Any, staff: dict[str, Any]
) -> None:
    rate(closed_case, **BAD)
    ticket = Rectification.objects.get()
    chief = otp_verified(Client(), supervisor)
    url = f"/workbench/evaluations/tickets/{ticket.uuid}/"
    page = chief.get(url).content.decode()
    assert 'value="verify"' in page
    assert "格桑" in page  # the evaluator, for the supervisor handling it
    unit = Client()
    unit.force_login(staff["officer"])
    assert "格桑" not in unit.get(url).content.decode()
    chief.post(
        url, {"action": "verify", "reasons": "属实", "content_class": "attitude"}
    )
    ticket.refresh_from_db()
    assert ticket.state == "rectifying"


def test_statistics_page_has_a_chart_a_table_and_exports(
    closed_case: str, rate: Callable[..., Any], supervisor: Any
) -> None:
    rate(closed_case)
    chief = otp_verified(Client(), supervisor)
    page = chief.get(
        "/workbench/evaluations/statistics/?month=2026-03"
    ).content.decode()
    assert "<svg" in page
    assert 'data-rate="good">100.00 %' in page
    assert "<abbr title=" in page
    csv = chief.get("/workbench/evaluations/statistics/?month=2026-03&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    xlsx = chief.get("/workbench/evaluations/statistics/?month=2026-03&export=xlsx")
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("language", ["zh-hans", "bo", "en"])
def test_the_public_results_page_in_three_languages(
    client: Client, language: str, db: None
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/evaluations/results/?month=2026-03")
    assert response.status_code == 200
    assert "2026-03" in response.content.decode()


def test_the_visit_page_speaks_tibetan(
    staff: dict[str, Any], window: Any, client: Client
) -> None:
    clerk = Client()
    clerk.force_login(staff["clerk"])
    text = clerk.post("/workbench/evaluations/invite/", {"window": window.pk}).content
    token = text.decode().split("/evaluations/visit/")[1].split("/")[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    page = client.get(f"/evaluations/visit/{token}/").content.decode()
    assert "ཧ་ཅང་ཡིད་ཚིམ།" in page  # 非常满意
    assert "ཞབས་ཞུའི་ཀུན་སྤྱོད།" in page  # 服务态度, an on-site indicator
