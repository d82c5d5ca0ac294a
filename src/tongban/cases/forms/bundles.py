"""The one form of a 一件事 bundle: each merged field once (``form_<key>``), one file per
merged material (``material_<n>``, n its place in the merged checklist), and at a counter a
"paper original seen" box per material. The service checks everything again and reports by
``form.<key>`` / ``materials.<merged key>``, or ``<item code>.<field>`` for a sub-case's own
refusal; ``field_for`` puts each on its input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.cases.forms.common import (
    CLIENT_KEY,
    PROFILE_KEYS,
    ServiceErrorsMixin,
    form_field,
    new_client_key,
)


class BundleApplicationForm(ServiceErrorsMixin, forms.Form):
    client_key = forms.RegexField(regex=CLIENT_KEY, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        resolved: Any,
        applicant: Any = None,
        counter: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_key", new_client_key())
        super().__init__(*args, **kwargs)
        self.resolved = resolved
        self.counter = counter
        for merged in resolved.fields:
            name = f"form_{merged.key}"
            self.fields[name] = form_field(merged.row)
            profile = PROFILE_KEYS.get(merged.key)
            if applicant is not None and profile:
                self.initial.setdefault(name, getattr(applicant, profile, ""))
        for index, merged in enumerate(resolved.materials):
            self.fields[f"material_{index}"] = forms.FileField(
                label=merged.row.name, required=False
            )
            if counter:
                self.fields[f"original_{index}"] = forms.BooleanField(
                    label=_("Paper original seen"), required=False
                )

    def form_inputs(self) -> list[dict[str, Any]]:
        return [
            {"field": self[f"form_{m.key}"], "required": m.required, "merged": m}
            for m in self.resolved.fields
        ]

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "merged": merged,
                "file": self[f"material_{index}"],
                "original": self[f"original_{index}"] if self.counter else None,
                "items": [
                    self.resolved.part_for(code).item.implementation.name
                    for code in merged.items
                ],
            }
            for index, merged in enumerate(self.resolved.materials)
        ]

    def form_data(self) -> dict[str, str]:
        return {
            m.key: value.strip()
            for m in self.resolved.fields
            if (value := self.cleaned_data.get(f"form_{m.key}")) and value.strip()
        }

    def materials(self) -> list[dict[str, Any]]:
        given = []
        for index, merged in enumerate(self.resolved.materials):
            upload = self.cleaned_data.get(f"material_{index}")
            seen = bool(self.cleaned_data.get(f"original_{index}"))
            if upload or seen:
                item: dict[str, Any] = {"material": merged.key}
                if upload:
                    item["file"] = upload
                if seen:
                    item["original_seen"] = True
                given.append(item)
        return given

    def field_for(self, name: str) -> str | None:
        codes = {part.code for part in self.resolved.parts}
        head, _dot, rest = name.partition(".")
        if head in codes and rest:  # a sub-case's own refusal: the tail is its field
            name = rest
        if name.startswith("form."):
            return super().field_for("form_" + name[5:])
        if name.startswith("materials."):
            key = name[len("materials.") :]
            for index, merged in enumerate(self.resolved.materials):
                if merged.key == key or any(
                    str(row.pk) == key for _code, row in merged.uses
                ):
                    return f"material_{index}"
        return super().field_for(name)
