"""The guides' search rows, and the rows of the guides already published
(``domain.search_rows.entry_values``: the rule the services apply from now on)."""

import django.db.models.deletion
from django.db import migrations, models

from tongban.catalog.domain.search_rows import SOURCE_FIELDS, entry_values


def entries_for_published_guides(apps, schema_editor):  # type: ignore[no-untyped-def]
    version = apps.get_model("catalog", "ImplementationVersion")
    entry = apps.get_model("catalog", "SearchEntry")
    rows = (
        version.objects.filter(
            status="published",
            effective_from__isnull=False,
            implementation__status="active",
            implementation__basic_item__status="active",
        )
        .order_by("implementation_id", "effective_from", "id")
        .values(*SOURCE_FIELDS)
    )
    entry.objects.bulk_create(
        (entry(**values) for values in entry_values(rows.iterator())),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_bundles"),
        ("regions", "0003_value_ranges"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="catalog.implementationversion",
                    ),
                ),
                ("implementation_code", models.CharField(db_index=True, max_length=50)),
                ("basic_code", models.CharField(max_length=50)),
                ("sort_key", models.CharField(max_length=101)),
                ("live_from", models.DateField()),
                ("live_until", models.DateField(blank=True, null=True)),
                (
                    "basic_item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.basicitem",
                    ),
                ),
                (
                    "implementation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.implementation",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.organisation",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["sort_key"], name="catalog_search_sort_idx"),
                    models.Index(
                        fields=["basic_item"],
                        include=("version", "live_from", "live_until"),
                        name="catalog_search_item_live_idx",
                    ),
                ],
            },
        ),
        migrations.RunPython(entries_for_published_guides, migrations.RunPython.noop),
    ]
