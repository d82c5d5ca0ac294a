"""Knowledge-base text in three languages (zh-hans default, bo, en) via
django-modeltranslation, as the catalogue's guide content."""

from modeltranslation.translator import TranslationOptions, register

from tongban.servicedesk.models import KnowledgeEntry


@register(KnowledgeEntry)
class KnowledgeEntryTranslation(TranslationOptions):
    fields = ("question", "answer")
