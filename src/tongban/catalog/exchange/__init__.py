"""Import and export of the catalogue in the national exchange field shape."""
