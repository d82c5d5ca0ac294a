"""The contract says what each case action takes: one operation per named action, each
with the request schema of its own serializer (not one all-optional union)."""

from pathlib import Path

import yaml

from tongban.cases.events import CASE_ACTIONS

ACTIONS = {a.slug: (a.event, a.request) for a in CASE_ACTIONS if a.endpoint}

OPENAPI = Path(__file__).resolve().parents[2] / "openapi" / "tongban.yaml"


def _operations() -> dict[str, dict]:  # type: ignore[type-arg]
    paths = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))["paths"]
    return {
        path.rsplit("/", 1)[1]: spec["post"]
        for path, spec in paths.items()
        if path.startswith("/api/v1/internal/cases/{uuid}/") and "post" in spec
    }


def test_every_case_action_has_its_own_operation() -> None:
    assert set(ACTIONS) <= set(_operations())


def test_each_action_documents_the_serializer_of_its_event() -> None:
    operations = _operations()
    for action, (_event, serializer) in ACTIONS.items():
        body = operations[action].get("requestBody")
        if not serializer().fields:
            assert body is None, action
            continue
        ref = body["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith(serializer.__name__.removesuffix("Serializer") + "Request")
