"""Masking of identity numbers for pages, API responses to unprivileged callers and logs.

``540102199001010028`` becomes ``5401**********0028``: the division prefix and the last four
characters stay readable so a clerk can confirm a number with the applicant, the birth date
and sequence do not.
"""

import re

KEEP_START = 4
KEEP_END = 4

# 15/18-character resident IDs and 18-character credit codes inside free text (log lines).
_IDENTIFIER_IN_TEXT = re.compile(
    r"(?<![0-9A-Z])(\d{17}[\dXx]|\d{15}|[0-9A-HJ-NPQRTUWXY]{18})(?![0-9A-Z])"
)


def mask_identifier(value: str) -> str:
    value = value or ""
    if len(value) <= KEEP_START + KEEP_END:
        return "*" * len(value)
    hidden = len(value) - KEEP_START - KEEP_END
    return value[:KEEP_START] + "*" * hidden + value[-KEEP_END:]


def mask_identifiers_in_text(text: str) -> str:
    return _IDENTIFIER_IN_TEXT.sub(lambda m: mask_identifier(m.group(0)), text)
