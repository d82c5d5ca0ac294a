"""STYLE 2: every app that has services has an import-linter contract saying its services
use no other app's models, and each such contract forbids every other app's models (an
app added later is covered by the contracts written before it)."""

import tomllib
from pathlib import Path

import tongban

SRC = Path(tongban.__file__).parent
ROOT = SRC.parent.parent


def _contracts() -> dict[str, dict]:  # type: ignore[type-arg]
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {
        c["source_modules"][0].split(".")[1]: c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"].endswith("services use no other app's models")
    }


def _apps_with(pattern: str) -> set[str]:
    return {p.parent.name for p in SRC.glob(f"*/{pattern}")}


def test_every_app_with_services_has_a_contract() -> None:
    assert _apps_with("services*") - set(_contracts()) == set()


def test_each_contract_forbids_every_other_apps_models() -> None:
    models = {f"tongban.{p.parent.name}.{p.stem}" for p in SRC.glob("*/models*")}
    for app, contract in _contracts().items():
        others = {m for m in models if m.split(".")[1] != app}
        assert others - set(contract["forbidden_modules"]) == set(), app
