"""Guide page reads per second: the public guide of a seeded service (``/items/<code>/``,
template, translations, the catalogue queries) against a bare Django view returning
"ok", both through Django's test client on one thread in the same run (the whole
middleware stack on both sides, no socket).

Run ``python -m bench.guide [--write]``. Best of 3 interleaved rounds of 3 s.
"""

import sys

from bench import common

MARK = "<!-- bench:guide -->"
SECONDS = 3.0


def main() -> None:
    common.setup()
    common.ensure_cases(1_000)
    from django.test import Client, override_settings

    from tongban.catalog import selectors as catalog_selectors

    version = (
        catalog_selectors.live_versions()
        .filter(implementation__division__code="540102")
        .first()
    )
    url = f"/items/{version.implementation.code}/"
    client = Client()
    best = {"guide": 0.0, "bare": 0.0}
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        for target in (url, "/bench/bare/"):
            status = client.get(target).status_code
            if status != 200:
                sys.exit(f"{target} answered {status}")
        for _ in range(3):
            for name, target in (("guide", url), ("bare", "/bench/bare/")):
                figure = common.rate(lambda _i, t=target: client.get(t), SECONDS)
                best[name] = max(best[name], figure)
    lines = [
        MARK,
        "## Guide page reads",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        "- command: `python -m bench.guide --write`; Django test client on one "
        f"thread (full middleware, no socket), best of 3 interleaved rounds of "
        f"{SECONDS:.0f} s; page `{url}`",
        "",
        "| what | requests/s |",
        "| --- | ---: |",
        f"| guide page | {best['guide']:,.0f} |",
        f"| baseline: bare view | {best['bare']:,.0f} |",
        "",
        f"Guide page vs bare view: **{best['bare'] / best['guide']:.1f}×** slower.",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
