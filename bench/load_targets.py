"""Preparation step of ``bench.load``, run in its own process under the production
settings the server uses: migrate the ``tongban_load`` database, load the demo data,
seed it once (``tongban seed``; reused on later runs), collect the static files, and
write the targets the locust users pick from (guide codes, search queries, case numbers
with their query codes, staff and applicant session cookies, one service to submit to)
as JSON.

Sessions are created here with ``force_login`` on the database session store instead
of logging in through the forms during the run: the staff login asks seeded officers
for a second factor, and the load should measure the pages, not the login throttle.
Known limit: the query codes of seeded cases come from a pool of 64 (see
``ops.seed``), so progress queries hit few distinct codes but many case numbers.
"""

import datetime
import json
import sys
from pathlib import Path
from typing import Any

CASES = 20_000
AS_OF = datetime.date(2026, 11, 27)  # the seeded region's "today", as in bench.common
APPLICANT_ID = "54010219900101002X"
# Chinese names whole and partial, pinyin initials, department names: the mix of
# bench.catalog; codes are added from the seeded catalogue.
QUERIES = [
    "营业执照",
    "设立登记",
    "食品经营许可",
    "施工许可",
    "养老保险",
    "残疾人证",
    "低保",
    "拉萨",
    "日喀则",
    "yyzz",
    "spjy",
    "jzgc",
    "cjrz",
    "000175004000",
    "000513001000",
]


def _session(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="tongban.accounts.backends.PeopleBackend")
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def _applicant() -> Any:
    from tongban.accounts import services as accounts
    from tongban.core.permissions import SYSTEM

    found = accounts.applicant_find_by_identity(id_type="111", id_number=APPLICANT_ID)
    if found is not None:
        return found.user
    return accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="格桑（压测）",
        id_type="111",
        id_number=APPLICANT_ID,
        phone="13800000098",
        password="Load-password-2026",  # noqa: S106 - generated load-test login
        assurance_level=3,
    ).user


def _progress(limit: int) -> list[list[str]]:
    from tongban.cases.models import Case
    from tongban.core import crypto

    rows = list(Case.objects.values_list("number", "query_code_encrypted"))
    step = max(1, len(rows) // limit)
    return [[number, crypto.decrypt(code)] for number, code in rows[::step][:limit]]


def _submission() -> dict[str, Any]:
    from tongban.catalog import selectors as catalog_selectors

    version = (
        catalog_selectors.live_versions()
        .filter(implementation__division__code="540102", min_assurance_level__lte=3)
        .order_by("implementation__code")
        .first()
    )
    if version is None:
        raise SystemExit("no live service in 540102 to submit to")
    required = version.materials.filter(necessity="required")
    return {
        "implementation_code": version.implementation.code,
        "materials": list(required.values_list("pk", flat=True)),
    }


def targets() -> dict[str, Any]:
    from django.db import connection

    from tongban.accounts.models import User
    from tongban.catalog import selectors as catalog_selectors

    codes = list(
        catalog_selectors.live_versions()
        .order_by("implementation__code")
        .values_list("implementation__code", "implementation__division__code")
    )
    staff = User.objects.filter(username__startswith="seed.").order_by("pk")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "postgresql": server,
        "guides": [code for code, _division in codes[::2]],
        "queries": QUERIES + [code for code, _division in codes[::40]],
        "divisions": sorted({division for _code, division in codes}),
        "progress": _progress(300),
        "staff_sessions": [_session(user) for user in staff[:20]],
        "applicant_session": _session(_applicant()),
        "submission": _submission(),
    }


def static_current() -> bool:
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = Path(__file__).resolve().parents[1] / "src" / "tongban"
    newest = max(
        f.stat().st_mtime for f in sources.glob("*/static/**/*") if f.is_file()
    )
    return manifest.stat().st_mtime >= newest


def prepare(out: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from tongban.ops.demo import load_demo
    from tongban.ops.seed import seeded_already

    call_command("migrate", verbosity=0)
    load_demo()
    if not seeded_already():
        call_command("seed", cases=CASES, as_of=AS_OF, verbosity=0)
    if not static_current():
        # Compressing every file for the manifest storage takes about a minute on two
        # cores, so a collected tree is kept between runs while no source is newer.
        call_command("collectstatic", interactive=False, verbosity=0)
    out.write_text(json.dumps(targets(), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    prepare(Path(sys.argv[1]))
