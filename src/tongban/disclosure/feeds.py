"""The Atom feed of changes (信息公开 动态): newly published catalogue versions and new
results publicity entries, newest first. Entries link to the public pages."""

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from tongban.catalog import selectors as catalog_selectors
from tongban.disclosure import selectors


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Tongban public disclosure: changes")
    subtitle = _("Published service guides and decisions, newest first.")

    def link(self) -> str:
        return reverse("disclosure:index")

    def items(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        versions = catalog_selectors.live_versions().order_by("-published_at")[:30]
        for version in versions:
            entries.append(
                {
                    "title": f"{version.implementation.basic_item.name} v{version.number}",
                    "link": reverse(
                        "catalog:guide", args=[version.implementation.code]
                    ),
                    "when": version.published_at or timezone.now(),
                    "text": version.change_summary or "",
                }
            )
        rows, _total = selectors.results(limit=30)
        for row in rows:
            when = row.closed_on or timezone.localdate()
            entries.append(
                {
                    "title": f"{row.item} · {row.number} · {row.decision}",
                    "link": reverse("disclosure:results") + f"#{row.number}",
                    "when": datetime.datetime.combine(
                        when, datetime.time(12), tzinfo=timezone.get_current_timezone()
                    ),
                    "text": f"{row.organisation} · {row.applicant}",
                }
            )
        return sorted(entries, key=lambda e: e["when"], reverse=True)[:50]

    def item_title(self, item: dict[str, Any]) -> str:
        return str(item["title"])

    def item_link(self, item: dict[str, Any]) -> str:
        return str(item["link"])

    def item_description(self, item: dict[str, Any]) -> str:
        return str(item["text"])

    def item_updateddate(self, item: dict[str, Any]) -> datetime.datetime:
        when: datetime.datetime = item["when"]
        return when

    def item_pubdate(self, item: dict[str, Any]) -> datetime.datetime:
        when: datetime.datetime = item["when"]
        return when

    def item_guid(self, item: dict[str, Any]) -> str:
        return f"{item['link']}@{item['when'].isoformat()}"
