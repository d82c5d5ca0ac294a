"""The bad-review ticket rollups (per day and per month of the review), filled from the
tickets already stored in one grouped query each, with the counting rules of
``domain.rectification.ticket_counts`` written as SQL filters."""

from django.db import migrations, models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncDay, TruncMonth

RECTIFIED = ("rectified", "called_back", "closed")
CALLED_BACK = ("called_back", "closed")
NAMES = (
    "division_prefix",
    "organisation_id",
    "hall_id",
    "window_id",
    "staff_id",
    "item_code",
    "channel",
)


def _key(fields):  # type: ignore[no-untyped-def]
    return "|".join(str(fields[name]) for name in sorted(fields))


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rectification = apps.get_model("evaluations", "Rectification")
    counted = Rectification.objects.exclude(state="dismissed").filter(
        evaluation__excluded=False
    )
    rectified = Q(state__in=RECTIFIED)
    real_name = Q(evaluation__real_name=True)
    for model, period, trunc in (
        ("TicketRollup", "day", TruncDay),
        ("TicketMonthRollup", "month", TruncMonth),
    ):
        Model = apps.get_model("evaluations", model)
        rows = (
            counted.annotate(
                period=trunc("evaluation__created_at"),
                division_prefix=F("evaluation__division__prefix"),
                organisation_id_=F("evaluation__organisation_id"),
                hall_id=Coalesce("evaluation__hall_id", 0),
                window_id=Coalesce("evaluation__window_id", 0),
                staff_id=Coalesce("evaluation__staff_id", 0),
                item_code=Coalesce(
                    "evaluation__implementation__code", models.Value("")
                ),
                channel=F("evaluation__channel"),
            )
            .values(
                "period",
                "division_prefix",
                "organisation_id_",
                "hall_id",
                "window_id",
                "staff_id",
                "item_code",
                "channel",
            )
            .annotate(
                bad=Count("id"),
                rectified=Count("id", filter=rectified),
                on_time=Count(
                    "id", filter=rectified & Q(rectified_on__lte=F("due_on"))
                ),
                real_name=Count("id", filter=real_name),
                called_back=Count("id", filter=real_name & Q(state__in=CALLED_BACK)),
            )
            .order_by()
        )
        cells = []
        for row in rows.iterator():
            row["organisation_id"] = row.pop("organisation_id_")
            day = row.pop("period")
            fields = {name: row[name] for name in NAMES}
            fields[period] = day.date() if hasattr(day, "date") else day
            counts = {
                n: row[n]
                for n in ("bad", "rectified", "on_time", "real_name", "called_back")
            }
            cells.append(Model(key=_key(fields), **fields, **counts))
        Model.objects.bulk_create(cells, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_month_and_case_rollups"),
    ]

    operations = [
        migrations.CreateModel(
            name="TicketMonthRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("key", models.CharField(max_length=120, unique=True)),
                ("division_prefix", models.CharField(max_length=12)),
                ("organisation_id", models.BigIntegerField()),
                ("hall_id", models.BigIntegerField(default=0)),
                ("window_id", models.BigIntegerField(default=0)),
                ("staff_id", models.BigIntegerField(default=0)),
                ("item_code", models.CharField(blank=True, max_length=40)),
                ("channel", models.CharField(max_length=1)),
                ("bad", models.IntegerField(default=0)),
                ("rectified", models.IntegerField(default=0)),
                ("on_time", models.IntegerField(default=0)),
                ("real_name", models.IntegerField(default=0)),
                ("called_back", models.IntegerField(default=0)),
                ("month", models.DateField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["month", "division_prefix"],
                        name="ticket_rollup_month_idx",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TicketRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("key", models.CharField(max_length=120, unique=True)),
                ("division_prefix", models.CharField(max_length=12)),
                ("organisation_id", models.BigIntegerField()),
                ("hall_id", models.BigIntegerField(default=0)),
                ("window_id", models.BigIntegerField(default=0)),
                ("staff_id", models.BigIntegerField(default=0)),
                ("item_code", models.CharField(blank=True, max_length=40)),
                ("channel", models.CharField(max_length=1)),
                ("bad", models.IntegerField(default=0)),
                ("rectified", models.IntegerField(default=0)),
                ("on_time", models.IntegerField(default=0)),
                ("real_name", models.IntegerField(default=0)),
                ("called_back", models.IntegerField(default=0)),
                ("day", models.DateField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["day", "division_prefix"], name="ticket_rollup_day_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
