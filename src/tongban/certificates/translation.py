"""Translated certificate type names (zh-hans default, bo, en), as in the catalogue."""

from modeltranslation.translator import TranslationOptions, register

from .models import CertificateType


@register(CertificateType)
class CertificateTypeTranslation(TranslationOptions):
    fields = ("name",)
