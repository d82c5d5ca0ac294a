"""Forms of the applicant's pages and the public progress query."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.query_code import QUERY_CODE_PATTERN
from tongban.cases.forms.common import ServiceErrorsMixin, form_field


class SupplementForm(ServiceErrorsMixin, forms.Form):
    """One file per material named in the one-time notice; a value per named field, with
    the input (type, length) of the catalogue field it corrects."""

    def __init__(self, *args: Any, items: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        catalogue: dict[str, Any] = {}
        if any(item.field_key for item in self.items):
            version = self.items[0].case.version
            catalogue = {f.key: f for f in version.form_fields.all()}
        for item in self.items:
            if item.material_id:
                self.fields[f"material_{item.material_id}"] = forms.FileField(
                    label=item.description, required=False
                )
            elif item.field_key:
                field = (
                    form_field(catalogue[item.field_key])
                    if item.field_key in catalogue
                    else forms.CharField(required=False)
                )
                field.label = item.description
                self.fields[f"form_{item.field_key}"] = field

    def uploads(self) -> dict[int, Any]:
        return {
            int(name[9:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("material_") and value
        }

    def form_data(self) -> dict[str, str]:
        return {
            name[5:]: value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("form_") and value and value.strip()
        }

    def field_for(self, name: str) -> str | None:
        if name.startswith("materials."):
            name = "material_" + name[10:]
        elif name.startswith("form."):
            name = "form_" + name[5:]
        return super().field_for(name)


class WithdrawForm(ServiceErrorsMixin, forms.Form):
    reasons = forms.CharField(
        label=_("Why do you withdraw? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgressForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=64)
    query_code = forms.RegexField(
        label=_("Query code"),
        regex=QUERY_CODE_PATTERN,
        max_length=10,
        error_messages={
            "invalid": _("The query code has 10 digits (8 on older receipts).")
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ToleratedMaterialsForm(ServiceErrorsMixin, forms.Form):
    """The materials accepted as missing (容缺), one file each, sent by the applicant."""

    def __init__(self, *args: Any, materials: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for material in materials:
            self.fields[f"tolerated_{material.material_id}"] = forms.FileField(
                label=material.name
            )

    def uploads(self) -> dict[int, Any]:
        return {
            int(name[len("tolerated_") :]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("tolerated_") and value
        }


class QueryCodeRecoveryForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=64)
    phone = forms.RegexField(
        label=_("Mobile phone registered on the case"),
        regex=r"^1\d{10}$",
        max_length=11,
        error_messages={
            "invalid": _("Enter an 11-digit mobile number starting with 1.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
    )
