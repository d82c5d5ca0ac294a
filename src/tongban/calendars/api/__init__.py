"""Calendars API: public deadlines and year days, internal notice entry."""
