"""Workbench pages of the knowledge base: the list of the answers the staff member keeps or
reviews, a new answer in three languages, one answer with what may be done to it (change
the draft, send it for review, publish it — never by its author —, send it back)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.cases.views.common import call_service, staff_required
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.regions import selectors as region_selectors
from tongban.servicedesk import selectors
from tongban.servicedesk.forms import ActionForm, KnowledgeForm, SendBackForm
from tongban.servicedesk.models import KnowledgeEntry
from tongban.servicedesk.services import knowledge


def _organisations(user: Any) -> Any:
    return region_selectors.organisation_list_for(
        user=user, permission=Perm.KNOWLEDGE_MANAGE
    ).order_by("name")


def _may(user: Any, permission: str, entry: KnowledgeEntry) -> bool:
    return scope_for(user, permission).covers(
        organisation_path=entry.organisation.path,
        division_prefix=entry.organisation.division.prefix,
    )


def _keeps_or_reviews(user: Any) -> None:
    if not any(
        scope_for(user, p).everything or scope_for(user, p).grants
        for p in (Perm.KNOWLEDGE_MANAGE, Perm.KNOWLEDGE_REVIEW)
    ):
        raise not_found()


@staff_required
@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    _keeps_or_reviews(request.user)
    found = selectors.knowledge_list_for(user=request.user).select_related(
        "organisation", "implementation"
    )[:300]
    return render(
        request,
        "servicedesk/knowledge_list.html",
        {
            "entries": found,
            "may_draft": _organisations(request.user).exists(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request.user)
    if not organisations.exists():
        raise not_found()
    form = KnowledgeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        entry = call_service(
            form,
            lambda: knowledge.knowledge_draft(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                implementation=form.cleaned_data["implementation_code"],
                texts=form.texts(),
            ),
        )
        if entry is not None:
            messages.success(request, _("The draft was saved."))
            return redirect("servicedesk:knowledge-entry", uuid=entry.uuid)
    return render(
        request, "servicedesk/knowledge_form.html", {"form": form, "entry": None}
    )


def _edit_form(entry: KnowledgeEntry, user: Any, data: Any = None) -> KnowledgeForm:
    initial = {name: getattr(entry, name) or "" for name in knowledge.TEXT_FIELDS}
    initial["organisation"] = entry.organisation_id
    initial["implementation_code"] = (
        entry.implementation.code if entry.implementation else ""
    )
    form = KnowledgeForm(data, organisations=_organisations(user), initial=initial)
    # The organisation keeping an answer does not change; a new answer is drafted instead.
    form.fields["organisation"].disabled = True
    return form


@staff_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = selectors.knowledge_get_for(user=request.user, uuid=uuid)
    editable = found.status == KnowledgeEntry.Status.DRAFT and _may(
        request.user, Perm.KNOWLEDGE_MANAGE, found
    )
    form = _edit_form(found, request.user, request.POST or None) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only a draft can be changed."))
        if form.is_valid():
            done = call_service(
                form,
                lambda: knowledge.knowledge_update(
                    entry=found,
                    actor=request.user,
                    texts=form.texts(),
                    implementation=form.cleaned_data["implementation_code"],
                ),
            )
            if done is not None:
                messages.success(request, _("The draft was saved."))
                return redirect("servicedesk:knowledge-entry", uuid=found.uuid)
    return _page(request, found, form, SendBackForm())


def _page(
    request: HttpRequest,
    found: KnowledgeEntry,
    form: KnowledgeForm | None,
    send_back: SendBackForm,
) -> HttpResponse:
    user = request.user
    reviews = _may(user, Perm.KNOWLEDGE_REVIEW, found)
    return render(
        request,
        "servicedesk/knowledge_form.html",
        {
            "entry": found,
            "form": form,
            "may_submit": found.status == KnowledgeEntry.Status.DRAFT
            and _may(user, Perm.KNOWLEDGE_MANAGE, found),
            "may_publish": found.status == KnowledgeEntry.Status.REVIEW
            and reviews
            and found.author_id != user.pk,
            "may_send_back": found.status != KnowledgeEntry.Status.DRAFT and reviews,
            "send_back": send_back,
            "texts": [
                (
                    label,
                    getattr(found, f"question_{lang}"),
                    getattr(found, f"answer_{lang}"),
                )
                for lang, label in LANGUAGES
            ],
        },
    )


LANGUAGES = [
    ("zh_hans", gettext_lazy("Chinese")),
    ("bo", gettext_lazy("Tibetan")),
    ("en", gettext_lazy("English")),
]
STEPS = {
    "submit": (
        knowledge.knowledge_submit,
        gettext_lazy("The answer was sent for review."),
    ),
    "publish": (knowledge.knowledge_publish, gettext_lazy("The answer was published.")),
}


@staff_required
@require_POST
def entry_step(request: HttpRequest, uuid: Any, step: str) -> HttpResponse:
    found = selectors.knowledge_get_for(user=request.user, uuid=uuid)
    if step == "send-back":
        send_back = SendBackForm(request.POST)
        if send_back.is_valid() and call_service(
            send_back,
            lambda: knowledge.knowledge_send_back(
                entry=found,
                actor=request.user,
                reason=send_back.cleaned_data["reason"],
            ),
        ):
            messages.success(request, _("The answer was sent back to its authors."))
            return redirect("servicedesk:knowledge-entry", uuid=found.uuid)
        form = (
            _edit_form(found, request.user)
            if found.status == KnowledgeEntry.Status.DRAFT
            else None
        )
        return _page(request, found, form, send_back)
    if step not in STEPS:
        raise not_found()
    run, done_message = STEPS[step]
    refusal = ActionForm({}, fields=[])  # bound and empty: it only carries refusals
    if call_service(refusal, lambda: run(entry=found, actor=request.user)):
        messages.success(request, str(done_message))
    else:
        for error in refusal.non_field_errors():
            messages.error(request, str(error))
    return redirect("servicedesk:knowledge-entry", uuid=found.uuid)
