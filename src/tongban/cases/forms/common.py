"""Shared by the applicant's and the counter's forms: the application form built from the
item's fields and checklist, and the mixin that puts a service's errors on the fields.

Each input takes at most the length ``form_values`` allows its field type. An identity
number saved in a draft is never written into the page: the input stays empty, says the
masked number, and an empty input keeps the saved one."""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongban.cases.services import form_values
from tongban.certificates import selectors as certificate_selectors
from tongban.sharing import selectors as sharing_selectors

CLIENT_KEY = r"^[A-Za-z0-9_-]{8,64}$"
PROFILE_KEYS = {  # form field keys the applicant's profile pre-fills
    "name": "name",
    "applicant_name": "name",
    "phone": "phone",
    "applicant_phone": "phone",
    "contact_phone": "phone",
    "mobile": "phone",
    "organisation_name": "name",
    "legal_representative": "legal_representative",
    "email": "email",
    "address": "address",
    "delivery_address": "address",
}


FETCHED_SOURCES = ("shared_data", "e_certificate")
SHARED_ONLINE = _(
    "Fetch it from the {source} for me: I agree that the office "
    "asks the {source} for my record for this application."
)
SHARED_AT_COUNTER = _(
    "Fetch it from the {source}: the applicant agrees that the office asks the "
    "{source} for their record for this application."
)


def new_client_key() -> str:
    return uuid.uuid4().hex


class ServiceErrorsMixin:
    """Puts a service's ``ValidationError`` on the fields it names (``form.<key>`` and
    ``materials.<id>`` are translated by ``field_for``), the rest above the form."""

    def field_for(self, name: str) -> str | None:
        return name if name in self.fields else None  # type: ignore[attr-defined]  # mixed into a Form

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)  # type: ignore[attr-defined]  # mixed into a Form
            return
        for name, messages in error.message_dict.items():
            self.add_error(self.field_for(name), messages)  # type: ignore[attr-defined]  # mixed into a Form


def _choice_pairs(choices: Iterable[Any]) -> list[tuple[str, str]]:
    # A choice may carry its label per language (label_bo, label_en); Chinese is the
    # fallback, as for every catalogue text.
    language = (get_language() or "zh-hans").split("-")[0]
    pairs = [("", "—")]
    for choice in choices:
        if isinstance(choice, Mapping):
            label = choice.get(f"label_{language}") or choice.get("label")
            pairs.append((str(choice.get("value")), str(label)))
        else:
            pairs.append((str(choice), str(choice)))
    return pairs


def form_field(field: Any) -> forms.Field:
    """The input for a catalogue form field (the service checks the value again)."""
    kwargs: dict[str, Any] = {
        "label": field.label,
        "help_text": field.help_text,
        "required": False,
    }
    attrs = {"aria-required": "true"} if field.required else {}
    if field.field_type == "choice":
        return forms.ChoiceField(
            choices=_choice_pairs(field.choices),
            widget=forms.Select(attrs=attrs),
            **kwargs,
        )
    widget: forms.Widget
    if field.field_type == "number":
        widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
    elif field.field_type == "date":
        widget = forms.DateInput(attrs={**attrs, "type": "date"})
    elif field.field_type in form_values.IDENTITY_KINDS:
        widget = forms.TextInput(attrs={**attrs, "autocomplete": "off"})
    else:
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(
        widget=widget, max_length=form_values.max_chars(field), **kwargs
    )


def _file_choices(draft_file: Any, earlier: Iterable[Any]) -> list[tuple[str, str]]:
    """The files an applicant may attach without uploading: the one in their draft, then
    their uploads for a material of the same name in earlier cases."""
    choices = [("", str(_("None: upload a file above, or attach nothing")))]
    if draft_file is not None:
        label = _("{name} (attached to your draft)").format(name=draft_file.name)
        choices.append((str(draft_file.uuid), str(label)))
    for stored in earlier:
        if draft_file is None or stored.pk != draft_file.pk:
            label = _("{name} (uploaded {date})").format(
                name=stored.name, date=stored.created_at.date().isoformat()
            )
            choices.append((str(stored.uuid), str(label)))
    return choices


