"""Keeps the search rows (``models.SearchEntry``) equal to the published guides.

``search_entries_refresh`` rewrites the rows of some implementations (or of all, for a
rebuild after a bulk load) from their published versions; the catalogue services call
it in their own transaction whenever what the search finds changes, so a search never
shows a withdrawn guide or misses a new one. It is idempotent, so running it for an
implementation whose rows are already right writes the same rows again.
"""

from collections.abc import Iterable

from django.db import transaction

from tongban.catalog.domain.search_rows import SOURCE_FIELDS, entry_values
from tongban.catalog.models import (
    BasicItem,
    Implementation,
    ImplementationVersion,
    SearchEntry,
)

_BATCH = 2000


@transaction.atomic
def search_entries_refresh(*, implementation_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search rows of these implementations (all when ``None``); returns
    how many rows there are now."""
    published = ImplementationVersion.objects.filter(
        status=ImplementationVersion.Status.PUBLISHED,
        effective_from__isnull=False,
        implementation__status=Implementation.Status.ACTIVE,
        implementation__basic_item__status=BasicItem.Status.ACTIVE,
    )
    stale = SearchEntry.objects.all()
    if implementation_ids is not None:
        ids = list(implementation_ids)
        published = published.filter(implementation_id__in=ids)
        stale = stale.filter(implementation_id__in=ids)
    stale.delete()
    rows = published.order_by("implementation_id", "effective_from", "id").values(
        *SOURCE_FIELDS
    )
    made = 0
    batch: list[SearchEntry] = []
    for values in entry_values(rows.iterator(chunk_size=_BATCH)):
        batch.append(SearchEntry(**values))
        if len(batch) == _BATCH:
            made += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    return made + len(SearchEntry.objects.bulk_create(batch))
