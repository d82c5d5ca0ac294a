"""What every object with a lifecycle stores: its clock, and its history rows.

``ClockFields`` is mixed into a model whose limit runs on working days of its region (a
ticket, a rectification, a 督办 order); ``HistoryRow`` is the append-only row of one
transition, subclassed with a foreign key named by the lifecycle's ``history_subject``.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.lifecycle.domain.clock import ClockState, Span


class ClockFields(models.Model):
    class Unit(models.TextChoices):
        WORKING = "working", _("working days")
        NATURAL = "natural", _("natural days")

    clock_limit = models.PositiveIntegerField(
        _("time limit (days)"), null=True, blank=True
    )
    clock_unit = models.CharField(
        _("unit of the time limit"), max_length=8, choices=Unit, default=Unit.WORKING
    )
    clock_started_on = models.DateField(_("limit runs from"), null=True, blank=True)
    clock_extension = models.PositiveIntegerField(_("days of extension"), default=0)
    clock_pauses = models.JSONField(default=list, blank=True)  # [[start, end|null], …]
    clock_stopped_on = models.DateField(_("limit stopped on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)

    class Meta:
        abstract = True

    def clock_state(self) -> ClockState:
        return ClockState(
            limit=self.clock_limit,
            unit=self.clock_unit,
            started_on=self.clock_started_on,
            extension=self.clock_extension,
            paused=tuple(_span(pair) for pair in self.clock_pauses),
            stopped_on=self.clock_stopped_on,
        )

    def clock_store(self, state: ClockState) -> None:
        self.clock_limit = state.limit
        self.clock_unit = state.unit
        self.clock_started_on = state.started_on
        self.clock_extension = state.extension
        self.clock_pauses = [
            [start.isoformat(), end.isoformat() if end else None]
            for start, end in state.paused
        ]
        self.clock_stopped_on = state.stopped_on


def _span(pair: Any) -> Span:
    start, end = pair
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None


class HistoryRow(models.Model):
    """One transition, append-only. Subclasses add ``<subject> = ForeignKey(…,
    related_name="events")``."""

    event = models.CharField(_("event"), max_length=32)
    from_state = models.CharField(max_length=24)
    to_state = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(max_length=20)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        abstract = True
        ordering = ["id"]
