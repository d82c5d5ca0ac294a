"""Forms of the workbench: the queue filters, one form per action (the data its guards
read; each event's declaration in ``cases/events.py`` names its form), and counter intake (item search, applicant lookup and registration)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Applicant
from tongban.cases.forms.common import ServiceErrorsMixin
from tongban.cases.models import DELIVERY_LABELS, STATE_LABELS, Case
from tongban.catalog.choices import SpecialProcedureKind


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        # No "draft": held bundle sub-cases are not in the queue until submitted.
        choices=[("", _("any"))]
        + [(s.value, lbl) for s, lbl in STATE_LABELS.items() if s != "draft"],
    )
    item = forms.CharField(label=_("Implementation code"), required=False)
    light = forms.ChoiceField(
        label=_("Light"),
        required=False,
        choices=[
            ("", _("any")),
            ("green", _("green: on time")),
            ("yellow", _("yellow: due soon")),
            ("red", _("red: overdue")),
        ],
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


# --- workbench actions ----------------------------------------------------------------------


class ActionForm(ServiceErrorsMixin, forms.Form):
    """An action without input (accept, resume, archive); subclasses add the event's data.
    ``to_data`` leaves out what was not entered so the guards see it as missing."""

    def to_data(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


class ReasonsForm(ActionForm):
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpinionForm(ActionForm):
    opinion = forms.CharField(
        label=_("Opinion (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PledgeForm(ActionForm):
    pledge_signed = forms.BooleanField(
        label=_("The applicant has signed the written pledge"), required=False
    )


class ToleratedAcceptForm(PledgeForm):
    due_days = forms.IntegerField(
        label=_("Working days to bring the missing materials"),
        required=False,
        min_value=1,
    )


class DecisionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=Case.Decision.choices,
        widget=forms.RadioSelect,
    )
    reasons = ReasonsForm.base_fields["reasons"]


class SuspendForm(ActionForm):
    """A special procedure: one of those the service's catalogue entry lists (whose
    duration is the default), or a free name where the entry lists none."""

    procedure = forms.CharField(
        label=_("Special procedure (e.g. hearing, inspection, expert review)"),
        required=False,
        max_length=100,
    )
    reasons = ReasonsForm.base_fields["reasons"]
    expected_days = forms.IntegerField(
        label=_("Expected duration (days, optional where the catalogue states it)"),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = [
            p
            for p in case.version.special_procedures.all()
            if p.kind != SpecialProcedureKind.EXTENSION
        ]
        if listed:
            self.fields["procedure"] = forms.ChoiceField(
                label=_("Special procedure"),
                required=False,
                choices=[("", "—")]
                + [(str(p.name), _procedure_label(p)) for p in listed],
            )


def _procedure_label(procedure: Any) -> str:
    counts = (
        _("counts toward the time limit")
        if procedure.counts_toward_limit
        else _("time limit paused")
    )
    if procedure.time_limit:
        return str(
            _("{name} ({days} {unit}; {counts})").format(
                name=procedure.name,
                days=procedure.time_limit,
                unit=procedure.get_unit_display(),
                counts=counts,
            )
        )
    return str(_("{name} ({counts})").format(name=procedure.name, counts=counts))


class ExtendForm(ActionForm):
    days = forms.IntegerField(label=_("Extend by (days)"), required=False)
    reasons = ReasonsForm.base_fields["reasons"]
    approver = forms.CharField(label=_("Approved by"), required=False, max_length=100)


class CloseForm(ActionForm):
    result_name = forms.CharField(
        label=_("Result (certificate or document)"), required=False, max_length=200
    )


class DeliverForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Delivery"),
        required=False,
        choices=list(DELIVERY_LABELS.items()),
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=_("Tracking number or pickup code (optional for pickup)"),
        required=False,
        max_length=64,
    )


class SupplementRequestForm(ActionForm):
    """The one-time notice: every missing material ticked, anything else described, and
    one reason (why it is needed) printed with each item."""

    missing = forms.MultipleChoiceField(
        label=_("Missing or faulty materials"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(
        label=_("Anything else missing (optional)"), required=False, max_length=300
    )
    reasons = forms.CharField(
        label=_("Why it is needed or what is wrong"), required=False, max_length=300
    )
    due_days = forms.IntegerField(
        label=_("Working days to supplement (optional)"), required=False, min_value=1
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = {str(m.pk): m for m in case.version.materials.all()}
        self.fields["missing"].choices = [  # type: ignore[attr-defined]  # a MultipleChoiceField; the stubs type fields as Field
            (pk, m.name) for pk, m in self.checklist.items()
        ]

    def to_data(self) -> dict[str, Any]:
        reason = self.cleaned_data.get("reasons", "")
        items = [
            {
                "material": int(pk),
                "description": self.checklist[pk].name,
                "reason": reason,
            }
            for pk in self.cleaned_data.get("missing", [])
        ]
        if self.cleaned_data.get("other"):
            items.append({"description": self.cleaned_data["other"], "reason": reason})
        data: dict[str, Any] = {"items": items}
        if self.cleaned_data.get("due_days"):
            data["due_days"] = self.cleaned_data["due_days"]
        return data

    def field_for(self, name: str) -> str | None:
        return "missing" if name == "items" else super().field_for(name)


class VerifyMaterialForm(ActionForm):
    """A shared-data or e-certificate material the clerk checked at its source."""

    material = forms.TypedChoiceField(label=_("Material"), coerce=int, required=False)
    reference = forms.CharField(
        label=_("Reference of the check (query or certificate number)"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, materials: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = [  # type: ignore[attr-defined]  # a TypedChoiceField; the stubs type fields as Field
            (m.pk, f"{m.name} ({m.get_source_display()})") for m in materials
        ]


class MaterialsForm(ServiceErrorsMixin, forms.Form):
    """A clerk supplies materials for the applicant (a supplement, or the materials to
    follow): a scan per material and the box for a paper original seen."""

    def __init__(self, *args: Any, materials: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for material in materials:
            self.fields[f"material_{material.pk}"] = forms.FileField(
                label=material.name, required=False
            )
            self.fields[f"original_{material.pk}"] = forms.BooleanField(
                label=_("Paper original seen"), required=False
            )

    def uploads(self) -> dict[int, Any]:
        return {
            int(name[9:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("material_") and value
        }

    def originals(self) -> list[int]:
        return [
            int(name[9:])
            for name, value in self.cleaned_data.items()
            if name.startswith("original_") and value
        ]

    def field_for(self, name: str) -> str | None:
        if name.startswith("materials."):
            name = "material_" + name[10:]
        return super().field_for(name)


# --- counter intake -------------------------------------------------------------------------


class ItemSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Service: implementation code or name"), required=False, max_length=100
    )


class ApplicantFindForm(forms.Form):
    id_type = forms.ChoiceField(
        label=_("ID type"),
        choices=[(value, label) for value, label in Applicant.IdType.choices],
    )
    id_number = forms.CharField(label=_("ID number"), max_length=40)


class ApplicantRegisterForm(ServiceErrorsMixin, ApplicantFindForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.RegexField(
        label=_("Mobile phone (optional)"),
        regex=r"^1\d{10}$",
        required=False,
        max_length=11,
        error_messages={
            "invalid": _("Enter an 11-digit mobile number starting with 1.")
        },
    )
