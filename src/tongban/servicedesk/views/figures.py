"""Workbench pages for dispatchers and supervisors: the figures (chart, table, CSV and
XLSX, hot topics) and the callback worker's list of replied tickets whose 回访 is due."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tongban.cases.views.common import staff_required
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.servicedesk import charts, reports, selectors

GROUP_LABELS = {
    "type": gettext_lazy("by type"),
    "channel": gettext_lazy("by channel"),
    "organisation": gettext_lazy("by handling unit"),
    "item": gettext_lazy("by service item"),
    "month": gettext_lazy("by month"),
}
KINDS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _reads_figures(user: object) -> None:
    for permission in (Perm.TICKET_DISPATCH, Perm.TICKET_SUPERVISE):
        scope = scope_for(user, permission)
        if scope.everything or scope.grants:
            return
    raise not_found()


@staff_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    _reads_figures(request.user)
    report = reports.report_for(user=request.user, params=request.GET)
    export = request.GET.get("export", "")
    if export in KINDS:
        body = (
            reports.report_csv(report)
            if export == "csv"
            else reports.report_xlsx(report)
        )
        response = HttpResponse(body, content_type=KINDS[export])
        response["Content-Disposition"] = (
            f'attachment; filename="servicedesk-{report.by}-{report.period}.{export}"'
        )
        return response
    query = request.GET.copy()
    query.pop("export", None)
    hot = sorted(
        (row for row in report.rows if row[1].total),
        key=lambda row: -row[1].total,
    )[:10]
    return render(
        request,
        "servicedesk/figures.html",
        {
            "report": report,
            "table": reports.table(report),
            "chart": charts.monthly_bars([f for _name, f in report.rows])
            if report.by == "month"
            else [],
            "groups": [(g, GROUP_LABELS[g]) for g in reports.GROUPS],
            "hot": hot if report.by in ("item", "organisation", "type") else [],
            "query": query.urlencode(),
        },
    )


@staff_required
@require_GET
def callbacks(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user, Perm.TICKET_DISPATCH)
    if not (scope.everything or scope.grants):
        raise not_found()
    return render(
        request,
        "servicedesk/callbacks.html",
        {"tickets": selectors.ticket_callbacks_due_for(user=request.user)[:200]},
    )
