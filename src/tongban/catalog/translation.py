"""Translated catalogue content (zh-hans default, bo, en) via
django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from tongban.catalog.models import (
    BasicItem,
    Bundle,
    Faq,
    Fee,
    FormField,
    ImplementationVersion,
    Material,
    SpecialProcedure,
)

VERSION_TEXT_FIELDS = (
    "statutory_note",
    "promised_note",
    "onsite_reason",
    "conditions",
    "quantity_limit",
    "process_description",
    "fee_basis",
    "location",
    "hours",
    "consultation",
    "complaint",
    "result_name",
)


@register(BasicItem)
class BasicItemTranslation(TranslationOptions):
    fields = ("name", "legal_basis")


@register(ImplementationVersion)
class ImplementationVersionTranslation(TranslationOptions):
    fields = VERSION_TEXT_FIELDS


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("name", "acceptance_standard", "notes")


@register(FormField)
class FormFieldTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(Fee)
class FeeTranslation(TranslationOptions):
    fields = ("name", "standard")


@register(Faq)
class FaqTranslation(TranslationOptions):
    fields = ("question", "answer")


@register(SpecialProcedure)
class SpecialProcedureTranslation(TranslationOptions):
    fields = ("name",)


@register(Bundle)
class BundleTranslation(TranslationOptions):
    fields = ("name", "summary", "conditions", "process_description", "delivery_note")
