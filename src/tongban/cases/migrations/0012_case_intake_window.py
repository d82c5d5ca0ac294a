"""Where a counter case was taken in: the hall and the window (nullable; online cases
have neither), for the evaluation rates per hall, window and staff member."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0011_crossregion_intake"),
        ('regions', '0003_value_ranges'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='intake_hall',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.hall', verbose_name='hall'),
        ),
        migrations.AddField(
            model_name='case',
            name='intake_window',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.window', verbose_name='window'),
        ),
    ]
