"""Catalogue API: public search and guides, internal scoped writes."""
