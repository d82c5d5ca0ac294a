"""Disclosure keeps no data of its own: every page is read from the live catalogue, halls,
cases and supervision figures (DOMAIN §10.2: one source, never separate copies)."""
