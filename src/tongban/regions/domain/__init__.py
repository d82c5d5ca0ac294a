"""Pure rules of divisions and organisations (no ORM)."""
