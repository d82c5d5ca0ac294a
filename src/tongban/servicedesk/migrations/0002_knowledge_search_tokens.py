"""Knowledge-base search by tokens: the column, filled for existing answers, and on
PostgreSQL a GIN index over its words (the agent's search over 100,000 answers was a
sequential scan of six ``ILIKE`` columns)."""

from django.db import migrations, models

from tongban.servicedesk.domain.search import document

FIELDS = [
    f"{name}_{lang}" for name in ("question", "answer") for lang in ("zh_hans", "bo", "en")
]
INDEX = "kb_search_tokens_gin"


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]  # migration signature
    entry_model = apps.get_model("servicedesk", "KnowledgeEntry")
    for entry in entry_model.objects.iterator():
        entry.search_tokens = document(getattr(entry, name) for name in FIELDS)
        entry.save(update_fields=["search_tokens"])


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON servicedesk_knowledgeentry "
            "USING gin (string_to_array(search_tokens, ' '))"
        )


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0001_tickets_and_knowledge_base")]

    operations = [
        migrations.AddField(
            model_name="knowledgeentry",
            name="search_tokens",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
        migrations.AddIndex(
            model_name="knowledgeentry",
            index=models.Index(
                fields=["status", "-published_at"], name="kb_published_idx"
            ),
        ),
    ]
