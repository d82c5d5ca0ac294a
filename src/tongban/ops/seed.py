"""``region_seed``: a realistic, reproducible Tibet region at any size, for benchmarks,
load tests and demos past the handful of rows of ``tongban demo``.

The catalogue and the staff are built through the services (organisations, basic items,
implementations, published versions, staff logins: the same rules and audit as a real
deployment). Applicants and cases are the big tables and are inserted in bulk
(``ops.seed_cases`` plans them, ``ops.bulk`` writes them: ``bulk_create`` on SQLite,
``COPY`` on PostgreSQL), keeping the invariants the services keep:

- identity numbers valid per GB 11643 (check digit, real birth date, a Tibet county code),
  encrypted and blind-indexed by ``Applicant.set_id_number`` exactly as accounts does;
- case numbers by ``CASE_NUMBER_RULE`` from per-implementation daily serials, and the
  ``DailySerial`` counters left at the last serial used, so the next real submission
  continues the sequence;
- every state of the transition table, with the history rows (``CaseEvent``) of a path
  that leads there, timestamps in that order, and due dates from the division's calendar.

Known limits: seeded cases are counter intake (综合窗口) with paper originals seen, so
they carry no uploaded files; their history has no audit rows (the audit log records what
people did, and nobody did this); the query codes come from a small pool of encrypted
codes (seeded data only, never a real deployment's). The same ``seed``, size and
``as_of`` date give the same rows.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from tongban.accounts import selectors as accounts_selectors
from tongban.accounts import services as accounts
from tongban.accounts.domain.roles import Role
from tongban.accounts.models import Applicant
from tongban.cases.models import (
    Case,
    CaseEvent,
    CaseMaterial,
    CasePause,
    DailySerial,
    SupplementItem,
)
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM
from tongban.ops import bulk, seed_cases
from tongban.regions import selectors as region_selectors
from tongban.regions import services as regions

MARK = "（生成）"  # every seeded organisation's name ends with it
SEED_PASSWORD = "Tongban-seed-2026"  # noqa: S105 - printed by the command, generated data
EFFECTIVE_FROM = datetime.date(2024, 1, 1)

# (basic code, name, item type, statutory limit, promised limit, result name);
# codes follow the national layout (source 00, item type, department, main, sub).
ITEMS = [
    ("000175004000", "营业执照 设立登记", "01", 15, 3, "营业执照"),
    ("000175005000", "食品经营许可", "01", 20, 10, "食品经营许可证"),
    ("000141001000", "建筑工程施工许可", "01", 15, 7, "建筑工程施工许可证"),
    ("000172003000", "药品零售企业许可", "01", 30, 15, "药品经营许可证"),
    ("002005001000", "居民身份证换领", "20", 60, 30, "居民身份证"),
    ("002032002000", "城乡居民基本养老保险参保登记", "20", 5, 1, "参保登记"),
    ("000736001000", "残疾人证核发", "07", 20, 10, "中华人民共和国残疾人证"),
    ("000513001000", "最低生活保障金给付", "05", 30, 20, "低保金"),
    ("000111002000", "农机驾驶证核发", "01", 20, 10, "拖拉机和联合收割机驾驶证"),
    ("000175009000", "个体工商户注销登记", "01", 10, 3, "注销通知书"),
]
ITEM_RESULTS = {code: result for code, _n, _t, _s, _p, result in ITEMS}
ITEMS_PER_COUNTY = 4
MATERIALS = [
    ("申请表", "required", "applicant"),
    ("申请人身份证明", "required", "applicant"),
    ("其他相关证明", "optional", "applicant"),
]


class SeedError(Exception):
    pass


@dataclass
class Catalogue:
    """What the case planner needs: live versions with their divisions and materials."""

    versions: list[Any] = field(default_factory=list)
    required_materials: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    counties: list[Any] = field(default_factory=list)
    clerk: Any = None
    officer: Any = None


def seeded_already() -> bool:
    return (
        region_selectors.organisation_list_for(user=SYSTEM)
        .filter(name__endswith=MARK)
        .exists()
    )


def _uscc(division_code: str, serial: int) -> str:
    """A valid GB 32100 code for a government body (1 1) in ``division_code``."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body, n = "", serial
    for _ in range(8):
        body = alphabet[n % len(alphabet)] + body
        n //= len(alphabet)
    # The 9-character organisation code has its own check digit (GB 11714).
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    org_code = body + {10: "X", 11: "0"}.get(check, str(check))
    partial = f"11{division_code}{org_code}"
    return partial + stdnum_uscc.calc_check_digit(partial)


