"""Plans of seeded applicants and cases: plain dicts of column values, one batch at a time,
that ``ops.bulk`` writes. Pure arithmetic on a ``random.Random`` plus the calendars.

Each case gets a state from ``STATE_WEIGHTS`` and the history of one path that leads
there (``PATHS``), with timestamps in that order and never after ``as_of``: open cases
are recent, finished ones spread over the past year. Accepted cases get due dates from
their division's calendar (counting from the day after acceptance, special procedures
excluded), the way ``cases.services.deadlines`` computes them, so lights come out green,
yellow and red in realistic shares.
"""

import datetime
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from stdnum.cn import ric

from tongban.accounts.models import Applicant
from tongban.calendars import selectors as calendar_selectors
from tongban.calendars.domain.deadlines import Pause, Unit, local_date
from tongban.cases.domain.lights import queue_due
from tongban.cases.domain.numbers import case_number
from tongban.cases.domain.workflow import OPEN_STATES
from tongban.cases.models import (
    Case,
    CaseEvent,
    CaseMaterial,
    CasePause,
    SupplementItem,
)
from tongban.core import crypto
from tongban.ops.bulk import Table

# Shares of each state in a region that has run for a year (most cases are finished).
STATE_WEIGHTS = {
    "draft": 1,
    "submitted": 5,
    "supplement_requested": 3,
    "accepted": 12,
    "suspended": 2,
    "decided": 3,
    "closed": 14,
    "delivered": 35,
    "refused": 3,
    "withdrawn": 2,
    "archived": 20,
}
REVIEW = ["approve_step"] * 3  # CASE_REVIEW_STEPS: 承办 → 审核 → 批准
HANDLED = ["submit", "accept", *REVIEW, "decide"]
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "supplement_requested": ["submit", "request_supplement"],
    "accepted": ["submit", "accept"],
    "suspended": ["submit", "accept", "suspend"],
    "decided": HANDLED,
    "closed": [*HANDLED, "close"],
    "delivered": [*HANDLED, "close", "deliver"],
    "refused": ["submit", "refuse"],
    "withdrawn": ["submit", "withdraw"],
    "archived": [*HANDLED, "close", "deliver", "archive"],
}
ROLES = {
    "submit": "counter_clerk",
    "request_supplement": "counter_clerk",
    "accept": "counter_clerk",
    "refuse": "counter_clerk",
    "withdraw": "applicant",
    "archive": "system",
}
TARGETS = {
    "submit": "submitted",
    "request_supplement": "supplement_requested",
    "accept": "accepted",
    "approve_step": "accepted",
    "suspend": "suspended",
    "decide": "decided",
    "close": "closed",
    "deliver": "delivered",
    "refuse": "refused",
    "withdraw": "withdrawn",
    "archive": "archived",
}
SURNAMES = ["扎西", "卓玛", "次仁", "格桑", "达瓦", "拉巴", "普布", "尼玛", "央金"]
GIVEN = ["德吉", "索朗", "边巴", "旦增", "平措", "曲珍", "多吉", "白玛", "洛桑"]
UNITS = {"working_days": Unit.WORKING, "natural_days": Unit.NATURAL}


TABLES = {
    "case": Case,
    "event": CaseEvent,
    "material": CaseMaterial,
    "pause": CasePause,
    "supplement": SupplementItem,
}
SEEDED_DATA = '{"seeded": true}'  # JSON text: bulk passes strings through as JSON
EVENT_COLUMNS = [
    "id",
    "case_id",
    "event",
    "from_state",
    "to_state",
    "actor_id",
    "actor_role",
    "reason",
    "data",
    "created_at",
]


@dataclass
class Batch:
    """Rows of one batch per table (``bulk.Table`` lists with explicit ids)."""

    rows: dict[str, list[list[Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLES}
    )


def resident_id(rng: random.Random, county_code: str, taken: set[str]) -> str:
    """A GB 11643 number: a Tibet county, a birth date 1950–2005, serial, check digit."""
    while True:
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(
            days=rng.randrange(20_000)
        )
        body = f"{county_code}{birth:%Y%m%d}{rng.randrange(1, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")  # it ignores the last char
        if number not in taken:
            taken.add(number)
            return number


def applicants(
    rng: random.Random, count: int, county_codes: list[str], taken: set[str]
) -> Iterator[Applicant]:
    """``count`` persons; ``taken`` holds the numbers already used (and grows)."""
    for _ in range(count):
        applicant = Applicant(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            applicant_type=Applicant.Type.PERSON,
            id_type=Applicant.IdType.RESIDENT_ID,
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"139{rng.randrange(10**8):08d}",
            preferred_language="bo" if rng.random() < 0.3 else "zh-hans",
            assurance_level=rng.choice((1, 2, 2, 3)),
        )
        applicant.set_id_number(resident_id(rng, rng.choice(county_codes), taken))
        yield applicant


