"""Catalogue search behind a small interface, so OpenSearch can replace the database.

``DatabaseSearch`` matches the live guides on implementation and basic codes, Chinese,
Tibetan and English names, the implementing body's name, and the pinyin keys stored on
the basic item (``yyzz`` finds 营业执照). Ranking happens in SQL: an exact code first,
then prefixes of the name or its pinyin, then anything containing the query.
"""

import datetime
from typing import Protocol

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from tongban.catalog.domain.search_keys import normalise_query
from tongban.catalog.models import ImplementationVersion
from tongban.catalog.selectors import live_versions

RANK_CODE, RANK_PREFIX, RANK_CONTAINS = 0, 1, 2


class CatalogSearch(Protocol):
    def search(
        self,
        query: str,
        *,
        division_prefix: str = "",
        today: datetime.date | None = None,
    ) -> QuerySet[ImplementationVersion]: ...


class DatabaseSearch:
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
        key = normalise_query(text)
        if not text:
            return versions.annotate(rank=Value(RANK_CONTAINS)).order_by(
                "implementation__basic_item__code", "implementation__code"
            )
        code = text.upper()
        exact = Q(implementation__code=code) | Q(implementation__basic_item__code=code)
        prefix = Q(implementation__basic_item__name_zh_hans__startswith=text)
        contains = (
            Q(implementation__basic_item__name_zh_hans__icontains=text)
            | Q(implementation__basic_item__name_bo__icontains=text)
            | Q(implementation__basic_item__name_en__icontains=text)
            | Q(implementation__organisation__name_zh_hans__icontains=text)
            | Q(implementation__organisation__name_bo__icontains=text)
            | Q(implementation__code__startswith=code)
            | Q(implementation__basic_item__code__startswith=code)
        )
        if key.isascii() and key.isalnum():
            prefix |= Q(implementation__basic_item__search_initials__startswith=key)
            prefix |= Q(implementation__basic_item__search_pinyin__startswith=key)
            contains |= Q(implementation__basic_item__search_initials__contains=key)
            contains |= Q(implementation__basic_item__search_pinyin__contains=key)
        rank = Case(
            When(exact, then=Value(RANK_CODE)),
            When(prefix, then=Value(RANK_PREFIX)),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
        return (
            versions.filter(exact | prefix | contains)
            .annotate(rank=rank)
            .order_by(
                "rank", "implementation__basic_item__code", "implementation__code"
            )
        )


def get_search() -> CatalogSearch:
    return DatabaseSearch()
