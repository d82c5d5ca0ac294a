"""Catalogue models: basic items, implementations, versions and their child rows."""

from tongban.catalog.models.bundles import Bundle, BundleItem
from tongban.catalog.models.content import (
    Faq,
    Fee,
    FormField,
    Material,
    SpecialProcedure,
)
from tongban.catalog.models.items import BasicItem, Implementation
from tongban.catalog.models.search import SearchEntry
from tongban.catalog.models.versions import ImplementationVersion

__all__ = [
    "BasicItem",
    "Bundle",
    "BundleItem",
    "Faq",
    "Fee",
    "FormField",
    "Implementation",
    "ImplementationVersion",
    "Material",
    "SearchEntry",
    "SpecialProcedure",
]
