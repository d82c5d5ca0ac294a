"""Translated content fields (zh-hans default, bo, en) via django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from tongban.regions.models import Division, Hall, HallClosure, Organisation, Window


@register(Division)
class DivisionTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)


@register(Hall)
class HallTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Window)
class WindowTranslation(TranslationOptions):
    fields = ("name",)


@register(HallClosure)
class HallClosureTranslation(TranslationOptions):
    fields = ("reason",)
