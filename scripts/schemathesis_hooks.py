"""Schemathesis hooks: put ids that exist into most generated paths.

Random UUIDs and codes only ever meet "not found", so the handlers behind the lookup are
never reached. ``SCHEMATHESIS_KNOWN_IDS`` names a JSON file (written by
scripts/schemathesis.sh from the demo and seeded data) mapping a kind of id to real values;
four paths in five get one of them (picked from the generated value, so examples
replay), the rest keep the generated value.
"""

import json
import os
import zlib
from typing import Any

import schemathesis

with open(os.environ["SCHEMATHESIS_KNOWN_IDS"], encoding="utf-8") as stream:
    KNOWN: dict[str, list[Any]] = json.load(stream)

# (path fragment, parameter) → kind of id; the first matching fragment wins.
RULES = [
    ("/cases/{uuid}", "uuid", "case"),
    ("/catalog/implementations/{uuid}", "uuid", "implementation"),
    ("/versions/{number}", "number", "version_number"),
    ("/rows/{kind}", "kind", "row_kind"),
    ("/halls/{uuid}", "uuid", "hall"),
    ("/organisations/{uuid}", "uuid", "organisation"),
    ("/staff/{uuid}", "uuid", "staff"),
    ("/applicants/{uuid}", "uuid", "applicant"),
    ("/catalog/basic-items/{code}", "code", "basic_item"),
    ("/items/{code}", "code", "implementation_code"),
    ("/divisions/{code}", "code", "division"),
    ("/calendars/{code}", "code", "division"),
]


@schemathesis.hook
def map_path_parameters(ctx: Any, path_parameters: dict[str, Any] | None) -> Any:
    if not path_parameters:
        return path_parameters
    path = ctx.operation.path
    for fragment, name, kind in RULES:
        values = KNOWN.get(kind)
        if fragment in path and name in path_parameters and values:
            # Chosen from the generated value, not at random: Hypothesis must be able
            # to replay and shrink a failing example.
            pick = zlib.crc32(str(path_parameters[name]).encode())
            if pick % 5:
                path_parameters[name] = values[pick % len(values)]
    return path_parameters
