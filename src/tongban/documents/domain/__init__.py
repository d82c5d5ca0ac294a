"""Pure checks of uploaded bytes and names (no ORM)."""