def _organisation(division: Any, serial: int, level: int) -> Any:
    return regions.organisation_create(
        actor=SYSTEM,
        name=f"{division.name}政务服务中心{MARK}",
        uscc=_uscc(division.code, serial),
        division_code=division.code,
        exercise_level=level,
    )


def _publish(implementation: Any, limits: tuple[int, int]) -> Any:
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=limits[0],
        promised_limit=limits[1],
        case_type="2",
        service_objects=["1", "2"],
        handling_forms=["1", "2"],
        online_depth=3,
        visits_required=1,
        online_url="https://zwfw.xizang.gov.cn/seed",
        conditions="符合法定条件的申请人（生成数据）",
        location=str(implementation.organisation.name),
        result_type="licence",
        result_name=ITEM_RESULTS[implementation.basic_item.code],
    )
    for name, necessity, source in MATERIALS:
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="materials",
            name=name,
            necessity=necessity,
            source=source,
        )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    return catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=EFFECTIVE_FROM
    )


def _pick_counties(counties: list[Any], limit: int | None, rng: random.Random) -> list:
    if limit is None or limit >= len(counties):
        return counties
    # Always include 城关区 (拉萨), the busiest county, then a reproducible sample.
    first = [c for c in counties if c.code == "540102"]
    rest = [c for c in counties if c.code != "540102"]
    return first + rng.sample(rest, max(limit - len(first), 0))


@transaction.atomic
def catalogue_seed(
    *,
    seed: int,
    county_limit: int | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = iter,
) -> Catalogue:
    """Organisations per prefecture and county, items, implementations (each prefecture
    all items, each county ``ITEMS_PER_COUNTY`` of them), published; a clerk and an
    officer for 城关区. ``county_limit`` keeps that many counties (城关区 first) and
    their prefectures, for tests."""
    rng = random.Random(seed)
    prefectures = list(region_selectors.division_list(parent_code="540000", level=2))
    counties = [
        c for c in region_selectors.division_list(level=3) if c.code.startswith("54")
    ]
    if not prefectures or not counties:
        raise SeedError("Tibet's divisions are missing; run migrate first.")
    counties = _pick_counties(counties, county_limit, rng)
    if (
        county_limit is not None
    ):  # a small region: only the chosen counties' prefectures
        prefectures = [
            p for p in prefectures if any(c.parent_id == p.pk for c in counties)
        ]
    existing = {i.code: i for i in catalog_selectors.basic_item_list()}
    items = [
        existing.get(code)
        or catalog.basic_item_create(
            actor=SYSTEM, code=code, name=name, item_type=kind, legal_basis="（生成）"
        )
        for code, name, kind, _s, _p, _r in ITEMS
    ]
    limits = {code: (s, p) for code, _n, _t, s, p, _r in ITEMS}
    plan: list[tuple[Any, list[Any], int]] = [(p, items, 3) for p in prefectures]
    for index, county in enumerate(counties):
        chosen = [items[(index + k) % len(items)] for k in range(ITEMS_PER_COUNTY)]
        plan.append((county, chosen, 4))
    result = Catalogue(counties=counties)
    serial = 1000 + seed % 1000 * 1000
    for division, chosen, level in progress(plan):
        serial += 1
        organisation = _organisation(division, serial, level)
        if division.code == "540102":
            result.clerk, result.officer = _staff(organisation, division)
        for item in chosen:
            implementation = catalog.implementation_create(
                actor=SYSTEM, basic_item=item, organisation=organisation
            )
            version = _publish(implementation, limits[item.code])
            result.versions.append(version)
            result.required_materials[version.pk] = [
                (m.pk, m.name)
                for m in version.materials.all()
                if m.necessity == "required"
            ]
    return result


def _staff(organisation: Any, division: Any) -> tuple[Any, Any]:
    made = []
    for username, role in (
        (f"seed.clerk.{division.code}", Role.COUNTER_CLERK),
        (f"seed.officer.{division.code}", Role.CASE_OFFICER),
    ):
        made.append(
            accounts.staff_create(
                actor=SYSTEM,
                username=username,
                full_name=username,
                password=SEED_PASSWORD,
                organisation=organisation,
                roles=[(role, None, division)],
            )
        )
    return made[0], made[1]


def catalogue_load() -> Catalogue:
    """The catalogue an earlier seed made (for ``--append``)."""
    versions = [
        v
        for v in catalog_selectors.live_versions(today=datetime.date.max)
        .filter(implementation__organisation__name__endswith=MARK)
        .select_related("implementation__division")
        .prefetch_related("materials")
        .order_by("pk")
    ]
    result = Catalogue(versions=versions)
    for version in versions:
        result.required_materials[version.pk] = [
            (m.pk, m.name) for m in version.materials.all() if m.necessity == "required"
        ]
    result.clerk = accounts_selectors.staff_list_for(user=SYSTEM).get(
        username="seed.clerk.540102"
    )
    result.counties = list(
        {
            v.implementation.division_id: v.implementation.division for v in versions
        }.values()
    )
    return result


