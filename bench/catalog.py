"""Catalogue search latency and guide page render time on 100,000 implementations.

Run ``python -m bench.catalog`` (add ``--write`` to record the figures in
``docs/BENCHMARKS.md``). It needs PostgreSQL: ``DATABASE_URL`` defaults to
``postgres://postgres@127.0.0.1:5432/tongban_catbench``, created and migrated if
missing. The first run seeds about 1,200 basic items × 82 divisions (one implementing
body per division, one published guide with two materials per implementation) with bulk
inserts in about a minute; later runs find the seed and reuse it.

Search is what the search page and the public API do per request:
``get_search().search(q)``, the count for the paginator (capped at
``SEARCH_COUNT_CAP`` on the page, exact in the API) and the first page of 20, each
beside the first search (``bench.catalog_before``), main's of 2026-12-01
(``bench.catalog_joined``) and main's of 2026-12-02 asked for the first time
(``bench.catalog_names``), after checking that all give the same first page, over a
fixed mix of Chinese names (whole and
partial), Tibetan names (whole and partial, ``bench.catalog_tibetan``; a seed made
before they existed gets them added), pinyin initials and codes (basic and
implementation). The guide figure is
Django's test client fetching ``/items/<code>/`` through the whole middleware stack,
against a bare view (``HttpResponse("ok")``) behind the same stack, measured in the same
run. Timings are per request, best of 2 rounds per query on a shared machine.
"""

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import cpu_ns, write_section

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tongban_catbench"
MARK = "<!-- bench:catalog -->"
OBJECTS = [
    "营业执照",
    "食品经营许可证",
    "药品经营许可证",
    "医疗器械经营许可证",
    "建设工程规划许可证",
    "建筑工程施工许可证",
    "道路运输经营许可证",
    "出租汽车经营许可证",
    "烟草专卖零售许可证",
    "采矿许可证",
    "取水许可证",
    "林木采伐许可证",
    "排污许可证",
    "危险化学品经营许可证",
    "旅行社业务经营许可证",
    "导游证",
    "医师执业证书",
    "护士执业证书",
    "教师资格证",
    "律师执业证书",
    "居民身份证",
    "居住证",
    "户口迁移证",
    "婚姻登记证",
    "社会保障卡",
    "残疾人证",
    "老年人优待证",
    "不动产权证书",
    "房屋预售许可证",
    "民办学校办学许可证",
    "宗教活动场所登记证",
    "公共场所卫生许可证",
    "特种设备使用登记证",
    "机动车驾驶证",
    "机动车行驶证",
    "广播电视节目制作经营许可证",
    "网络文化经营许可证",
    "娱乐场所经营许可证",
    "藏药制剂许可证",
    "草原使用权证",
    "人力资源服务许可证",
]
ACTIONS = [
    "设立登记",
    "变更登记",
    "注销登记",
    "核发",
    "延续",
    "补发",
    "换发",
    "备案",
    "审批",
    "年度报告",
    "信息查询",
    "证明开具",
    "撤销",
    "暂停",
    "恢复",
    "转让",
    "迁移",
    "遗失声明",
    "抵押登记",
    "预约",
    "资格认定",
    "档案查询",
    "申领",
    "增项",
    "减项",
    "复核",
    "监督检查",
    "投诉处理",
    "奖励",
    "补贴申领",
]
ITEMS = 1200


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongban.config.settings.test"
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench.catalog measures PostgreSQL; set DATABASE_URL=postgres://…")
    _create_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "bench.catalog_urls"
    call_command("migrate", verbosity=0)


def _create_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


def _names() -> list[str]:
    names = [f"{obj} {action}" for obj in OBJECTS for action in ACTIONS]
    return names[:ITEMS]


def _seed() -> str:
    """Seed once; returns a note for the report."""
    from tongban.catalog.models import Implementation

    if Implementation.objects.count() >= ITEMS * 80:
        _tibetan_names()
        return "seed reused"
    began = time.perf_counter()
    from bench.catalog_seed import seed

    seed(_names())
    _search_rows()
    return f"seeded in {time.perf_counter() - began:.0f} s"


