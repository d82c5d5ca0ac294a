"""Working-day calendars per region, official notices, and the deadline engine."""
