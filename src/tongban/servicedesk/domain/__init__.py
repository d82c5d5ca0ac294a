"""Pure service-desk rules: ticket types and their limits, the lifecycle table, routing,
the overdue ladder and the text checks. No Django, no ORM."""
