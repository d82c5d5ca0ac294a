"""The supervision workbench: a dashboard whose figures come from the rollups, with each
metric's definition on hover, a chart with the same numbers as its table, the drill from
the region to a prefecture and from a figure to the cases behind it; warnings with the
order form; card tallies with their rules; CSV/XLSX export that cannot run formulas; the
monthly report as a real PDF in Chinese and in Tibetan."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tongban.supervision.metrics import METRICS

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(region_day_off, submit, act, sweep, time_machine) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    late = submit(key="key-00000002").json()["uuid"]
    act("clerk", late, "accept")
    for officer in ("officer", "officer2", "officer"):
        act(officer, late, "approve-step")
    act("officer2", late, "decide", decision="approve")
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=False)
    act("officer2", late, "close", result_name="营业执照")
    sweep()
    return uuid


@pytest.fixture
def boss(client, supervisor):  # type: ignore[no-untyped-def]
    client.force_login(supervisor)
    return client


def test_the_dashboard_shows_every_metric_with_its_definition_on_hover(
    overdue, boss
) -> None:  # type: ignore[no-untyped-def]
    page = boss.get("/workbench/supervision/?month=2026-03").content.decode()
    for metric in METRICS:
        assert f'data-metric="{metric.code}"' in page
    assert 'abbr title="' in page
    overdue_row = re.search(r'data-metric="overdue_count".*?</tr>', page, re.S)
    assert overdue_row is not None
    assert ">2<" in overdue_row.group(
        0
    )  # one closed late, one running past its promise
    assert "<svg" in page
    assert 'id="areas"' in page  # the chart's numbers as a table


def test_the_region_drills_down_to_a_prefecture_and_a_figure_to_its_cases(
    overdue, boss
) -> None:  # type: ignore[no-untyped-def]
    region = boss.get("/workbench/supervision/").content.decode()
    assert "?division=540100" in region
    lhasa = boss.get("/workbench/supervision/?division=540100").content.decode()
    assert "拉萨" in lhasa
    cases = boss.get("/workbench/supervision/drill/overdue_count/?division=540100")
    text = cases.content.decode()
    assert cases.status_code == 200
    assert len(set(re.findall(r"/workbench/cases/[0-9a-f-]{36}/", text))) == 2


def test_unknown_filters_show_the_whole_region_rather_than_an_error(boss) -> None:  # type: ignore[no-untyped-def]
    for query in ("?division=abc&month=2026-13", "?division=99999999&month=x"):
        assert boss.get(f"/workbench/supervision/{query}").status_code == 200
    assert boss.get("/workbench/supervision/drill/nothing/").status_code == 404


def test_a_case_officer_sees_no_dashboard(client, staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["officer"])
    assert client.get("/workbench/supervision/").status_code == 403


def test_cards_are_tallied_per_organisation_with_their_rule(overdue, boss) -> None:  # type: ignore[no-untyped-def]
    page = boss.get("/workbench/supervision/cards/").content.decode()
    assert "JC02" in page
    assert "lhasa" in page


def test_the_export_guards_formulas_in_csv_and_xlsx(overdue, boss, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tongban.supervision import dashboard

    real = dashboard.table_rows

    def with_formula(board):  # type: ignore[no-untyped-def]
        return [*real(board), ['=HYPERLINK("http://x")', 1]]

    monkeypatch.setattr("tongban.supervision.views.pages.table_rows", with_formula)
    csv_text = boss.get("/workbench/supervision/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    xlsx = boss.get("/workbench/supervision/export.xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


@pytest.mark.parametrize(
    ("lang", "script"), [("zh", "[\u4e00-\u9fff]"), ("bo", "[\u0f00-\u0fff]")]
)
def test_the_monthly_report_is_a_pdf_in_chinese_and_tibetan(
    overdue, boss, lang, script
) -> None:  # type: ignore[no-untyped-def]
    response = boss.get(f"/workbench/supervision/report.pdf?month=2026-03&lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert re.search(script, text)


def test_material_reduction_is_measured_against_the_marked_baseline(
    service, make_staff, api_as, supervisor
) -> None:  # type: ignore[no-untyped-def]
    """The baseline has three required materials' worth: two required now (申请书,
    身份证复印件) against three before the manager cut one → 1 − 2/3 = 33.3 %."""
    import datetime

    from tongban.accounts.domain.roles import Role
    from tongban.catalog import services as catalog
    from tongban.core.permissions import SYSTEM

    implementation = service.implementation
    catalog.child_add(
        actor=SYSTEM,
        version=catalog.version_draft(actor=SYSTEM, implementation=implementation),
        kind="materials",
        name="章程",
        necessity="required",
        source="applicant",
    )
    draft = implementation.versions.get(status="draft")
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 2)
    )
    manager = make_staff("manager", Role.CATALOGUE_MANAGER, division_code="540100")
    marked = api_as(manager).post(
        "/api/v1/internal/supervision/baselines",
        {"implementation": str(implementation.uuid), "version": draft.number},
        format="json",
    )
    assert marked.status_code == 201, marked.json()
    # The next version drops 章程 again and goes live.
    newer = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.child_delete(actor=SYSTEM, child=newer.materials.get(name="章程"))
    catalog.version_submit(actor=SYSTEM, version=newer)
    catalog.version_approve(actor=SYSTEM, version=newer)
    catalog.version_publish(
        actor=SYSTEM, version=newer, effective_from=datetime.date(2026, 2, 1)
    )
    rows = {
        r["code"]: r
        for r in api_as(supervisor).get("/api/v1/internal/supervision/metrics").json()
    }
    assert rows["material_reduction"]["shown"] == "33.3 %"
    assert rows["material_reduction"]["definition"]


def test_only_a_catalogue_manager_marks_a_baseline(service, api_as, supervisor) -> None:  # type: ignore[no-untyped-def]
    answer = api_as(supervisor).post(
        "/api/v1/internal/supervision/baselines",
        {"implementation": str(service.implementation.uuid), "version": service.number},
        format="json",
    )
    assert answer.status_code == 403


def test_cards_are_tallied_per_staff_member(overdue, boss) -> None:  # type: ignore[no-untyped-def]
    page = boss.get("/workbench/supervision/cards/").content.decode()
    staff_table = page.split('id="cards-staff"', 1)[1]
    assert "clerk" in staff_table
    assert "JC02" in staff_table
