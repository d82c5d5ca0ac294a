"""Appointments (预约) and queue calling (取号 / 叫号) at a hall.

A hall's windows are grouped by what they serve (A: integrated intake, B: pickup …). Each
group has its own slots and capacity for appointments and its own run of queue numbers per
day. The places booked in a slot are counted in ``SlotLoad`` under a row lock, so two people
booking the last place at once get one booking and one clear refusal.
"""

import uuid
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Applicant
from tongban.appointments.domain.queue import Priority
from tongban.catalog.models import Implementation
from tongban.lifecycle.models import HistoryRow
from tongban.regions.models import Hall, Window


class ServiceGroup(models.Model):
    """窗口分组: windows that serve the same items and share one queue."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(
        _("queue letter"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{1,2}$", _("One or two capital letters."))],
    )
    name = models.CharField(_("name"), max_length=100)
    windows: "models.ManyToManyField[Window, Any]" = models.ManyToManyField(
        Window, related_name="+", blank=True
    )
    items: "models.ManyToManyField[Implementation, Any]" = models.ManyToManyField(
        Implementation, related_name="+", blank=True
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per slot"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("appointments per slot"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    book_days_ahead = models.PositiveSmallIntegerField(
        _("days ahead that can be booked"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("window group")
        verbose_name_plural = _("window groups")
        ordering = ["hall", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "code"], name="service_group_code_unique_in_hall"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SlotLoad(models.Model):
    """How many places of one slot are booked (the row booking locks)."""

    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    start = models.TimeField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "day", "start"], name="slot_load_unique"
            ),
            models.CheckConstraint(
                condition=Q(booked__gte=0), name="slot_load_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.start:%H:%M} {self.booked}"


class Appointment(models.Model):
    class State(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        CHECKED_IN = "checked_in", _("checked in")
        NO_SHOW = "no_show", _("not attended")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("booking code"), max_length=8, unique=True)
    group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        Implementation,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    day = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))
    state = models.CharField(
        _("state"), max_length=12, choices=State, default=State.BOOKED
    )
    language = models.CharField(max_length=10, default="zh-hans")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["day", "start"]
        indexes = [
            models.Index(fields=["applicant", "state", "day"]),
            models.Index(fields=["state", "day"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="appointment_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.day} {self.start:%H:%M}"


class AppointmentEvent(HistoryRow):
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(HistoryRow.Meta):
        verbose_name = _("appointment event")
        verbose_name_plural = _("appointment events")


class QueueCounter(models.Model):
    """The last number given in a group on a day (locked to give the next)."""

    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "day"], name="queue_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.last}"


class QueueTicket(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        DONE = "done", _("served")
        SKIPPED = "skipped", _("missed")
        CANCELLED = "cancelled", _("cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of their own for ``group`` and ``window``: each is the first column of
    # an index below (the number's uniqueness, the window's day), and every call of a
    # number is an update that writes every index of the row (not HOT: its state and
    # window change); two fewer to write.
    group = models.ForeignKey(
        ServiceGroup, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    day = models.DateField()
    number = models.PositiveIntegerField()
    label = models.CharField(_("number"), max_length=8)
    priority = models.CharField(
        _("priority"),
        max_length=12,
        choices=[(p.value, p.value) for p in Priority],
        default=Priority.NORMAL,
    )
    rank = models.PositiveSmallIntegerField(default=2)
    state = models.CharField(
        _("state"), max_length=12, choices=State, default=State.WAITING
    )
    window = models.ForeignKey(
        Window,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    appointment = models.OneToOneField(
        Appointment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ticket",
    )
    language = models.CharField(max_length=10, default="zh-hans")
    recalls = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    serving_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # The case the clerk then took in (written by the cases app, which sits above).
    # As long as a case number can be (``cases.Case.number``).
    case_number = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["day", "rank", "created_at", "id"]
        indexes = [
            models.Index(
                fields=["group", "day", "rank", "created_at", "id"],
                condition=Q(state="waiting"),
                name="queue_ticket_waiting",
            ),
            models.Index(fields=["window", "day", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "day", "number"], name="queue_ticket_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.day}"


class QueueTicketEvent(HistoryRow):
    ticket = models.ForeignKey(
        QueueTicket, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(HistoryRow.Meta):
        verbose_name = _("queue ticket event")
        verbose_name_plural = _("queue ticket events")
