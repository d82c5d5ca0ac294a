"""API kernel: problem+json errors, pagination, throttling, the /api/v1 roots."""