@dataclass(frozen=True)
class SeedReport:
    cases: int
    applicants: int
    implementations: int
    clerk: str
    officer: str
    password: str = SEED_PASSWORD


def _write_applicants(
    rng: random.Random, count: int, counties: list[Any]
) -> list[tuple[int, str]]:
    existing = set(accounts_selectors.applicant_identity_indexes())
    codes = [c.code for c in counties if c.level == 3] or ["540102"]
    start = bulk.next_id(Applicant)
    table = bulk.Table(Applicant)
    names = [f.attname for f in table.fields if f.attname != "created_at"]
    rows: list[list[Any]] = []
    made: list[tuple[int, str]] = []
    for applicant in seed_cases.applicants(rng, count, codes, set()):
        if applicant.id_index in existing:
            continue  # an earlier seed's person; skip rather than collide
        applicant.pk = start + len(rows)
        rows.append(table.row(**{n: getattr(applicant, n) for n in names}))
        made.append((applicant.pk, applicant.preferred_language))
    table.write(rows)
    return made


SEEDED_MODELS = (Applicant, Case, CaseEvent, CaseMaterial, CasePause, SupplementItem)


@transaction.atomic
def region_seed(
    *,
    seed: int,
    cases: int,
    counties: int | None = None,
    append: bool = False,
    as_of: datetime.date | None = None,
    batch_size: int = 5000,
    progress: Callable[..., Any] | None = None,
    open_only: bool = False,
) -> SeedReport:
    """Seed the catalogue (unless it is there and ``append``), applicants and ``cases``
    cases; refuses a second seed without ``append``. ``progress`` wraps iterables the
    way ``tqdm`` does (the command passes tqdm; tests pass nothing). ``open_only``
    seeds only open cases (the supervision sweep's bench at a million open cases)."""
    wrap = progress or (lambda iterable, **_: iterable)
    if seeded_already():
        if not append:
            raise SeedError("This database is seeded already; use --append to add.")
        catalogue = catalogue_load()
    else:
        catalogue = catalogue_seed(
            seed=seed,
            county_limit=counties,
            progress=lambda plan: wrap(plan, desc="catalogue", unit="body"),
        )
    rng = random.Random(seed * 1_000_003 + cases)
    people = _write_applicants(rng, max(10, cases // 4), catalogue.counties)
    planner = seed_cases.Planner(
        rng=rng,
        versions=catalogue.versions,
        required=catalogue.required_materials,
        applicant_ids=people,
        submitter_id=catalogue.clerk.pk,
        as_of=as_of or timezone.localdate(),
        open_only=open_only,
        next_ids={
            name: bulk.next_id(model) for name, model in seed_cases.TABLES.items()
        },
    )
    planner.serials.update(_serials_in_use())
    bar = progress(total=cases, desc="cases", unit="case") if progress else None
    done = 0
    while done < cases:
        size = min(batch_size, cases - done)
        batch = planner.batch(size, key_prefix=f"seed{seed}")
        for name, rows in batch.rows.items():
            planner.tables[name].write(rows)
        done += size
        if bar is not None:
            bar.update(size)
    if bar is not None:
        bar.close()
    _save_serials(planner.serials)
    bulk.reset_sequences(SEEDED_MODELS)
    _analyze(SEEDED_MODELS)
    return SeedReport(
        cases=cases,
        applicants=len(people),
        implementations=len(catalogue.versions),
        clerk="seed.clerk.540102",
        officer="seed.officer.540102",
    )


def _analyze(models: tuple[type[Any], ...]) -> None:
    """Give the planner statistics of the tables just filled by COPY: until autovacuum
    comes round (minutes after the commit), a fresh seed is planned as if its tables were
    empty — the workbench queue's filters took a second each on a fresh 1,000,000-case
    seed. ANALYZE counts the rows this transaction wrote."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _serials_in_use() -> dict[tuple[str, datetime.date], int]:
    return {
        (key.removeprefix("case:"), day): last
        for key, day, last in DailySerial.objects.filter(
            key__startswith="case:"
        ).values_list("key", "day", "last")
    }


def _save_serials(serials: dict[tuple[str, datetime.date], int]) -> None:
    """Leave each counter at the last serial used, so the next submission continues."""
    DailySerial.objects.bulk_create(
        [
            DailySerial(key=f"case:{code}", day=day, last=last)
            for (code, day), last in serials.items()
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["key", "day"],
        update_fields=["last"],
    )
