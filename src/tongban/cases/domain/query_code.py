"""The query code (查询码) that, with the case number, opens the public progress query.

New codes have 10 digits. Case numbers are sequential per day, so the code is the only secret:
with the per-number lock (5 wrong codes an hour by default) an attacker spread over many
addresses gets about 120 guesses a day per case, and over 100 000 open cases 8 digits would give
away about one case a week (100 000 × 120 / 10⁸); 10 digits make it one in two years. Digits
stay, because they are typed on phone keypads and read aloud in Chinese and Tibetan alike.

Codes issued before (8 digits) stay valid: they are printed on receipts and cannot be changed
behind the applicant's back; they stop mattering as those cases close.
"""

import secrets

QUERY_CODE_DIGITS = 10
LEGACY_QUERY_CODE_DIGITS = 8
# What the query forms accept: a new code or one issued before.
QUERY_CODE_PATTERN = r"^(\d{10}|\d{8})$"


def new_query_code() -> str:
    return f"{secrets.randbelow(10**QUERY_CODE_DIGITS):0{QUERY_CODE_DIGITS}d}"
