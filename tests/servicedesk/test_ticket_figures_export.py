"""The figures page for dispatchers and supervisors: a table grouped by type, channel,
unit, item or month, with the same rows as CSV (formula-safe, UTF-8 with BOM) and XLSX;
narrowed to the reader's region; staff who neither dispatch nor supervise see nothing."""

import csv
import io
from typing import Any

import pytest
from django.test import Client

from tests.servicedesk.conftest import file_ticket
from tongban.accounts.domain.roles import Role
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db
PAGE = "/workbench/servicedesk/figures/"


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode()[1:])))


def test_the_csv_has_the_tables_rows(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="已整改。")
    file_ticket(applicant.user, ticket_type="suggestion", title="建议")
    client.force_login(desk["supervisor"])
    response = client.get(PAGE, {"by": "type", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response.content)
    assert rows[0][:3] == ["分组", "工单数", "已回复"]
    assert rows[1][:5] == ["投诉", "1", "1", "1", "100.0"]
    page = client.get(PAGE, {"by": "type"}).content.decode()
    assert '<th scope="row">投诉</th>' in page


def test_a_unit_named_like_a_formula_is_exported_as_text(
    client: Client, desk: dict[str, Any], applicant: Any
) -> None:
    unit = regions.organisation_create(
        actor=SYSTEM,
        name='=HYPERLINK("http://x")',
        uscc="12540100MB1234567W",
        division_code="540100",
        exercise_level=3,
    )
    ticket = file_ticket(applicant.user)
    actions.ticket_route(ticket=ticket, organisation=unit, actor=desk["dispatcher"])
    client.force_login(desk["dispatcher"])
    rows = _rows(client.get(PAGE, {"by": "organisation", "export": "csv"}).content)
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_the_xlsx_opens_with_the_same_rows(
    client: Client, desk: dict[str, Any], applicant: Any
) -> None:
    from openpyxl import load_workbook

    file_ticket(applicant.user)
    client.force_login(desk["dispatcher"])
    response = client.get(PAGE, {"by": "channel", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:2] == ["网上", 1]


def test_the_figures_are_the_readers_region_only(
    client: Client, desk: dict[str, Any], applicant: Any, make_staff: Any
) -> None:
    file_ticket(applicant.user)
    client.force_login(make_staff("xigaze.supervisor", Role.SUPERVISOR, "540200"))
    rows = _rows(client.get(PAGE, {"by": "type", "export": "csv"}).content)
    assert rows[1:] == []


def test_staff_who_neither_dispatch_nor_supervise_see_no_figures(
    client: Client, desk: dict[str, Any]
) -> None:
    client.force_login(desk["handler"])
    assert client.get(PAGE).status_code == 404
