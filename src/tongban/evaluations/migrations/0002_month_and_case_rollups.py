"""The monthly evaluation rollup and the case rollup (closed and evaluated cases per month,
主动评价率), filled from what is already stored: the months from the daily rollup, the
cases from the closed cases and their first evaluation (cases taken in before this have no
hall or window recorded)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone


def _key(fields):  # type: ignore[no-untyped-def]
    return "|".join(str(fields[name]) for name in sorted(fields))


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Day = apps.get_model("evaluations", "EvaluationRollup")
    Month = apps.get_model("evaluations", "EvaluationMonthRollup")
    CaseRollup = apps.get_model("evaluations", "CaseRollup")
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Case = apps.get_model("cases", "Case")
    names = ("division_prefix", "organisation_id", "hall_id", "window_id", "staff_id",
             "item_code", "channel", "level")
    months = (
        Day.objects.annotate(month=TruncMonth("day")).values("month", *names)
        .annotate(n=Sum("count")).order_by()
    )
    rows = []
    for row in months:
        fields = {name: row[name] for name in names}
        fields["month"] = row["month"]
        rows.append(Month(key=_key(fields), count=row.pop("n"), **fields))
    Month.objects.bulk_create(rows, batch_size=5000)
    first = Evaluation.objects.filter(case=OuterRef("pk")).order_by("id")
    cases = (
        Case.objects.filter(closed_at__isnull=False)
        .select_related("division", "implementation", "submitted_by")
        .annotate(first_channel=Subquery(first.values("channel")[:1]))
    )
    cells = {}
    for case in cases.iterator():
        base = {
            "month": timezone.localdate(case.closed_at).replace(day=1),
            "division_prefix": case.division.prefix,
            "organisation_id": case.organisation_id,
            "hall_id": 0,
            "window_id": 0,
            "staff_id": case.submitted_by_id if case.submitted_by.kind == "staff" else 0,
            "item_code": case.implementation.code,
        }
        for channel, column in (("", "closed"), (case.first_channel, "evaluated")):
            if channel is None:
                continue
            fields = {**base, "channel": channel}
            key = _key(fields)
            cell = cells.setdefault(key, CaseRollup(key=key, **fields))
            setattr(cell, column, getattr(cell, column) + 1)
    out = list(cells.values())
    CaseRollup.objects.bulk_create(out, batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0001_evaluations'),
        ('cases', '0008_queue_columns'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=120, unique=True)),
                ('month', models.DateField()),
                ('division_prefix', models.CharField(max_length=12)),
                ('organisation_id', models.BigIntegerField()),
                ('hall_id', models.BigIntegerField(default=0)),
                ('window_id', models.BigIntegerField(default=0)),
                ('staff_id', models.BigIntegerField(default=0)),
                ('item_code', models.CharField(blank=True, max_length=40)),
                ('channel', models.CharField(blank=True, max_length=1)),
                ('closed', models.IntegerField(default=0)),
                ('evaluated', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['month', 'division_prefix'], name='case_rollup_month_idx')],
            },
        ),
        migrations.CreateModel(
            name='EvaluationMonthRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=120, unique=True)),
                ('month', models.DateField()),
                ('division_prefix', models.CharField(max_length=12)),
                ('organisation_id', models.BigIntegerField()),
                ('hall_id', models.BigIntegerField(default=0)),
                ('window_id', models.BigIntegerField(default=0)),
                ('staff_id', models.BigIntegerField(default=0)),
                ('item_code', models.CharField(blank=True, max_length=40)),
                ('channel', models.CharField(max_length=1)),
                ('level', models.PositiveSmallIntegerField()),
                ('count', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['month', 'division_prefix'], name='rollup_month_division_idx')],
            },
        ),
        migrations.AddIndex(
        model_name='rectification',
        index=models.Index(fields=['created_at'], name='rect_created_idx'),
    ),
    migrations.RunPython(fill, migrations.RunPython.noop),
]
