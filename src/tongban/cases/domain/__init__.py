"""Pure case rules (no ORM): the transition table, lights, case numbers."""
