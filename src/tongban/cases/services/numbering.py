"""Case and notice numbers from per-day serial counters.

The counter row for (key, day) is created or incremented by one upsert statement
(``INSERT … ON CONFLICT DO UPDATE … RETURNING``, PostgreSQL and SQLite ≥ 3.35), which
takes the row lock for the rest of the transaction: concurrent submissions of one item on
one day queue on that row and get consecutive serials with no gap left by a rolled-back
one. It used to take five statements (a savepoint, ``get_or_create``, a locking read, an
update); callers allocate the number as late in their transaction as they can, so the row
is held for as short a time as possible. The number rule is the setting
``CASE_NUMBER_RULE``.
"""

import datetime

from django.conf import settings
from django.db import connection

from tongban.cases.domain.numbers import case_number
from tongban.cases.models import DailySerial

_TABLE = DailySerial._meta.db_table
# One statement: the unique constraint ``daily_serial_unique`` is the conflict target.
_UPSERT = (
    f'INSERT INTO "{_TABLE}" ("key", "day", "last") VALUES (%s, %s, 1) '  # noqa: S608 - the table name is ours
    f'ON CONFLICT ("key", "day") DO UPDATE SET "last" = "{_TABLE}"."last" + 1 '
    'RETURNING "last"'
)


def next_serial(*, key: str, day: datetime.date) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, day])
        row = cursor.fetchone()
    return int(row[0])


def case_number_next(
    *, implementation_code: str, division_code: str, day: datetime.date
) -> str:
    serial = next_serial(key=f"case:{implementation_code}", day=day)
    return case_number(
        rule=settings.CASE_NUMBER_RULE,
        implementation_code=implementation_code,
        date=day,
        serial=serial,
        division_code=division_code,
    )


def notice_number_next(*, prefix: str, day: datetime.date) -> str:
    serial = next_serial(key=f"notice:{prefix}", day=day)
    return f"{prefix}〔{day:%Y}〕{day:%m%d}{serial:04d}"
