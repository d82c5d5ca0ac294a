"""Pure payment rules (no Django)."""
