"""Service-desk writes: intake, the one lifecycle writer and its actions, the sweep, the
knowledge base and routing rules."""
