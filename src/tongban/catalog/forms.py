"""Workbench forms for catalogue managers: a version's main fields, its materials and
form fields, review and publication.

The forms only parse and type the input; every rule lives in the services, whose
``ValidationError``/``Problem`` are put back on the form by ``show_service_error`` so the
manager sees them next to the field. Fields are built from the model fields, so labels,
choices and lengths stay in step with the models; a translated field ``name`` edits the
Chinese text, ``name_bo`` the Tibetan and ``name_en`` the English one (see
``services/common.assign``); ``with_translations`` adds those columns for every
translated field, so no content is editable in Chinese only.
"""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.catalog.fields import translated_fields
from tongban.catalog.models import (
    Faq,
    Fee,
    FormField,
    ImplementationVersion,
    Material,
    SpecialProcedure,
)
from tongban.catalog.models.choices import ItemType
from tongban.catalog.references import FIELD_KINDS, reference_choices
from tongban.core.api.problems import Problem
from tongban.core.forms import show_service_error
from tongban.regions.models import Organisation

VERSION_FIELDS = (
    "change_summary",
    "statutory_limit",
    "statutory_unit",
    "statutory_note",
    "promised_limit",
    "promised_unit",
    "promised_note",
    "case_type",
    "online_depth",
    "visits_required",
    "onsite_reason",
    "online_url",
    "at_most_one_visit",
    "tolerance_acceptance",
    "notification_pledge",
    "decision_public",
    "service_scope",
    "conditions",
    "quantity_limit",
    "process_description",
    "charges_fee",
    "fee_basis",
    "location",
    "hours",
    "consultation",
    "consultation_phone",
    "complaint",
    "complaint_phone",
    "result_type",
    "result_name",
    "result_certificate_type",
)
MATERIAL_FIELDS = (
    "name",
    "necessity",
    "form",
    "original_copies",
    "photocopies",
    "source",
    "issuing_body",
    "e_certificate_type",
    "data_source",
    "tolerance_allowed",
    "acceptance_standard",
    "notes",
)
FORM_FIELD_FIELDS = ("key", "label", "field_type", "required", "help_text")
FEE_FIELDS = ("name", "standard", "amount", "basis", "waiver_allowed", "waiver_basis")
FAQ_FIELDS = ("question", "answer")
SPECIAL_PROCEDURE_FIELDS = (
    "name",
    "kind",
    "time_limit",
    "unit",
    "legal_basis",
    "counts_toward_limit",
    "charges_fee",
)
CHILD_FORM_FIELDS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "materials": (Material, MATERIAL_FIELDS),
    "form_fields": (FormField, FORM_FIELD_FIELDS),
    "fees": (Fee, FEE_FIELDS),
    "faqs": (Faq, FAQ_FIELDS),
    "special_procedures": (SpecialProcedure, SPECIAL_PROCEDURE_FIELDS),
}
LANGUAGE_SUFFIXES = {"_bo": _("(Tibetan)"), "_en": _("(English)")}


def with_translations(
    model: type[models.Model], names: tuple[str, ...]
) -> tuple[str, ...]:
    """Each translated field followed by its Tibetan and English columns, so every
    piece of catalogue content can be entered in all three languages."""
    translated = set(translated_fields(model))
    expanded: list[str] = []
    for name in names:
        expanded.append(name)
        if name in translated:
            expanded.extend((f"{name}_bo", f"{name}_en"))
    return tuple(expanded)


