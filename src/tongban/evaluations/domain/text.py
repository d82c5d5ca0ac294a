"""Free text of an evaluation: plain words only. Markup (a tag, a ``javascript:`` address,
an event-handler attribute) and control characters are refused rather than stored and
escaped later: an evaluation is pushed on to other platforms that may not escape it."""

import re

MAX_TEXT = 500
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(text: str) -> str | None:
    """A stable code for what is wrong with ``text``, or ``None``."""
    if len(text) > MAX_TEXT:
        return "text_too_long"
    if _CONTROL.search(text):
        return "text_control_characters"
    if _MARKUP.search(text):
        return "text_markup"
    return None
