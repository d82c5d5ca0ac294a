"""Staff pages are laid out one way in every app (catalog and cases today): a ``views``
package with a ``workbench`` module, whose templates live under ``<app>/workbench/``."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tongban"
TEMPLATE = re.compile(r"""["']([a-z_]+/[a-z_/]+\.html)["']""")
APPS = ("catalog", "cases")
# The modules of staff pages in each app (counter intake is staff work too).
STAFF = {"catalog": ("workbench",), "cases": ("workbench", "intake")}
# A staff preview shows a draft exactly as the public page will.
PREVIEWS = {"catalog/guide.html"}


@pytest.mark.parametrize("app", APPS)
def test_staff_pages_are_in_the_views_package(app: str) -> None:
    assert (SRC / app / "views" / "__init__.py").exists()
    assert (SRC / app / "views" / "workbench.py").exists()
    assert not (SRC / app / "views.py").exists()
    assert not (SRC / app / "workbench.py").exists()


@pytest.mark.parametrize("app", APPS)
def test_staff_templates_live_under_workbench(app: str) -> None:
    rendered = [
        template
        for module in STAFF[app]
        for template in TEMPLATE.findall(
            (SRC / app / "views" / f"{module}.py").read_text(encoding="utf-8")
        )
    ]
    assert rendered
    outside = [t for t in rendered if not t.startswith(f"{app}/workbench/")]
    assert set(outside) <= PREVIEWS
    for template in rendered:
        assert (SRC / app / "templates" / template).exists(), template
