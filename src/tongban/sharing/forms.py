"""The supervisors' search of the access log."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongban.core.domain.identifiers import normalise, uscc_error
from tongban.sharing.domain.registry import SOURCES, SUBJECT_ID_TYPES


def source_choices() -> list[tuple[str, str]]:
    language = get_language() or "zh-hans"
    return [("", "—")] + [(s.code, s.name_in(language)) for s in SOURCES]


class AccessSearchForm(forms.Form):
    source = forms.ChoiceField(label=_("Data source"), required=False, choices=())
    purpose = forms.CharField(
        label=_("Case number or declared purpose"), required=False, max_length=200
    )
    id_number = forms.CharField(
        label=_("Whose data: resident ID number or credit code"),
        required=False,
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    actor = forms.CharField(
        label=_("Who asked (user name)"), required=False, max_length=150
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()  # type: ignore[attr-defined]

    def clean_id_number(self) -> str:
        value = normalise(self.cleaned_data.get("id_number") or "")
        if value and (len(value) != 18 or not value.isalnum()):
            raise ValidationError(
                _("Enter an 18-character resident ID number or credit code."),
                code="invalid_id",
            )
        return value

    def id_type(self) -> str:
        """The identity type of the number searched for (resident ID or credit code)."""
        value = self.cleaned_data.get("id_number") or ""
        organisation = bool(value) and uscc_error(value) is None
        return SUBJECT_ID_TYPES["organisation" if organisation else "person"]
