"""Page forms of appointments and queues."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Applicant
from tongban.appointments.domain.queue import Priority


class BookForm(forms.Form):
    group = forms.RegexField(r"^[A-Z]{1,2}$", widget=forms.HiddenInput)
    slot = forms.CharField(max_length=16, widget=forms.HiddenInput)  # 2026-06-02T09:30

    def clean_slot(self) -> tuple[dt.date, dt.time]:
        value = self.cleaned_data["slot"]
        day, _t, time = value.partition("T")
        try:
            return dt.date.fromisoformat(day), dt.time.fromisoformat(time)
        except ValueError:
            raise forms.ValidationError(
                _("Choose one of the times shown."), code="bad_slot"
            ) from None


PRIORITY_CHOICES = [
    ("", _("No")),
    (Priority.ELDERLY.value, _("I am 60 or older")),
    (Priority.DISABLED.value, _("I have a disability")),
]


class TakeNumberForm(forms.Form):
    group = forms.RegexField(r"^[A-Z]{1,2}$", widget=forms.HiddenInput)
    priority = forms.ChoiceField(
        label=_("Priority service"), choices=PRIORITY_CHOICES, required=False
    )

    def clean_priority(self) -> Priority:
        value: Any = self.cleaned_data.get("priority")
        return Priority(value) if value else Priority.NORMAL


class CheckInForm(forms.Form):
    reference = forms.RegexField(
        r"^[2-9A-Za-z]{8}$",
        label=_("Booking code"),
        max_length=8,
        error_messages={"invalid": _("A booking code has 8 letters and digits.")},
    )


class TransferForm(forms.Form):
    group = forms.RegexField(r"^[A-Z]{1,2}$", label=_("Window group"))


class FinishForm(forms.Form):
    case_number = forms.CharField(
        label=_("Case taken in (number, if any)"), max_length=40, required=False
    )


class CallerFindForm(forms.Form):
    """The caller a phone agent books for, found by ID (a POST: the number stays out of
    URLs and access logs)."""

    id_type = forms.ChoiceField(
        label=_("ID type"), choices=list(Applicant.IdType.choices)
    )
    id_number = forms.CharField(label=_("ID number"), max_length=40)
