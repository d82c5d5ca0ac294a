"""Catalogue writes. Every function is keyword-only, checks the actor's scope, validates
and appends an audit row in one transaction (STYLE.md rules 3–4)."""

from tongban.catalog.services.content import (
    child_add,
    child_delete,
    child_update,
)
from tongban.catalog.services.items import (
    basic_item_create,
    basic_item_update,
    implementation_create,
    item_start,
)
from tongban.catalog.services.search_index import search_entries_refresh
from tongban.catalog.services.versions import (
    version_approve,
    version_cancel,
    version_draft,
    version_publish,
    version_reject,
    version_submit,
    version_update,
    versions_sweep,
)

__all__ = [
    "basic_item_create",
    "basic_item_update",
    "child_add",
    "child_delete",
    "child_update",
    "implementation_create",
    "item_start",
    "search_entries_refresh",
    "version_approve",
    "version_cancel",
    "version_draft",
    "version_publish",
    "version_reject",
    "version_submit",
    "version_update",
    "versions_sweep",
]
