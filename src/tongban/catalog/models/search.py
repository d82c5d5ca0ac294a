"""The denormalised search row of a published guide (``SearchEntry``).

One row per published version of an active implementation of an active basic item,
kept by ``services.search_index`` in the transaction of every write that changes what
the search finds (publication, withdrawal, supersession). The row carries what a query
matches, ranks and sorts on, each with its own index, so the database search reads one
narrow table instead of joining the version, implementation and item tables and
anti-joining newer versions for every live guide, then sorting the wide joined rows.

Names are not copied here: they are uniform across implementations (clause 5.2a), so
the search matches them on the basic items (a thousand rows, every language and the
pinyin keys) and reaches the guides by ``basic_item_id``. A trigram index over a
per-guide text was tried and measured: it cannot serve two-character Chinese queries
(拉萨, 营业: no trigram), which then scanned every guide.

Liveness is a date window, not a flag: a version is live on ``today`` when
``live_from <= today < live_until`` (``live_until`` is the earlier of its cancellation
date and the next published version's effective date), which is what
``selectors.live_versions`` computes, so a scheduled publication or withdrawal needs no
sweep to show in the search. Replaceable: an OpenSearch backend would index the same
rows.
"""

from django.db import models


class SearchEntry(models.Model):
    version = models.OneToOneField(
        "catalog.ImplementationVersion",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    implementation = models.ForeignKey(
        "catalog.Implementation", on_delete=models.CASCADE, related_name="+"
    )
    # Copies of the implementation's, so every condition stays on this table.
    # Indexed by ``catalog_search_item_live_idx`` (its first column): a second, plain
    # index made PostgreSQL count through it with a heap fetch per row instead of the
    # covering index alone (32 against 22 ms for 53,218 rows).
    basic_item = models.ForeignKey(
        "catalog.BasicItem",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # db_index on a CharField also gives PostgreSQL its LIKE-prefix index.
    implementation_code = models.CharField(max_length=50, db_index=True)
    basic_code = models.CharField(max_length=50)
    sort_key = models.CharField(max_length=101)
    live_from = models.DateField()
    live_until = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["sort_key"], name="catalog_search_sort_idx"),
            # Counting half the catalogue (许可证) from the index alone, on PostgreSQL
            # (SQLite has no covering indexes: it makes a plain index of it).
            models.Index(
                fields=["basic_item"],
                include=["version", "live_from", "live_until"],
                name="catalog_search_item_live_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"search entry of version {self.version_id}"
