"""Checks on the free text of a ticket: markup and scripts are refused, not silently
escaped, so the requester knows to write plain words and nothing typed is lost later.

Pages escape all text anyway; the refusal is for the unit's own systems, which receive the
text through the exchange and may not.
"""

import re

_MARKUP = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|svg|img|style|link|meta|form|a)\b"
    r"|javascript\s*:|\bon[a-z]+\s*=\s*[\"']?",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(value: str) -> str | None:
    """``"markup"`` or ``"control"`` when ``value`` is refused, else ``None``."""
    if _CONTROL.search(value):
        return "control"
    if _MARKUP.search(value):
        return "markup"
    return None
