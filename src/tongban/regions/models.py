"""Divisions, organisations, halls, windows, opening sessions and closures.

Names are translated fields (django-modeltranslation: ``name_zh_hans``, ``name_bo``,
``name_en``; see ``translation.py``). Public identifiers are division codes and UUIDs.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province-level")
        PREFECTURE = 2, _("prefecture-level")
        COUNTY = 3, _("county-level")
        TOWNSHIP = 4, _("township")
        VILLAGE = 5, _("village or community")

    code = models.CharField(_("division code"), max_length=12, unique=True)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=Level.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True, level=1)
                | Q(parent__isnull=False, level__gt=1),
                name="division_parent_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organisation(models.Model):
    """部门/机构: an implementing body (实施主体) with its USCC (GB 32100)."""

    class ExerciseLevel(models.IntegerChoices):  # GB/T 39046 A.2 行使层级代码
        NATIONAL = 1, _("national")
        PROVINCIAL = 2, _("provincial")
        MUNICIPAL = 3, _("municipal")
        COUNTY = 4, _("county")
        TOWNSHIP = 5, _("township")
        VILLAGE = 6, _("village")
        GRADED = 7, _("graded management")

    class Nature(models.IntegerChoices):  # GB/T 39046 A.3 实施主体性质代码
        STATUTORY = 1, _("statutory authority")
        AUTHORISED = 2, _("authorised organisation")
        ENTRUSTED = 3, _("entrusted organisation")
        OTHER = 9, _("other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    exercise_level = models.PositiveSmallIntegerField(
        _("exercise level"),
        choices=ExerciseLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    nature = models.PositiveSmallIntegerField(
        _("nature of implementing body"),
        choices=Nature.choices,
        default=Nature.STATUTORY,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/3/17/"): scope filters use startswith, no recursion.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["division__code", "id"]

    def __str__(self) -> str:
        return str(self.name)


class Hall(models.Model):
    """政务服务中心 / 便民服务中心 / 便民服务站 with its opening sessions and closures."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("government service centre")
        TOWNSHIP_CENTRE = "township_centre", _("township convenience service centre")
        VILLAGE_STATION = "village_station", _("village convenience service station")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("managing organisation"),
        on_delete=models.PROTECT,
        related_name="halls",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service hall")
        verbose_name_plural = _("service halls")
        ordering = ["division__code", "id"]

    def __str__(self) -> str:
        return str(self.name)


class Window(models.Model):
    class Kind(models.TextChoices):
        INTEGRATED = "integrated", _("integrated window")
        DEDICATED = "dedicated", _("dedicated window")
        PICKUP = "pickup", _("result pickup window")
        HELP = "help", _("assisted service window")

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="windows")
    number = models.CharField(_("window number"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INTEGRATED
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("stationed organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["hall", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "number"], name="window_number_unique_in_hall"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class OpeningSession(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(  # 0 = Monday
        _("weekday"), validators=[MaxValueValidator(6)]
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening session")
        verbose_name_plural = _("opening sessions")
        ordering = ["hall", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")), name="session_opens_before_closes"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="session_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HallClosure(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["hall", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="closure_start_before_end",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date} {self.reason}"


class DutyShift(models.Model):
    """在岗: one person serving at a window on a day, by the name the hall publishes
    (e.g. "卓玛（工号 015）"), which is what the public disclosure page shows. Kept apart
    from the staff accounts on purpose: a hall decides how its people are named in public,
    and a roster is kept ahead of the day, for people who may have no account."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="duties")
    day = models.DateField(_("day"))
    position = models.PositiveSmallIntegerField(default=0)
    shown_name = models.CharField(_("name as published"), max_length=60)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["window", "day", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "day", "shown_name"], name="duty_once_per_window_day"
            )
        ]
        indexes = [models.Index(fields=["day", "window"], name="duty_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.window_id} {self.shown_name}"
