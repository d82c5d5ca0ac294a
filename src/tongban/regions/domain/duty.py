"""The names of a duty roster as a hall manager types them: one box per window, names
separated by a comma, the Chinese enumeration comma (、), a semicolon or a new line.

Pure: returns the cleaned names or the problem with them (too long, too many), so the
form and the service say the same thing.
"""

import re

SEPARATORS = re.compile(r"[,，、;；\n\r]+")
MAX_NAME = 60  # characters of one published name
MAX_PER_WINDOW = 6  # people at one window on one day


def duty_names(text: str) -> list[str]:
    """The names in ``text``, in order, blanks and repeats dropped."""
    names = (part.strip() for part in SEPARATORS.split(text or ""))
    return list(dict.fromkeys(name for name in names if name))


def duty_problem(names: list[str]) -> str | None:
    """``"too_long"``, ``"too_many"`` or ``None``."""
    if any(len(name) > MAX_NAME for name in names):
        return "too_long"
    if len(names) > MAX_PER_WINDOW:
        return "too_many"
    return None
