"""Supervision workbench pages: the dashboard (metrics with their definitions on hover,
the breakdown by the next level down with its chart and table, the ranking and the
trend), the drill-down from a figure to the cases or items behind it, the warnings, the
card tallies, the CSV/XLSX export and the monthly report as PDF in Chinese or Tibetan."""

import csv
import io
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongban.cases.views.common import staff_required
from tongban.core.domain.spreadsheet import formula_safe, xlsx_text_cell
from tongban.core.pdf import PdfRenderError, PdfUnavailable, html_to_pdf
from tongban.core.permissions import Perm, not_found, require_any
from tongban.documents.http import download_response
from tongban.supervision import metrics, selectors
from tongban.supervision.dashboard import Dashboard, dashboard, table_rows
from tongban.supervision.models import KIND_LABELS, RULE_LABELS
from tongban.supervision.views.common import chosen_division, chosen_months


def _board(request: HttpRequest) -> Dashboard:
    require_any(request.user, Perm.SUPERVISION_VIEW)
    division = chosen_division(request.GET.get("division"))
    period = (request.GET.get("month") or "").strip()
    months = chosen_months(period)
    return dashboard(
        user=request.user,
        division=division,
        months=months,
        period=period if months else "",
    )


def _trail(division: Any) -> list[Any]:
    trail = []
    while division is not None:
        trail.append(division)
        division = division.parent
    return list(reversed(trail))


@staff_required
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    board = _board(request)
    return render(
        request,
        "supervision/dashboard.html",
        {
            "board": board,
            "trail": _trail(board.division),
            "prefectures": selectors.region_prefectures(),
            "good_definition": metrics.BY_CODE["good_rate"].definition,
        },
    )


@staff_required
@require_GET
def drill(request: HttpRequest, metric: str) -> HttpResponse:
    """The cases or items behind one figure of the dashboard."""
    require_any(request.user, Perm.SUPERVISION_VIEW)
    chosen = metrics.BY_CODE.get(metric)
    if chosen is None or not chosen.drill:
        raise not_found()
    kind, what = chosen.drill.split(":")
    division = chosen_division(request.GET.get("division"))
    prefix = division.prefix if division else ""
    months = chosen_months(request.GET.get("month"))
    if kind == "cases":
        rows = selectors.drill_cases(
            user=request.user, metric=what, division_prefix=prefix, months=months
        )
    else:
        rows = selectors.drill_items(metric=what, division_prefix=prefix)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/drill.html",
        {"metric": chosen, "kind": kind, "page": page, "division": division},
    )


@staff_required
@require_GET
def warnings_page(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.SUPERVISION_VIEW)
    rule = request.GET.get("rule") or None
    if rule not in {r.value for r in RULE_LABELS} | {None}:
        rule = None
    kind = request.GET.get("kind") or None
    if kind not in KIND_LABELS:
        kind = None
    rows = selectors.warnings_for(user=request.user, rule=rule, kind=kind)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/warnings.html",
        {
            "page": page,
            "rules": RULE_LABELS.items(),
            "rule": rule,
            "kinds": KIND_LABELS.items(),
            "kind": kind,
            "lights": selectors.light_tallies(user=request.user),
        },
    )


@staff_required
@require_GET
def cards_page(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.SUPERVISION_VIEW)
    labels = {r.value: label for r, label in RULE_LABELS.items()}
    tallies = {}
    for by in ("organisation", "staff"):
        rows = selectors.card_tallies(user=request.user, by=by)
        tallies[by] = [
            {**row, "rule_label": labels.get(row["rule"], "")} for row in rows
        ]
    return render(
        request,
        "supervision/cards.html",
        {"by_organisation": tallies["organisation"], "by_staff": tallies["staff"]},
    )


@staff_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    board = _board(request)
    rows = table_rows(board)
    name = f"tongban-{board.division.code if board.division else 'region'}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([formula_safe(cell) for cell in row])
        return download_response(
            ("\ufeff" + out.getvalue()).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
            kind="csv",
        )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Metrics")[:31])
        for row in rows:
            sheet.append([xlsx_text_cell(sheet, cell) for cell in row])
        data = io.BytesIO()
        book.save(data)
        return download_response(
            data.getvalue(),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
            filename=f"{name}.xlsx",
            kind="xlsx",
        )
    raise not_found()


@staff_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The monthly report (the chosen month, else the current one) in Chinese or
    Tibetan (``?lang=bo``), whatever the page language."""
    language = "bo" if request.GET.get("lang") == "bo" else "zh-hans"
    with translation.override(language):
        board = _board(request)
        if not board.months:
            month = timezone.localdate().strftime("%Y-%m")
            board = dashboard(
                user=request.user, division=board.division, months=[month], period=month
            )
        html = render_to_string(
            "supervision/report.html",
            {"board": board, "html_lang": language, "today": timezone.localdate()},
        )
        title = _("Monthly supervision report")
    try:
        pdf = html_to_pdf(html, title=title)
    except (PdfUnavailable, PdfRenderError, OSError):
        return HttpResponse(
            _("The report cannot be printed right now; please try again later."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return download_response(
        pdf,
        content_type="application/pdf",
        filename=f"report-{board.period}-{language}.pdf",
        kind="pdf",
    )
