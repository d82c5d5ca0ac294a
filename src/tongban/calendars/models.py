"""Working-day calendars: official notices, the days they arrange, and published years.

Scope: a row whose ``division`` is empty belongs to the **national** calendar (the State
Council's 放假调休安排); otherwise to that division (自治区, 地市, 县区). A division's
calendar is the national one overlaid by each ancestor's days, the nearest scope
winning for a date (county over prefecture over region over national). Holiday names
and notice titles are translated fields (``name_zh_hans``, ``name_bo``, ``name_en``;
see ``translation.py``).
Rows change only through ``services.calendar_notice_apply``.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.regions.models import Division


class CalendarNotice(models.Model):
    """An official notice (放假通知) arranging one year for one scope: the source
    document."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the national calendar."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("document number"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("date of issue"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    # Where the arrangement is known from, and what is not known (a notice read in a
    # press report, a document number not found): a notice is only as good as its
    # source.
    source = models.TextField(_("source"), blank=True)
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("calendar notice")
        verbose_name_plural = _("calendar notices")
        ordering = ["-year", "division__code", "issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "number"], name="calendar_notice_number_unique"
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(division__isnull=True),
                name="calendar_notice_national_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CalendarDay(models.Model):
    """One day off or make-up workday of a scope, named after its holiday."""

    class Kind(models.TextChoices):
        OFF = "off", _("day off")
        WORK = "work", _("make-up workday")

    notice = models.ForeignKey(
        CalendarNotice,
        verbose_name=_("notice"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    # Copy of notice.division, so "one rule per scope and date" is a database
    # constraint.
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=100)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "date"], name="calendar_day_unique"
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(division__isnull=True),
                name="calendar_day_national_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["off", "work"]), name="calendar_day_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year published for a scope: its notice is entered, so its days are facts."""

    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    notice = models.ForeignKey(
        CalendarNotice,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("published calendar year")
        verbose_name_plural = _("published calendar years")
        ordering = ["-year", "division__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "year"], name="calendar_year_unique"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(division__isnull=True),
                name="calendar_year_national_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.division or _('national')}"
