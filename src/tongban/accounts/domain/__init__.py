"""Pure rules of roles and identity (no ORM)."""
