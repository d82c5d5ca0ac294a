"""Evaluation pages: the applicant's evaluations of their cases and the follow-up rating,
the visit page behind a window's QR code / tablet / SMS link, the clerk's "invite
evaluation", the bad-review tickets of units and supervisors, the supervisor's statistics
and the public monthly results. Thin: forms, one service call, a template."""

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongban.cases import selectors as case_selectors
from tongban.cases.views.common import applicant_required, staff_required
from tongban.core.api.problems import Problem
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.permissions import Perm, require_any
from tongban.evaluations import reports, selectors
from tongban.evaluations.domain.codes import Stage
from tongban.evaluations.domain.indicators import SetKind
from tongban.evaluations.forms import RatingForm, action_form
from tongban.evaluations.lifecycle import RECTIFICATION
from tongban.evaluations.models import STAGE_LABELS
from tongban.evaluations.services.invitations import evaluation_link
from tongban.evaluations.services.receipts import (
    receipt_case,
    receipt_link_for_case,
    receipt_stage,
    receipt_submit,
)
from tongban.evaluations.services.rectification import (
    rectification_evaluator_read,
    rectification_transition,
)
from tongban.evaluations.services.refusals import refuse
from tongban.evaluations.services.submit import (
    evaluation_follow_up,
    evaluation_submit,
    invitation_for,
    invitation_open,
    invitation_submit,
)
from tongban.regions import selectors as region_selectors


