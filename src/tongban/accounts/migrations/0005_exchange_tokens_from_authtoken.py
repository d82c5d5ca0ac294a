"""Move the clear-text DRF tokens of exchange clients into hashed ``ExchangeToken`` rows.

The keys keep working (same key, now stored as its SHA-256) until they expire
``EXCHANGE_TOKEN_TTL_DAYS`` after this migration; the clear-text rows are deleted. The table
of ``rest_framework.authtoken`` is read with plain SQL because that app is no longer
installed; on a new database it does not exist and there is nothing to move.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

LEGACY_TABLE = "authtoken_token"


def move_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    token_model = apps.get_model("accounts", "ExchangeToken")
    now = timezone.now()
    expires = now + timedelta(days=settings.EXCHANGE_TOKEN_TTL_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {LEGACY_TABLE}")  # noqa: S608 - constant
        for key, user_id in cursor.fetchall():
            token_model.objects.create(
                user_id=user_id,
                prefix=key[:8],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                created_at=now,
                expires_at=expires,
            )
        cursor.execute(f"DELETE FROM {LEGACY_TABLE}")  # noqa: S608 - constant


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_exchange_token")]

    operations = [migrations.RunPython(move_tokens, migrations.RunPython.noop)]