class ApplicationForm(ServiceErrorsMixin, forms.Form):
    """The item's form fields and one file per checklist material; at a counter also
    a "paper original seen" box per material. Online, a material may instead take a file
    the applicant already has here (``stored_<id>``): the one in their draft, or an
    earlier upload for a material of the same name; the draft also pre-fills the fields."""

    client_key = forms.RegexField(regex=CLIENT_KEY, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        version: Any,
        applicant: Any = None,
        counter: bool = False,
        draft_form: Mapping[str, Any] | None = None,
        draft_files: Mapping[int, Any] | None = None,
        draft_consents: Mapping[str, Mapping[str, Any]] | None = None,
        earlier: Mapping[str, list[Any]] | None = None,
        prefill: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_key", new_client_key())
        super().__init__(*args, **kwargs)
        self.version = version
        self.counter = counter
        self.draft_files = dict(draft_files or {})
        self.kept: dict[str, Any] = {}  # sealed identity numbers of the draft
        for key, value in (draft_form or {}).items():
            if form_values.is_sealed(value):
                self.kept[key] = value
            else:
                self.initial[f"form_{key}"] = value
        for key, value in (prefill or {}).items():  # shared data, after the draft
            self.initial.setdefault(f"form_{key}", value)
        self.form_fields = list(version.form_fields.all())
        self.checklist = list(version.materials.all())
        for field in self.form_fields:
            self.fields[f"form_{field.key}"] = form_field(field)
            if field.key in self.kept:
                self.fields[f"form_{field.key}"].help_text = _(
                    "Saved in your draft: {masked}. Leave empty to keep it."
                ).format(masked=self.kept[field.key].get("masked", ""))
            profile = PROFILE_KEYS.get(field.key)
            if applicant is not None and profile:
                self.initial.setdefault(
                    f"form_{field.key}", getattr(applicant, profile, "")
                )
        for material in self.checklist:
            self.fields[f"material_{material.pk}"] = forms.FileField(
                label=material.name, required=False
            )
            source = sharing_selectors.source_by_code(material.data_source)
            if source is not None:
                # At the counter the clerk records the applicant's consent.
                label = SHARED_AT_COUNTER if counter else SHARED_ONLINE
                self.fields[f"shared_{material.pk}"] = forms.BooleanField(
                    label=label.format(
                        source=source.name_in(get_language() or "zh-hans")
                    ),
                    required=False,
                )
            self._offer_certificates(material, applicant)
            for name, value in (draft_consents or {}).get(str(material.pk), {}).items():
                if f"{name}_{material.pk}" in self.fields:
                    self.initial.setdefault(f"{name}_{material.pk}", value)
            if counter:
                self.fields[f"original_{material.pk}"] = forms.BooleanField(
                    label=_("Paper original seen"), required=False
                )
            draft_file = self.draft_files.get(material.pk)
            choices = _file_choices(draft_file, (earlier or {}).get(material.name, []))
            if len(choices) > 1:
                self.fields[f"stored_{material.pk}"] = forms.ChoiceField(
                    label=_("Or attach a file you already have here"),
                    choices=choices,
                    required=False,
                )
                if draft_file is not None:
                    self.initial[f"stored_{material.pk}"] = str(draft_file.uuid)
        self._attached: list[int] = []

    def _offer_certificates(self, material: Any, applicant: Any) -> None:
        """免提交: the applicant's valid certificates of the type the material names."""
        usable = certificate_selectors.usable_for(
            holder=applicant, type_code=material.e_certificate_type
        )
        if not usable:
            return
        self.fields[f"certificate_{material.pk}"] = forms.ChoiceField(
            label=_("Use the applicant's e-certificate instead of a copy")
            if self.counter
            else _("Use your e-certificate instead of a file"),
            choices=[("", "—")]
            + [
                (c.identifier, f"{c.certificate_type.name} {c.identifier}")
                for c in usable
            ],
            required=False,
        )
        self.fields[f"consent_{material.pk}"] = forms.BooleanField(
            label=_(
                "The applicant agrees that the office reads this certificate for "
                "this application."
            )
            if self.counter
            else _(
                "I agree that the office reads this certificate for this application."
            ),
            required=False,
        )

    def rows(self) -> list[dict[str, Any]]:
        """Checklist rows for the template: the material, its file input and its box."""
        return [
            {
                "material": material,
                "file": self[f"material_{material.pk}"],
                "original": self[f"original_{material.pk}"] if self.counter else None,
                "stored": self[f"stored_{material.pk}"]
                if f"stored_{material.pk}" in self.fields
                else None,
                "draft_file": self.draft_files.get(material.pk),
                "certificate": self[f"certificate_{material.pk}"]
                if f"certificate_{material.pk}" in self.fields
                else None,
                "consent": self[f"consent_{material.pk}"]
                if f"consent_{material.pk}" in self.fields
                else None,
                # Shared data and e-certificates are fetched, not uploaded: the
                # applicant's row shows no upload box — unless the material names a
                # data source, which may be down: then the upload is the fallback.
                "fetched": material.source in FETCHED_SOURCES
                and f"shared_{material.pk}" not in self.fields,
                "shared": self[f"shared_{material.pk}"]
                if f"shared_{material.pk}" in self.fields
                else None,
            }
            for material in self.checklist
        ]

    def form_inputs(self) -> list[dict[str, Any]]:
        return [
            {"field": self[f"form_{field.key}"], "required": field.required}
            for field in self.form_fields
        ]

    def form_data(self) -> dict[str, str]:
        data = {}
        for field in self.form_fields:
            value = str(self.cleaned_data.get(f"form_{field.key}") or "").strip()
            if not value and field.key in self.kept:
                value = form_values.reveal({field.key: self.kept[field.key]})[field.key]
            if value:
                data[field.key] = value
        return data

    def uploads(self) -> dict[int, Any]:
        """New files by material id (for a draft)."""
        return {
            m.pk: self.cleaned_data[f"material_{m.pk}"]
            for m in self.checklist
            if self.cleaned_data.get(f"material_{m.pk}")
        }

    def stored_files(self) -> dict[int, str]:
        """Files picked instead of an upload, by material id; a new upload wins."""
        uploads = self.uploads()
        return {
            m.pk: self.cleaned_data[f"stored_{m.pk}"]
            for m in self.checklist
            if self.cleaned_data.get(f"stored_{m.pk}") and m.pk not in uploads
        }

    def consents(self) -> dict[int, dict[str, Any]]:
        """The reuse choices on the page, kept in a draft (``draft_save``)."""
        chosen: dict[int, dict[str, Any]] = {}
        for material in self.checklist:
            choice = {
                name: self.cleaned_data.get(f"{name}_{material.pk}")
                for name in ("shared", "certificate", "consent")
            }
            if choice["shared"] or choice["certificate"]:
                chosen[material.pk] = choice
        return chosen

    def materials(self) -> list[dict[str, Any]]:
        attached = []
        uploads, picked = self.uploads(), self.stored_files()
        for material in self.checklist:
            upload = uploads.get(material.pk)
            stored = picked.get(material.pk)
            seen = bool(self.cleaned_data.get(f"original_{material.pk}"))
            shared = bool(self.cleaned_data.get(f"shared_{material.pk}"))
            certificate = self.cleaned_data.get(f"certificate_{material.pk}")
            if certificate and not upload:
                attached.append(
                    {
                        "material": material.pk,
                        "certificate": certificate,
                        "consent": bool(
                            self.cleaned_data.get(f"consent_{material.pk}")
                        ),
                    }
                )
                continue
            if upload or stored or seen or shared:
                item: dict[str, Any] = {"material": material.pk, "original_seen": seen}
                if shared:
                    item["shared"] = True
                if upload:
                    item["file"] = upload
                elif stored:
                    draft_file = self.draft_files.get(material.pk)
                    item["stored_file"] = stored
                    item["from_draft"] = bool(
                        draft_file and str(draft_file.uuid) == stored
                    )
                attached.append(item)
        self._attached = [item["material"] for item in attached]
        return attached

    def field_for(self, name: str) -> str | None:
        if name.startswith("form."):
            name = "form_" + name[5:]
        elif name.startswith("materials."):
            name = "material_" + name[10:]
        elif name.startswith("materials[") and "]" in name:
            index = int(name[10 : name.index("]")])
            if index < len(self._attached):
                name = f"material_{self._attached[index]}"
        return super().field_for(name)