def _submit(request: HttpRequest, form: RatingForm, service: Any) -> bool:
    """Run ``service(rating)`` when the form is valid; a refusal goes onto the form."""
    if not form.is_valid():
        return False
    try:
        if not ScopedThrottle("evaluation_address").allow(request):
            raise refuse("rate_limited")
        service(form.rating())
    except Problem as error:
        form.add_error(None, str(error.detail))
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@applicant_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    cases = case_selectors.case_list_for_applicant(user=request.user).filter(
        accepted_at__isnull=False
    )[:50]
    tickets = selectors.rectification_of_evaluator(user=request.user).filter(
        state="called_back"
    )
    return render(
        request, "evaluations/my_evaluations.html", {"cases": cases, "tickets": tickets}
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def evaluate_case(request: HttpRequest, uuid: Any, stage: str) -> HttpResponse:
    if stage not in ("accept", "close"):
        raise Http404
    case = (
        case_selectors.case_list_for_applicant(user=request.user)
        .filter(uuid=uuid)
        .first()
    )
    if case is None:
        raise Http404
    form = RatingForm(request.POST or None, kind=SetKind.ONLINE)
    channel = "2" if "Mobile" in request.headers.get("User-Agent", "") else "1"
    if request.method == "POST" and _submit(
        request,
        form,
        lambda rating: evaluation_submit(
            actor=request.user,
            case_uuid=uuid,
            stage=stage,
            channel=channel,
            rating=rating,
        ),
    ):
        return render(request, "evaluations/thanks.html", {"case": case})
    context = {"form": form, "case": case, "stage_label": STAGE_LABELS[Stage(stage)]}
    return render(request, "evaluations/evaluate.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, uuid: Any) -> HttpResponse:
    ticket = (
        selectors.rectification_of_evaluator(user=request.user)
        .filter(uuid=uuid)
        .first()
    )
    if ticket is None:
        raise Http404
    form = RatingForm(
        request.POST or None, kind=SetKind(ticket.evaluation.indicator_kind)
    )
    if request.method == "POST" and _submit(
        request,
        form,
        lambda rating: evaluation_follow_up(
            actor=request.user, ticket_uuid=uuid, rating=rating
        ),
    ):
        return render(
            request, "evaluations/thanks.html", {"case": ticket.evaluation.case}
        )
    context = {"form": form, "case": ticket.evaluation.case, "ticket": ticket}
    return render(request, "evaluations/evaluate.html", context)


@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind a window's QR code, its tablet and an SMS link: anonymous, one use."""
    invitation = invitation_for(token=token)
    if invitation is None:
        raise Http404
    if invitation.used_at is not None:
        return render(request, "evaluations/visit_used.html", status=409)
    kind = SetKind.ON_SITE if invitation.window_id else SetKind.ONLINE
    form = RatingForm(request.POST or None, kind=kind)
    channel = request.GET.get("via", invitation.channel)
    if request.method == "POST" and _submit(
        request,
        form,
        lambda rating: invitation_submit(
            actor=request.user, token=token, channel=channel, rating=rating
        ),
    ):
        return render(request, "evaluations/thanks.html", {})
    context = {"form": form, "invitation": invitation, "window": invitation.window}
    return render(request, "evaluations/visit.html", context)


@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the QR code on a counter case's receipt: the acceptance once
    accepted, the completion once closed; anonymous, by the online evaluation's rules."""
    case = receipt_case(token=token)
    if case is None:
        raise Http404
    stage = receipt_stage(case)
    form = RatingForm(request.POST or None, kind=SetKind.ONLINE)
    if (
        request.method == "POST"
        and stage is not None
        and _submit(
            request,
            form,
            lambda rating: receipt_submit(
                actor=request.user, token=token, rating=rating
            ),
        )
    ):
        return render(request, "evaluations/thanks.html", {})
    context = {
        "form": form,
        "case": case,
        "stage_label": STAGE_LABELS[stage] if stage else None,
    }
    return render(request, "evaluations/receipt.html", context)


@staff_required
def receipt_qr(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The QR code printed on the case's receipt (an SVG image for the receipt page)."""
    case = case_selectors.case_get_for(user=request.user, uuid=uuid)
    link = receipt_link_for_case(case)
    svg = segno.make(link, error="m").svg_inline(
        scale=3, title=_("Scan to evaluate our service")
    )
    return HttpResponse(svg, content_type="image/svg+xml")


@staff_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """The clerk's "invite evaluation": a one-use QR code and tablet link for the person
    just served. The clerk never sees or fills in what they answer."""
    require_any(request.user, Perm.EVALUATION_INVITE)
    windows = region_selectors.windows_for(
        user=request.user, permission=Perm.EVALUATION_INVITE
    )
    context: dict[str, Any] = {"windows": windows}
    if request.method == "POST":
        window_id = str(request.POST.get("window", ""))
        if not window_id.isdigit() or len(window_id) > 18:
            raise Http404
        place = reports.window_for_staff(user=request.user, window_id=int(window_id))
        invitation, token = invitation_open(actor=request.user, window=place)
        link = evaluation_link(token)
        context.update(
            link=link,
            tablet_link=link + "?via=4",
            expires_at=invitation.expires_at,
            window=place,
            qr=segno.make(link, error="m").svg_inline(
                scale=4, title=_("Evaluate our service")
            ),
        )
    return render(request, "evaluations/invite.html", context)


@staff_required
def tickets(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    rows = selectors.rectification_list_for(user=request.user, state=state)[:200]
    return render(
        request, "evaluations/tickets.html", {"tickets": rows, "state": state}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def ticket(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = selectors.rectification_get_for(user=request.user, uuid=uuid)
    forms = {
        a.slug: action_form(a.request)
        for a in RECTIFICATION.allowed(found, request.user)
    }
    if request.method == "POST":
        declared = RECTIFICATION.by_slug(str(request.POST.get("action", "")))
        if declared is None or declared.slug not in forms:
            messages.error(request, _("This step is not possible for this ticket now."))
            return redirect("evaluations:ticket", uuid=uuid)
        form = action_form(declared.request, request.POST)
        forms[declared.slug] = form
        if form.is_valid():
            try:
                rectification_transition(
                    ticket=found,
                    event=declared.event,
                    actor=request.user,
                    data=form.cleaned_data,
                )
                return redirect("evaluations:ticket", uuid=uuid)
            except (Problem, PermissionDenied) as error:
                form.add_error(None, str(getattr(error, "detail", error)))
            except ValidationError as error:
                form.add_error(None, error)
    show = selectors.can_supervise(request.user, found)
    if show:
        rectification_evaluator_read(actor=request.user, ticket=found)
    actions = [(RECTIFICATION.by_slug(slug), form) for slug, form in forms.items()]
    context = {"ticket": found, "actions": actions, "show_evaluator": show}
    return render(request, "evaluations/ticket.html", context)


@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.EVALUATION_SUPERVISE)
    filters, period = reports.filters_from_query(request.user, request.GET)
    report = reports.statistics_report(filters=filters, period=period)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        body = (
            reports.report_csv(report)
            if export == "csv"
            else reports.report_xlsx(report)
        )
        kind = (
            "text/csv; charset=utf-8"
            if export == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = (
            f'attachment; filename="evaluations-{report.period}.{export}"'
        )
        return response
    query = request.GET.copy()
    query.pop("export", None)
    context = {"report": report, "query": query.urlencode(), "filters": filters}
    return render(request, "evaluations/statistics.html", context)


def results(request: HttpRequest) -> HttpResponse:
    """The public monthly results: counts and rates, no personal data."""
    start, end, period = reports.month_range(request.GET.get("month"))
    report = reports.statistics_report(
        filters=selectors.Filters(start=start, end=end), period=period
    )
    return render(request, "evaluations/results.html", {"report": report})
