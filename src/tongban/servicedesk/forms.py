"""Service-desk page forms: filing (portal, agent, hall), and the fields of the actions
people take on the workbench (one form per declared request shape's fields)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.cases.forms.common import ServiceErrorsMixin
from tongban.servicedesk.models import TYPE_LABELS, Ticket


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


TYPE_CHOICES = [(t.value, label) for t, label in TYPE_LABELS.items()]


class TicketForm(ServiceErrorsMixin, forms.Form):
    ticket_type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Your question or concern"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    case_number = forms.CharField(
        label=_("Case number (if it is about your case)"),
        max_length=64,
        required=False,
    )
    implementation_code = forms.CharField(
        label=_("Service item code"), max_length=50, required=False
    )
    division_code = forms.CharField(
        label=_("Region code"),
        max_length=12,
        required=False,
        initial="540100",
        help_text=_("The region the ticket concerns, e.g. 540100 for Lhasa."),
    )
    anonymous_to_unit = forms.BooleanField(
        label=_("Keep my identity from the unit (complaints and reports)"),
        required=False,
    )
    attachments = forms.FileField(
        label=_("Attachments (PDF, JPEG, PNG, OFD)"),
        required=False,
        widget=MultipleFileInput(),
    )
    requester_name = forms.CharField(
        label=_("Your name"), max_length=100, required=False
    )
    requester_phone = forms.RegexField(
        label=_("Mobile phone"), regex=r"^1[3-9]\d{9}$", required=False
    )
    phone_code = forms.CharField(label=_("SMS code"), max_length=8, required=False)

    def __init__(self, *args: Any, anonymous: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not anonymous:
            del self.fields["phone_code"]

    def field_for(self, name: str) -> str | None:
        return name if name in self.fields else None


class StaffTicketForm(TicketForm):
    """The 12345 agent's or hall clerk's intake: the caller's name and phone are typed."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("phone", _("by phone (12345)")), ("hall", _("at a hall"))],
    )
    subject_staff_username = forms.CharField(
        label=_("Staff member concerned (user name)"), max_length=150, required=False
    )


class ActionForm(ServiceErrorsMixin, forms.Form):
    """The fields any ticket action may ask for; each action's form shows only its own."""

    organisation_uuid = forms.UUIDField(label=_("Responsible unit"), required=False)
    handler_username = forms.CharField(label=_("Handler (user name)"), required=False)
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea, required=False)
    days = forms.IntegerField(
        label=_("Extra working days"), min_value=1, max_value=30, required=False
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=[("", "—"), *Ticket.Satisfaction.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea, required=False)
    note = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]

    def field_for(self, name: str) -> str | None:
        return name if name in self.fields else None


def _item_for(code: str) -> Any:
    """The live implementation with this code, or a field error in the user's language."""
    from django.http import Http404

    from tongban.catalog import selectors as catalog_selectors

    try:
        return catalog_selectors.public_guide(code=code).implementation
    except Http404:
        raise forms.ValidationError(
            _("No such service item."), code="unknown_item"
        ) from None


class KnowledgeForm(ServiceErrorsMixin, forms.Form):
    """A knowledge-base answer in three languages; the Chinese text is required, the
    Tibetan and English ones are added before review where the unit has them."""

    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    implementation_code = forms.CharField(
        label=_("Service item code"), max_length=50, required=False
    )
    question_zh_hans = forms.CharField(label=_("Question (Chinese)"), max_length=300)
    answer_zh_hans = forms.CharField(
        label=_("Answer (Chinese)"), max_length=5000, widget=forms.Textarea
    )
    question_bo = forms.CharField(
        label=_("Question (Tibetan)"), max_length=300, required=False
    )
    answer_bo = forms.CharField(
        label=_("Answer (Tibetan)"),
        max_length=5000,
        widget=forms.Textarea,
        required=False,
    )
    question_en = forms.CharField(
        label=_("Question (English)"), max_length=300, required=False
    )
    answer_en = forms.CharField(
        label=_("Answer (English)"),
        max_length=5000,
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]  # a ModelChoiceField, declared above

    def clean_implementation_code(self) -> Any:
        code = self.cleaned_data["implementation_code"].strip()
        return _item_for(code) if code else None

    def texts(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name.startswith(("question_", "answer_"))
        }


class SendBackForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reasons"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoutingRuleForm(ServiceErrorsMixin, forms.Form):
    """派单规则: the fields left empty match every ticket; the most specific rule wins."""

    ticket_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("any type")), *TYPE_CHOICES], required=False
    )
    implementation_code = forms.CharField(
        label=_("Service item code"), max_length=50, required=False
    )
    subject_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation concerned"),
        queryset=None,
        required=False,
        empty_label=_("any organisation"),
    )
    division_code = forms.RegexField(
        label=_("Region code"),
        regex=r"^\d{6}(\d{3}){0,2}$",
        required=False,
        help_text=_(
            "Six digits, e.g. 540100 for Lhasa; empty for every region (only for "
            "dispatchers of the whole platform)."
        ),
        error_messages={"invalid": _("Type a six-digit region code, e.g. 540100.")},
    )
    target: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=None
    )
    priority = forms.IntegerField(
        label=_("Priority (lower wins a tie)"),
        min_value=1,
        max_value=999,
        initial=100,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("subject_organisation", "target"):
            self.fields[name].queryset = organisations  # type: ignore[attr-defined]  # a ModelChoiceField, declared above

    def clean_implementation_code(self) -> Any:
        code = self.cleaned_data["implementation_code"].strip()
        return _item_for(code) if code else None

    def clean_division_code(self) -> str:
        from tongban.regions import selectors as region_selectors

        code: str = self.cleaned_data["division_code"]
        if code and not region_selectors.division_exists(code):
            raise forms.ValidationError(_("No such region."), code="unknown_division")
        return code
