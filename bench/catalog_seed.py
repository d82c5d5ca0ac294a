"""Bulk seed for bench.catalog: basic items, one implementing body per division, one
implementation per item and body with a published guide and two materials.

Organisations go through the service (82 rows, it computes their paths) and basic items
through ``bulk_create`` with the search keys the service would compute; implementations,
guides and materials are then copied in SQL from one template made with the ORM. The
services are bypassed on purpose: the benchmark measures reads, and 100,000 audited
service calls would take an hour.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from stdnum.cn import uscc

from bench.catalog_tibetan import name_bo
from tongban.catalog.domain.codes import compose_implementation_code
from tongban.catalog.domain.search_keys import pinyin_full, pinyin_initials
from tongban.catalog.models import (
    BasicItem,
    Implementation,
    ImplementationVersion,
    Material,
)
from tongban.core.permissions import SYSTEM
from tongban.regions import services as region_services
from tongban.regions.models import Division, Organisation

BATCH = 2000
ITEM_TYPES = ("01", "01", "01", "05", "07", "20")


def _uscc(division_code: str, serial: int) -> str:
    # 11 = authority registration, then the division, then a 9-character body code.
    body = f"11{division_code}MB{serial:07d}"
    return body + uscc.calc_check_digit(body)


def _organisations() -> list[Organisation]:
    made = []
    for serial, division in enumerate(Division.objects.order_by("code"), start=1):
        made.append(
            region_services.organisation_create(
                actor=SYSTEM,
                name=f"{division.name}政务服务中心",
                uscc=_uscc(division.code, serial),
                division_code=division.code,
                exercise_level=min(division.level + 1, 4),
            )
        )
    return made


def _items(names: list[str]) -> list[BasicItem]:
    items = [
        BasicItem(
            code=f"00{ITEM_TYPES[i % len(ITEM_TYPES)]}{i % 60 + 1:02d}{i % 1000:03d}{i // 1000:03d}",
            name=name,
            name_zh_hans=name,
            name_bo=name_bo(name),
            item_type=ITEM_TYPES[i % len(ITEM_TYPES)],
            legal_basis="《西藏自治区政务服务条例》",
            legal_basis_zh_hans="《西藏自治区政务服务条例》",
            search_pinyin=pinyin_full(name),
            search_initials=pinyin_initials(name),
        )
        for i, name in enumerate(names)
    ]
    return BasicItem.objects.bulk_create(items, batch_size=BATCH)


def _version(implementation: Implementation, today: dt.date) -> ImplementationVersion:
    texts = {
        "conditions": "依法设立，材料齐全，符合法定形式。",
        "location": f"{implementation.organisation.name}综合窗口",
        "hours": "工作日 9:30–13:00，15:30–18:00",
        "process_description": "申请、受理、审查、决定、送达。",
        "result_name": "批准文件",
    }
    translated = {f"{k}_zh_hans": v for k, v in texts.items()}
    return ImplementationVersion(
        implementation=implementation,
        number=1,
        status=ImplementationVersion.Status.PUBLISHED,
        statutory_limit=20,
        promised_limit=5,
        case_type="2",
        service_objects=["1", "2"],
        handling_forms=["1", "2"],
        online_depth=3,
        visits_required=1,
        online_url="https://zwfw.xizang.gov.cn/bench",
        consultation_phone="0891-12345",
        effective_from=today - dt.timedelta(days=30),
        published_at=timezone.now(),
        **texts,
        **translated,
    )


def _materials(version: ImplementationVersion) -> list[Material]:
    return [
        Material(
            version=version,
            order=order,
            name=name,
            name_zh_hans=name,
            necessity="required",
            source=source,
        )
        for order, (name, source) in enumerate(
            [("申请书", "applicant"), ("营业执照", "e_certificate")], start=1
        )
    ]


def _copy_sql(model: type[Model], parent: str, source: str, template_id: int) -> str:
    """INSERT … SELECT copying one template row of ``model`` once per row of ``source``
    (a table), with ``parent`` pointing at that row."""
    table = model._meta.db_table
    columns = [
        f.column for f in model._meta.concrete_fields if f.column not in ("id", parent)
    ]
    listed = ", ".join(f'"{c}"' for c in columns)
    copied = ", ".join(f't."{c}"' for c in columns)
    # Identifiers come from model metadata and ids from the ORM: no outside input.
    return (
        f'INSERT INTO "{table}" ("{parent}", {listed}) '  # noqa: S608
        f'SELECT s.id, {copied} FROM "{source}" s '
        f'CROSS JOIN (SELECT * FROM "{table}" WHERE "{parent}" = {template_id}) t '
        f"WHERE s.id <> {template_id}"
    )


@transaction.atomic
def seed(names: list[str]) -> None:
    """One implementation, guide and materials are made with the ORM as a template;
    SQL then crosses every basic item with every body and copies the template guide
    and materials to each new implementation, which takes seconds, not minutes."""
    organisations = _organisations()
    items = _items(names)
    first = organisations[0]
    template = Implementation.objects.create(
        basic_item=items[0],
        organisation=first,
        division=first.division,
        exercise_level=first.exercise_level,
        code=compose_implementation_code(
            uscc=first.uscc,
            exercise_level=first.exercise_level,
            basic_code=items[0].code,
        ),
    )
    version = _version(template, timezone.localdate())
    version.save()
    Material.objects.bulk_create(_materials(version))
    implementations = Implementation._meta.db_table
    with connection.cursor() as cursor:
        # Table names from model metadata, values as parameters.
        cursor.execute(
            f'INSERT INTO "{implementations}" (uuid, basic_item_id, organisation_id, '  # noqa: S608
            "division_id, exercise_level, code, handling_item_code, local_code, status, "
            "created_at) SELECT gen_random_uuid(), b.id, o.id, o.division_id, "
            "o.exercise_level, o.uscc || o.exercise_level || b.code, '', '', 'active', "
            f'now() FROM "{BasicItem._meta.db_table}" b CROSS JOIN '
            f'"{Organisation._meta.db_table}" o WHERE NOT (b.id = %s AND o.id = %s)',
            [items[0].id, first.id],
        )
        cursor.execute(
            _copy_sql(
                ImplementationVersion, "implementation_id", implementations, template.id
            )
        )
        cursor.execute(
            _copy_sql(
                Material, "version_id", ImplementationVersion._meta.db_table, version.id
            )
        )
