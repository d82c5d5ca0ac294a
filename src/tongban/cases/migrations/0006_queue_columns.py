"""The workbench queue's denormalised column ``Case.queue_due`` and the indexes that read
the queue in its order; existing rows are filled in one UPDATE (the same rule as
``cases.domain.lights.queue_due``), the old (division, state, promised_due) index goes."""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Coalesce

NO_CLOCK = datetime.date(9999, 12, 31)


def fill_queue_due(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    due = Coalesce(
        models.Case(
            models.When(
                state="submitted", supplement_rounds=0, then=models.F("acceptance_due")
            ),
            models.When(
                state__in=["accepted", "suspended"],
                then=Coalesce(models.F("promised_due"), models.F("statutory_due")),
            ),
            default=None,
            output_field=models.DateField(),
        ),
        models.Value(NO_CLOCK),
        output_field=models.DateField(),
    )
    Case.objects.exclude(queue_due=due).update(queue_due=due)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_enrolment_code'),
        ('cases', '0005_rules_of_the_core'),
        ('catalog', '0005_service_scope_codes'),
        ('documents', '0001_stored_file'),
        ('regions', '0003_value_ranges'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_queue_idx',
        ),
        migrations.AddField(
            model_name='case',
            name='queue_due',
            field=models.DateField(default=NO_CLOCK, editable=False),
        ),
        migrations.RunPython(fill_queue_due, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['division', 'queue_due', 'id'], name='case_queue_division_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['division', 'state', 'queue_due', 'id'], name='case_queue_state_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['queue_due', 'id'], name='case_queue_due_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('assigned_to__isnull', False)), fields=['assigned_to', 'queue_due', 'id'], name='case_queue_assigned_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['implementation', 'queue_due', 'id'], name='case_queue_item_idx'),
        ),
    ]
