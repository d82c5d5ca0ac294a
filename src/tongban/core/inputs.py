"""Checks every request's input passes before it reaches a form, serializer or service.

PostgreSQL refuses the NUL character in text and ``jsonb`` (SQLite keeps it), Python's JSON
reader recurses once per nesting level, and nothing downstream expects either; so both are
refused at the edge, by ``RequestGuardMiddleware`` (path, query, page forms) and by the API's
JSON parser (bodies), with stable codes ``nul_character`` and ``too_deep``.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

# Deeper than any document Tongban accepts (a form is an object of scalars and lists; a
# catalogue row is flat); far below where Python's parser would recurse out.
MAX_JSON_DEPTH = 32
NUL = "\x00"

# Input refused before it reaches a serializer (``core.inputs``, ``RequestGuardMiddleware``).
INPUT_PROBLEMS = {
    "nul_character": _("The request contains a NUL character, which is not accepted."),
    "too_deep": _("The JSON is nested too deeply."),
    "too_large": _("The request is larger than this service accepts."),
    "parse_error": _("The request body could not be read; send valid JSON."),
}


class InputRejected(ValueError):
    """Input no part of Tongban accepts; ``code`` is the stable problem code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def check_json(value: Any, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise ``InputRejected`` if parsed JSON nests past ``max_depth`` or holds a NUL.

    Walks iteratively, so the check itself cannot recurse out.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                raise InputRejected("nul_character")
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise InputRejected("too_deep")
            if isinstance(item, dict):
                if has_nul(str(key) for key in item):
                    raise InputRejected("nul_character")
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def loads_checked(text: str | bytes) -> Any:
    """``json.loads`` that answers ``InputRejected`` instead of recursing out."""
    try:
        value = json.loads(text)
    except RecursionError as error:
        raise InputRejected("too_deep") from error
    check_json(value)
    return value
