"""The statistics rollup: one row per day and combination (division, unit, hall, window,
staff member, item, channel, level) holding how many evaluations there count. Every change
that makes an evaluation count (submitted) or stop counting (superseded by a later one,
excluded by an upheld appeal) adds ±1 here in the same transaction;
``rollup_mismatches`` compares the rows with a recomputation from the evaluations."""

from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tongban.evaluations.models import Evaluation, EvaluationRollup

_RELATED = ("division", "implementation")


def _fields(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "day": timezone.localdate(evaluation.created_at),
        "division_prefix": evaluation.division.prefix,
        "organisation_id": evaluation.organisation_id,
        "hall_id": evaluation.hall_id or 0,
        "window_id": evaluation.window_id or 0,
        "staff_id": evaluation.staff_id or 0,
        "item_code": evaluation.implementation.code
        if evaluation.implementation
        else "",
        "channel": evaluation.channel,
        "level": evaluation.level,
    }


def _key(fields: dict[str, Any]) -> str:
    return "|".join(str(fields[name]) for name in sorted(fields))


def rollup_add(*, evaluation: Evaluation, delta: int) -> None:
    """Add ``delta`` (+1 counted, −1 no longer counted) to the evaluation's row."""
    fields = _fields(evaluation)
    key = _key(fields)
    rows = EvaluationRollup.objects.filter(key=key)
    if rows.update(count=F("count") + delta):
        return
    try:
        with transaction.atomic():  # a savepoint: another writer may create it first
            EvaluationRollup.objects.create(key=key, count=delta, **fields)
    except IntegrityError:
        rows.update(count=F("count") + delta)


def rollup_uncount(*, evaluations: Any) -> None:
    """Take evaluations that counted until now out of the rollup."""
    for evaluation in evaluations.select_related(*_RELATED):
        rollup_add(evaluation=evaluation, delta=-1)


def rollup_mismatches() -> dict[str, tuple[int, int]]:
    """Rows whose count differs from a recomputation: ``{key: (rollup, recomputed)}``."""
    counted = Evaluation.objects.filter(superseded=False, excluded=False)
    recomputed = Counter(
        _key(_fields(e)) for e in counted.select_related(*_RELATED).iterator()
    )
    stored = dict(EvaluationRollup.objects.values_list("key", "count"))
    keys = set(stored) | set(recomputed)
    return {
        k: (stored.get(k, 0), recomputed.get(k, 0))
        for k in keys
        if stored.get(k, 0) != recomputed.get(k, 0)
    }