@lru_cache(maxsize=256)
def _calendar(division: Any) -> Any:
    return calendar_selectors.calendar_for(division=division)


@dataclass
class Planner:
    """Plans cases for ``versions``; keeps the daily serials and the next ids."""

    rng: random.Random
    versions: list[Any]
    required: dict[int, list[tuple[int, str]]]
    applicant_ids: list[tuple[int, str]]  # (id, preferred language)
    submitter_id: int
    as_of: datetime.date
    next_ids: dict[str, int]
    serials: dict[tuple[str, datetime.date], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    query_codes: list[str] = field(default_factory=list)
    open_only: bool = False  # only the open states, in their shares among themselves

    def __post_init__(self) -> None:
        self.now = timezone.make_aware(
            datetime.datetime.combine(self.as_of, datetime.time(17, 0))
        )
        # Busy services get more cases: weights fall off like a Zipf law.
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.versions))]
        shares = {
            state: weight
            for state, weight in STATE_WEIGHTS.items()
            if not self.open_only or state in OPEN_STATES
        }
        self.states = list(shares)
        self.state_weights = list(shares.values())
        self.query_codes = [
            crypto.encrypt(f"{self.rng.randrange(10**8):08d}") for _ in range(64)
        ]
        self.tables = {name: Table(model) for name, model in TABLES.items()}
        columns = [f.attname for f in self.tables["event"].fields]
        if columns != EVENT_COLUMNS:
            raise RuntimeError(f"CaseEvent's columns changed: {columns}")

    def _id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def batch(self, size: int, key_prefix: str) -> Batch:
        out = Batch()
        versions = self.rng.choices(self.versions, weights=self.weights, k=size)
        states = self.rng.choices(self.states, weights=self.state_weights, k=size)
        for version, state in zip(versions, states, strict=True):
            self._case(out, version, state, key_prefix)
        return out

    def _moment(self, days_ago: float) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days_ago)

    def _case(self, out: Batch, version: Any, state: str, key_prefix: str) -> None:
        rng, path = self.rng, PATHS[state]
        open_case = state in ("draft", "submitted", "supplement_requested")
        handling = state in ("accepted", "suspended")
        age = rng.uniform(0, 6 if open_case else 25 if handling else 365)
        submitted_at = self._moment(age + rng.uniform(0, 0.3))
        impl = version.implementation
        day = local_date(submitted_at)
        serial_key = (impl.code, day)
        self.serials[serial_key] += 1
        applicant_id, language = rng.choice(self.applicant_ids)
        case_id = self._id("case")
        row: dict[str, Any] = {
            "id": case_id,
            "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
            "number": case_number(
                rule=settings.CASE_NUMBER_RULE,
                implementation_code=impl.code,
                date=day,
                serial=self.serials[serial_key],
                division_code=impl.division.code,
            ),
            "query_code_encrypted": rng.choice(self.query_codes),
            "client_key": f"{key_prefix}-{case_id}",
            "state": state,
            "implementation_id": impl.pk,
            "version_id": version.pk,
            "division_id": impl.division_id,
            "organisation_id": impl.organisation_id,
            "applicant_id": applicant_id,
            "submitted_by_id": self.submitter_id,
            "channel": "1",
            "language": language,
            "form_data": {},
            "submitted_at": submitted_at,
            "statutory_limit": version.statutory_limit,
            "statutory_unit": version.statutory_unit,
            "promised_limit": version.promised_limit,
            "promised_unit": version.promised_unit,
        }
        times = self._times(row, version, path, submitted_at, age)
        self._extras(out, row, state, times)
        row["queue_due"] = queue_due(
            state=state,
            supplement_rounds=row.get("supplement_rounds", 0),
            acceptance_due=row.get("acceptance_due"),
            promised_due=row.get("promised_due"),
            statutory_due=row.get("statutory_due"),
        )
        out.rows["case"].append(self.tables["case"].row(**row))
        for material_id, name in self.required[version.pk]:
            out.rows["material"].append(
                self.tables["material"].row(
                    id=self._id("material"),
                    case_id=case_id,
                    material_id=material_id,
                    name=name,
                    source="counter",
                    original_seen=True,
                    added_at=submitted_at,
                )
            )
        previous = "draft"
        events, ids = out.rows["event"], self.next_ids
        for event, moment in zip(path, times, strict=True):
            target = TARGETS[event]
            # CaseEvent's column order, checked in __post_init__
            events.append(
                [
                    ids["event"],
                    case_id,
                    event,
                    previous,
                    target,
                    None,
                    ROLES.get(event, "case_officer"),
                    "",
                    SEEDED_DATA,
                    moment,
                ]
            )
            ids["event"] += 1
            previous = target

    def _times(
        self,
        row: dict[str, Any],
        version: Any,
        path: list[str],
        submitted_at: datetime.datetime,
        age: float,
    ) -> list[datetime.datetime]:
        """One moment per event of ``path``, increasing, none after ``now``; sets the
        timestamps and due dates on ``row``."""
        rng = self.rng
        times: list[datetime.datetime] = []
        moment = submitted_at
        for event in path:
            left = max((self.now - moment).total_seconds() / 86400, 0)
            step = 0.0 if event == "submit" else rng.uniform(0, min(left, 3) / 2)
            if event == "decide":
                step = rng.uniform(0, min(left, version.promised_limit * 1.4) / 2)
            moment = moment + datetime.timedelta(days=step)
            times.append(moment)
            if event == "accept":
                row["accepted_at"] = moment
                row["acceptance_mode"] = "normal"
            elif event == "decide":
                row["decided_at"] = moment
                approve = rng.random() < 0.92
                row["decision"] = "approve" if approve else "deny"
                row["decision_reasons"] = "" if approve else "不符合法定条件"
                row["result_name"] = version.result_name if approve else ""
            elif event in ("close", "refuse", "withdraw"):
                row["closed_at"] = moment
            elif event == "approve_step":
                row["review_step"] = row.get("review_step", 0) + 1
        if "close" in path:
            row["result_code"] = "0" if row["decision"] == "approve" else "6"
        if "deliver" in path:
            method = rng.choice(("pickup", "post", "electronic"))
            row["delivery_method"] = method
            row["delivery_reference"] = (
                f"{rng.randrange(10**6):06d}" if method == "pickup" else ""
            )
        if "refuse" in path:
            row["decision_reasons"] = "申请事项不属于本机关职权范围"
        return times

    def _extras(
        self,
        out: Batch,
        row: dict[str, Any],
        state: str,
        times: list[datetime.datetime],
    ) -> None:
        division = self.versions_division(row)
        pauses: list[Pause] = []
        if state == "suspended":
            start, expected = local_date(times[-1]), self.rng.randrange(5, 30)
            out.rows["pause"].append(
                self.tables["pause"].row(
                    id=self._id("pause"),
                    case_id=row["id"],
                    procedure="现场核查",
                    reason="需要现场核查经营场所",
                    expected_days=expected,
                    start_date=start,
                    end_date=None,
                )
            )
            end = max(self.as_of, start + datetime.timedelta(days=expected))
            pauses.append(Pause(start, end))
        if state == "supplement_requested":
            row["supplement_rounds"] = 1
            row["supplement_due"] = _calendar(division).add_working_days(
                local_date(times[-1]),
                settings.CASE_SUPPLEMENT_WORKING_DAYS,
                provisional_ok=True,
            )
            out.rows["supplement"].append(
                self.tables["supplement"].row(
                    id=self._id("supplement"),
                    case_id=row["id"],
                    round=1,
                    field_key="",
                    description="申请表签字页",
                    reason="申请表未签字",
                    resolved=False,
                )
            )
        if row.get("accepted_at"):
            self._due(row, division, pauses)

    def versions_division(self, row: dict[str, Any]) -> Any:
        return self._divisions[row["division_id"]]

    @property
    def _divisions(self) -> dict[int, Any]:
        if not hasattr(self, "_division_map"):
            self._division_map = {
                v.implementation.division_id: v.implementation.division
                for v in self.versions
            }
        return self._division_map

    def _due(self, row: dict[str, Any], division: Any, pauses: list[Pause]) -> None:
        calendar = _calendar(division)
        start = local_date(row["accepted_at"])
        dues = []
        for limit, unit in (
            (row["statutory_limit"], row["statutory_unit"]),
            (row["promised_limit"], row["promised_unit"]),
        ):
            deadline = calendar.deadline(
                start,
                limit,
                unit=UNITS.get(unit, Unit.WORKING),
                pauses=pauses,
                provisional_ok=True,
            )
            dues.append(deadline)
        row["statutory_due"] = dues[0].due
        row["promised_due"] = min(dues[1].due, dues[0].due)
        row["deadline_provisional"] = dues[0].provisional or dues[1].provisional
