"""Translated content fields (zh-hans default, bo, en) via django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from tongban.calendars.models import CalendarDay, CalendarNotice


@register(CalendarNotice)
class CalendarNoticeTranslation(TranslationOptions):
    fields = ("title",)


@register(CalendarDay)
class CalendarDayTranslation(TranslationOptions):
    fields = ("name",)
