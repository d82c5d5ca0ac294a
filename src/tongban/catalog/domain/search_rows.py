"""The values of a guide's search row (``models.SearchEntry``) from its source fields:
pure, so the services and the migration that fills the table apply one rule."""

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

# What a search row is made of, as ``values()`` names it from a version.
SOURCE_FIELDS = (
    "id",
    "implementation_id",
    "effective_from",
    "cancel_from",
    "implementation__code",
    "implementation__basic_item_id",
    "implementation__basic_item__code",
    "implementation__organisation_id",
)


def _values(row: dict[str, Any], next_from: Any) -> dict[str, Any]:
    until = [d for d in (row["cancel_from"], next_from) if d is not None]
    basic_code = row["implementation__basic_item__code"]
    return {
        "version_id": row["id"],
        "implementation_id": row["implementation_id"],
        "basic_item_id": row["implementation__basic_item_id"],
        "organisation_id": row["implementation__organisation_id"],
        "implementation_code": row["implementation__code"],
        "basic_code": basic_code,
        "sort_key": f"{basic_code} {row['implementation__code']}",
        "live_from": row["effective_from"],
        "live_until": min(until) if until else None,
    }


def entry_values(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The search row of each published version, from rows of ``SOURCE_FIELDS`` ordered
    by implementation and effective date. A version is live from its effective date
    until its cancellation date or the next published version's effective date,
    whichever comes first: the rule ``selectors.live_versions`` applies."""
    for _implementation, versions in groupby(
        rows, key=lambda r: r["implementation_id"]
    ):
        ordered = list(versions)
        for index, row in enumerate(ordered):
            later = [
                r["effective_from"]
                for r in ordered[index + 1 :]
                if r["effective_from"] > row["effective_from"]
            ]
            yield _values(row, later[0] if later else None)
