"""Translated content fields (zh-hans default, bo, en) via django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from tongban.appointments.models import ServiceGroup


@register(ServiceGroup)
class ServiceGroupTranslation(TranslationOptions):
    fields = ("name",)