def _model_field(model: type[models.Model], name: str) -> forms.Field:
    suffix = name[-3:] if name.endswith(tuple(LANGUAGE_SUFFIXES)) else ""
    base = name.removesuffix(suffix) if suffix else name
    model_field = model._meta.get_field(base)
    if not isinstance(model_field, models.Field):
        raise LookupError(f"{model.__name__}.{base} is not a concrete field")
    if isinstance(model_field, models.URLField):
        # Guide addresses are government portals, served over HTTPS.
        field = model_field.formfield(assume_scheme="https")
    else:
        field = model_field.formfield()
    if field is None:  # a listed name that is not an editable model field
        raise LookupError(f"{model.__name__}.{base} has no form field")
    known = reference_choices(base)
    if known is not None and isinstance(field, forms.CharField):
        # A code of another app: pick one that exists (the service checks it too).
        field = forms.ChoiceField(
            label=field.label,
            help_text=field.help_text,
            required=False,
            choices=[("", "—"), *known],
        )
    if suffix:
        field.required = False
        field.label = f"{field.label} {LANGUAGE_SUFFIXES[suffix]}"
    if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
        field.widget.attrs.update(rows=3)
    return field


class ModelFieldsForm(forms.Form):
    """A form with the named fields of ``model``, initialised from ``instance``."""

    def __init__(
        self,
        *args: Any,
        model: type[models.Model],
        names: tuple[str, ...],
        instance: models.Model | None = None,
        **kwargs: Any,
    ) -> None:
        names = with_translations(model, names)
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: _stored(instance, name) for name in names}
        super().__init__(*args, **kwargs)
        for name in names:
            self.fields[name] = field = _model_field(model, name)
            stored = self.initial.get(name)
            if name in FIELD_KINDS and stored and isinstance(field, forms.ChoiceField):
                choices = cast(list[tuple[str, str]], field.choices)
                if stored not in {value for value, _label in choices}:
                    # Keep a code that names nothing (yet) visible, so saving another
                    # field neither drops it silently nor hides why it is refused.
                    field.choices = [*choices, (stored, stored)]

    def changes(self) -> dict[str, Any]:
        """The cleaned values as service keyword arguments (the model fields' form
        fields already turn blank numbers into None)."""
        return dict(self.cleaned_data)


def _stored(instance: models.Model, name: str) -> Any:
    # Translated fields: the Chinese column, not the active language's fallback.
    zh = f"{name}_zh_hans"
    if hasattr(instance, zh):
        return getattr(instance, zh)
    return getattr(instance, name)


def version_form(version: ImplementationVersion, data: Any = None) -> ModelFieldsForm:
    return ModelFieldsForm(
        data, model=ImplementationVersion, names=VERSION_FIELDS, instance=version
    )


def child_form(
    kind: str, data: Any = None, instance: models.Model | None = None
) -> ModelFieldsForm:
    model, names = CHILD_FORM_FIELDS[kind]
    return ModelFieldsForm(data, model=model, names=names, instance=instance)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("review comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("effective from"),
        # ISO whatever the language: a date input only accepts YYYY-MM-DD.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today publishes at once; a later date schedules the version."),
    )


def error_form(error: ValidationError | Problem) -> forms.Form:
    """A bound, field-less form holding a service error, for actions without input
    (submit, start a draft)."""
    form = forms.Form(data={})
    form.is_valid()  # binds cleaned_data, which add_error needs
    show_service_error(form, error)
    return form


class NewItemForm(forms.Form):
    """A new implementation: of an existing basic item named by its code, or of a new
    basic item when the code is not yet in the basic catalogue (then name and type are
    needed, and only a region-wide catalogue manager may add it)."""

    basic_code = forms.CharField(label=_("basic code"), max_length=50)
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    name_bo = forms.CharField(
        label=_("name") + " " + str(LANGUAGE_SUFFIXES["_bo"]),
        max_length=200,
        required=False,
    )
    name_en = forms.CharField(
        label=_("name") + " " + str(LANGUAGE_SUFFIXES["_en"]),
        max_length=200,
        required=False,
    )
    item_type = forms.ChoiceField(
        label=_("item type"), choices=[("", "—"), *ItemType.choices], required=False
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("implementing body"), queryset=Organisation.objects.none()
    )
    exercise_level = forms.TypedChoiceField(
        label=_("exercise level"),
        choices=[("", "—"), *Organisation.ExerciseLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave empty to use the implementing body's own level."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]  # declared above as a ModelChoiceField

    def clean_basic_code(self) -> str:
        return str(self.cleaned_data["basic_code"]).strip().upper()
