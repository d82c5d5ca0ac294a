"""Which fields of the catalogue rows are content: snapshotted for the audit and the
version diff, copied into a new draft, and writable through the API.

Read by the services (writes, copies) and the selectors (diffs) alike, so it lives beside
both rather than in either; it reads model metadata only, never rows.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from modeltranslation.translator import translator

from tongban.catalog.models import (
    Faq,
    Fee,
    FormField,
    ImplementationVersion,
    Material,
    SpecialProcedure,
)

CHILD_MODELS: dict[str, type[models.Model]] = {
    "materials": Material,
    "form_fields": FormField,
    "fees": Fee,
    "faqs": Faq,
    "special_procedures": SpecialProcedure,
}
KIND_OF = {model: kind for kind, model in CHILD_MODELS.items()}

# A version's own life-cycle fields: changed by the version services, never as content.
LIFECYCLE_FIELDS = (
    "implementation",
    "number",
    "status",
    "effective_from",
    "cancel_from",
    "created_by",
    "submitted_by",
    "reviewed_by",
    "review_comment",
    "created_at",
    "submitted_at",
    "reviewed_at",
    "published_at",
)


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    options: Any = translator.get_options_for_model(model)
    return tuple(options.fields)


def content_fields(
    model: type[models.Model], exclude: Iterable[str] = ()
) -> tuple[str, ...]:
    """Concrete fields, translations expanded, for snapshots and copies (the
    untranslated base column of a translated field is left out: ``_zh_hans`` carries
    it)."""
    translated = translated_fields(model)
    skip = {"id", "version", *exclude}
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.name not in skip and field.name not in translated
    )


def child_fields(model: type[models.Model]) -> tuple[str, ...]:
    return content_fields(model)


def child_writable(model: type[models.Model]) -> set[str]:
    translated = translated_fields(model)
    return (set(child_fields(model)) - {f"{n}_zh_hans" for n in translated}) | set(
        translated
    )


def version_fields() -> tuple[str, ...]:
    return content_fields(ImplementationVersion, exclude=LIFECYCLE_FIELDS)


def version_writable() -> set[str]:
    translated = translated_fields(ImplementationVersion)
    base = set(version_fields()) - {f"{name}_zh_hans" for name in translated}
    return base | set(translated)