def _search_rows() -> None:
    """The seed copies versions in SQL, past the services that keep the search rows:
    build them as a deployment does after a bulk load."""
    from tongban.catalog.services import search_entries_refresh

    search_entries_refresh()


def _tibetan_names() -> None:
    """Give a seed made before the Tibetan names its basic items' ``name_bo``."""
    from bench.catalog_tibetan import name_bo
    from tongban.catalog.models import BasicItem, SearchEntry

    missing = list(BasicItem.objects.filter(name_bo__in=["", None]))
    for item in missing:
        item.name_bo = name_bo(item.name_zh_hans or item.name)
    BasicItem.objects.bulk_update(missing, ["name_bo"], batch_size=500)
    if missing or not SearchEntry.objects.exists():
        _search_rows()


def _timed(fn: Callable[[], object], rounds: int = 2) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def _timed_cpu(fn: Callable[[], object], rounds: int = 2) -> tuple[float, float]:
    """Best wall time and best CPU time (client thread and database backend) of
    ``rounds`` calls, in ms."""
    from django.db import connection

    wall, cpu = float("inf"), float("inf")
    for _ in range(rounds):
        began, began_cpu = time.perf_counter(), cpu_ns(connection)
        fn()
        cpu = min(cpu, (cpu_ns(connection) - began_cpu) / 1e6)
        wall = min(wall, (time.perf_counter() - began) * 1000)
    return wall, cpu


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _queries() -> list[str]:
    from bench.catalog_tibetan import name_bo
    from tongban.catalog.domain.search_keys import pinyin_initials
    from tongban.catalog.models import Implementation

    names = _names()
    picks = [names[i] for i in range(0, ITEMS, 97)][:10]
    chinese = picks[:5] + [n.split()[0] for n in picks[5:8]] + ["变更登记", "拉萨"]
    tibetan = (
        [name_bo(n) for n in picks[:4]]
        + [name_bo(n).split()[0] for n in picks[4:7]]
        + ["འགྱུར་བཅོས་ཐོ་འགོད", "ཆོག་མཆན"]
    )
    initials = [pinyin_initials(n) for n in picks] + ["yyzz", "spjy"]
    sample = Implementation.objects.select_related("basic_item").order_by("id")
    rows = list(sample[:: max(1, sample.count() // 8)][:8])
    codes = [r.code for r in rows[:4]] + [r.basic_item.code for r in rows[4:]]
    return chinese + tibetan + initials + codes


ENGINES = {
    "before": "before: live versions by anti-join, sorted on the joined rows",
    "main": "main (2026-12-01): search rows; exact count and page joined to versions",
    "names_exact": "main (2026-12-02, 077eae8), exact count (the API's), first ask",
    "names": "main (2026-12-02, 077eae8), the search page, first ask",
    "exact": "after, exact count (the API's), first ask",
    "after": "after, the search page, first ask",
    "cached_exact": "after, exact count (the API's): matched names from the shared cache",
    "cached": "after, the search page: matched names from the shared cache",
}
# the engines that run this checkout's search with the names matched every time (a
# first ask) rather than read from the shared cache (``SEARCH_MATCH_CACHE_SECONDS``);
# main's (``bench.catalog_names``) matches them every time too
UNCACHED = ("exact", "after")
PAGES = ("names", "after", "cached")  # the search page's capped count


def _search_ms(queries: list[str]) -> dict[str, list[float]]:
    """Each query through the search as it was (``bench.catalog_before``), as main had
    it before this pass (``bench.catalog_joined``) and as it is, interleaved query by
    query so all see the same load on a shared machine. ``after`` is what the search
    page does (its count stops at 1,001 rows), ``exact`` what the API does (an exact
    count)."""
    from django.conf import settings

    from bench.catalog_before import SearchBefore
    from bench.catalog_joined import SearchJoined
    from bench.catalog_names import SearchNames
    from tongban.catalog.search import CappedPaginator, get_search

    search = get_search()
    engines = {
        "before": SearchBefore(),
        "main": SearchJoined(),
        "names_exact": SearchNames(),
        "names": SearchNames(),
        "exact": search,
        "after": search,
        "cached_exact": search,
        "cached": search,
    }
    kept = settings.SEARCH_MATCH_CACHE_SECONDS

    def run(name: str, query: str) -> list[int]:
        settings.SEARCH_MATCH_CACHE_SECONDS = 0 if name in UNCACHED else kept
        results = engines[name].search(query)
        if name in PAGES:
            paginator = CappedPaginator(results, 20, cap=settings.SEARCH_COUNT_CAP)
            counted = paginator.count
        else:
            counted = results.count()
        return [counted, *(v.pk for v in results[:20])]

    for query in queries:
        # the same first page from each engine, the count the same up to the cap
        pages = {name: run(name, query) for name in engines}
        cap = settings.SEARCH_COUNT_CAP
        for name in ("main", "names_exact", "exact", "cached_exact"):
            pages[name][0] = min(pages[name][0], cap)
        if any(pages["main"] != pages[name] for name in ENGINES if name != "before"):
            sys.exit(f"the first page of {query!r} differs from main's")

    for name in engines:
        for query in queries[:3]:
            run(name, query)  # warm caches and connections
    out: dict[str, list[float]] = {}
    for query in queries:
        for name in engines:
            wall, cpu = _timed_cpu(partial(run, name, query))
            out.setdefault(name, []).append(wall)
            out.setdefault(f"{name}_cpu", []).append(cpu)
    return out


def _pages_ms(codes: list[str]) -> dict[str, list[float]]:
    from django.test import Client

    client = Client()
    for url in (f"/items/{codes[0]}/", "/bench/bare/"):
        if client.get(url).status_code != 200:
            sys.exit(f"{url} does not answer 200")
    guide = [_timed(partial(client.get, f"/items/{code}/")) for code in codes]
    bare = [_timed(partial(client.get, "/bench/bare/")) for _ in codes]
    return {"guide": guide, "bare": bare}


def _measure(codes: list[str]) -> dict[str, Any]:
    queries = _queries()
    search = _search_ms(queries)
    pages = _pages_ms(codes)
    tibetan = [
        i for i, q in enumerate(queries) if any("\u0f00" <= c <= "\u0fff" for c in q)
    ]
    figures: dict[str, Any] = {
        "queries": len(queries),
        "tibetan": len(tibetan),
        "guide_p50": statistics.median(pages["guide"]),
        "bare_p50": statistics.median(pages["bare"]),
    }
    for name in ENGINES:
        times, cpu = search[name], search[f"{name}_cpu"]
        figures[name] = {
            "p50": statistics.median(times),
            "p95": _percentile(times, 0.95),
            "max": max(times),
            "bo_p95": _percentile([times[i] for i in tibetan], 0.95),
            "cpu_p50": statistics.median(cpu),
            "cpu_p95": _percentile(cpu, 0.95),
            "bo_cpu_p95": _percentile([cpu[i] for i in tibetan], 0.95),
            "slowest": max(zip(times, queries, strict=True)),
        }
    return figures


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _row(label: str, f: dict[str, Any]) -> str:
    return (
        f"| {label} | {f['p50']:.1f} | {f['p95']:.1f} | {f['bo_p95']:.1f} | "
        f"{f['cpu_p50']:.1f} | {f['cpu_p95']:.1f} | {f['bo_cpu_p95']:.1f} | "
        f"{f['max']:.1f} (`{f['slowest'][1]}`) |"
    )


def _ratio(figures: dict[str, Any], name: str, against: str, key: str) -> str:
    return f"{figures[name][key] / figures[against][key]:.2f}"


def main() -> None:
    began = time.perf_counter()
    load_before = os.getloadavg()
    _setup()
    from django.db import connection

    from tongban.catalog.models import Implementation
    from tongban.catalog.selectors import live_versions

    note = _seed()
    with connection.cursor() as cursor:
        # As autovacuum leaves a table some time after a bulk load: statistics, and the
        # visibility map that lets counts read the indexes alone.
        cursor.execute("VACUUM ANALYZE")
    count = Implementation.objects.count()
    live = live_versions().count()
    step = max(1, count // 40)
    codes = list(
        Implementation.objects.order_by("id").values_list("code", flat=True)[::step]
    )[:40]
    figures = _measure(codes)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    lines = [
        MARK,
        "## Catalogue: search and guide pages on 100,000 implementations",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} cores (nproc), {_cpu()}, shared; "
        f"Python {platform.python_version()}; PostgreSQL {server} on the same host",
        f"- data: {count:,} implementations ({live:,} live guides), "
        f"{ITEMS:,} basic items × 82 divisions, two materials each ({note})",
        f"- command: `python -m bench.catalog --write`; {figures['queries']} "
        "search queries (Chinese names whole and partial, "
        f"{figures['tibetan']} Tibetan names whole and partial, pinyin initials, "
        f"basic and implementation codes), {len(codes)} guide pages; best of 2 per "
        "request; each query's count and first page of 20 (the page's count "
        "stops at 1,001 rows)",
        "",
        "| search | wall p50 ms | wall p95 ms | wall p95, Tibetan | CPU p50 ms "
        "| CPU p95 ms | CPU p95, Tibetan | wall max ms (query) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(_row(label, figures[name]) for name, label in ENGINES.items()),
        "",
        "First ask, after / main of 2026-12-02, p95 (Tibetan): search page wall "
        f"{_ratio(figures, 'after', 'names', 'p95')} "
        f"({_ratio(figures, 'after', 'names', 'bo_p95')}), CPU "
        f"{_ratio(figures, 'after', 'names', 'cpu_p95')} "
        f"({_ratio(figures, 'after', 'names', 'bo_cpu_p95')}); exact count wall "
        f"{_ratio(figures, 'exact', 'names_exact', 'p95')} "
        f"({_ratio(figures, 'exact', 'names_exact', 'bo_p95')}), CPU "
        f"{_ratio(figures, 'exact', 'names_exact', 'cpu_p95')} "
        f"({_ratio(figures, 'exact', 'names_exact', 'bo_cpu_p95')}). "
        "Search page, names from the cache / first ask, p95: wall "
        f"{_ratio(figures, 'cached', 'after', 'p95')}, CPU "
        f"{_ratio(figures, 'cached', 'after', 'cpu_p95')}; "
        "after / the first search (before), p95: wall "
        f"{_ratio(figures, 'cached', 'before', 'p95')}, CPU "
        f"{_ratio(figures, 'cached', 'before', 'cpu_p95')}. CPU is "
        "the client thread's and its database backend's (kernel scheduler "
        "statistics): what a query costs apart from waiting for a core, which is "
        "what a quiet machine's wall time comes close to. The cached rows are the "
        "best of 2 calls of a query asked before (its names kept, as for any query "
        "asked again within `SEARCH_MATCH_CACHE_SECONDS`); the first-ask rows match "
        "the names on every call, as a query asked for the first time does. "
        f"Guide page p50 {figures['guide_p50']:.1f} ms against a bare view "
        f"{figures['bare_p50']:.1f} ms behind the same middleware "
        f"({figures['guide_p50'] / figures['bare_p50']:.1f}×, Django's test client, "
        "no HTTP). Load average (1/5/15 min) at the start of the run: "
        "{:.1f} / {:.1f} / {:.1f}, at the end: {:.1f} / {:.1f} / {:.1f}. Goal (issue 12): search p95 < 30 ms, Tibetan "
        "queries included.".format(*load_before, *os.getloadavg()),
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    print(f"(total {time.perf_counter() - began:.0f} s)")
    if "--write" in sys.argv[1:]:
        write_section(MARK, report)


if __name__ == "__main__":
    main()
