"""The catalogue search as it was before the search rows (issue 12), kept so that
``bench.catalog`` measures before and after in the same run on a shared machine: the
live guides through ``selectors.live_versions`` (an anti-join on newer versions), names
matched on the basic items, ranked and sorted on the joined item and implementation
rows. Not used by the application."""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from tongban.catalog.domain.search_keys import normalise_query
from tongban.catalog.models import BasicItem, ImplementationVersion
from tongban.catalog.search import RANK_CODE, RANK_CONTAINS, RANK_PREFIX
from tongban.catalog.selectors import live_versions
from tongban.regions import selectors as region_selectors


class SearchBefore:
    def search(
        self,
        query: str,
        *,
        division_prefix: str = "",
        today: datetime.date | None = None,
    ) -> QuerySet[ImplementationVersion]:
        versions = live_versions(today=today)
        if division_prefix:
            versions = versions.filter(
                implementation__division__prefix__startswith=division_prefix
            )
        text = (query or "").strip()
        if not text:
            return versions.annotate(rank=Value(RANK_CONTAINS)).order_by(
                "implementation__basic_item__code", "implementation__code"
            )
        key = normalise_query(text)
        pinyin = key.isascii() and key.isalnum()
        code = text.upper()
        exact = Q(implementation__code=code) | Q(implementation__basic_item__code=code)
        prefix = Q(implementation__basic_item__name_zh_hans__startswith=text)
        if pinyin:
            prefix |= Q(implementation__basic_item__search_initials__startswith=key)
            prefix |= Q(implementation__basic_item__search_pinyin__startswith=key)
        rank = Case(
            When(exact, then=Value(RANK_CODE)),
            When(prefix, then=Value(RANK_PREFIX)),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
        return (
            versions.filter(_candidates(text, key if pinyin else "", code))
            .annotate(rank=rank)
            .order_by(
                "rank", "implementation__basic_item__code", "implementation__code"
            )
        )


def _candidates(text: str, key: str, code: str) -> Q:
    """Versions whose item, implementing body or implementation code matches.

    Names are matched on the small tables first (basic items: about a thousand rows;
    organisations: a few hundred), so the large version table is reached through
    indexed id lists instead of an OR across joins evaluated on every live guide (700 ms
    on 100,000 implementations, bench/catalog.py)."""
    names = (
        Q(name_zh_hans__icontains=text)
        | Q(name_bo__icontains=text)
        | Q(name_en__icontains=text)
        | Q(code__startswith=code)
    )
    if key:
        names |= Q(search_initials__contains=key) | Q(search_pinyin__contains=key)
    item_ids = list(BasicItem.objects.filter(names).values_list("id", flat=True))
    organisation_ids = region_selectors.organisation_ids_named(text=text)
    candidates = Q(implementation__basic_item_id__in=item_ids) | Q(
        implementation__organisation_id__in=organisation_ids
    )
    if _looks_like_code(code):
        # Only a code-shaped query can prefix an implementation code; for names the
        # OR would scan every implementation (a sequential scan for 拉萨 on 98,400 guides).
        candidates |= Q(implementation__code__startswith=code)
    return candidates


def _looks_like_code(text: str) -> bool:
    """Implementation codes are USCC + level + basic code: ASCII letters and digits
    (GB 32100, GB/T 39554.1). Pinyin keys are letters only, names are not ASCII."""
    return (
        len(text) >= 6
        and text.isascii()
        and text.isalnum()
        and any(c.isdigit() for c in text)
    )
