"""Regions API: divisions, organisations, halls (public read, internal scoped write)."""
