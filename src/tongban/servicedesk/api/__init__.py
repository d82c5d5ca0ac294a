"""Service-desk API: public (requesters) and internal (agents, dispatchers, units)."""
