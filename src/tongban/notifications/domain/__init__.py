"""Pure rules of the outbox (no Django)."""
