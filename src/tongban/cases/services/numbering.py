"""Case and notice numbers from per-day serial counters.

The counter row for (key, day) is created if missing and then locked for update, so
concurrent submissions on PostgreSQL queue on that one row and get consecutive serials;
SQLite serialises writers already. The number rule is the setting ``CASE_NUMBER_RULE``.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from tongban.cases.domain.numbers import case_number
from tongban.cases.models import DailySerial


def next_serial(*, key: str, day: datetime.date) -> int:
    try:
        with transaction.atomic():
            DailySerial.objects.get_or_create(key=key, day=day)
    except IntegrityError:  # a concurrent transaction created it first; it exists now
        pass
    counter = DailySerial.objects.select_for_update().get(key=key, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


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
