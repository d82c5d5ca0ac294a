"""What a verifier is told about a certificate: one verdict from its signed state, its
dates and the signature check. Pure; the selector gathers the facts.

Order matters: a certificate whose signature fails is reported as not genuine whatever
its state says, because the state itself may be the altered part; a genuine revoked one
is revoked even when also expired (revocation is the stronger fact)."""

import datetime as dt
import enum


class Status(enum.StrEnum):
    """The signed state of a certificate (each change is a new signed state)."""

    VALID = "valid"
    ANNULLED = "annulled"  # 注销: withdrawn at the holder's request or as void
    REVOKED = "revoked"  # 吊销/撤销: taken away by the issuing body
    REPLACED = "replaced"  # 换发: superseded by a new certificate


class Verdict(enum.StrEnum):
    """Stable codes for the public page and the API."""

    VALID = "valid"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    ANNULLED = "annulled"
    REPLACED = "replaced"
    FORGED = "forged"  # the data or the signature was altered, or the key is unknown
    CODE_MISMATCH = "code_mismatch"  # the 2-D code's check value is not this state's
    NOT_FOUND = "not_found"


def verdict(
    *,
    genuine: bool,
    status: str,
    valid_from: dt.date,
    valid_until: dt.date | None,
    today: dt.date,
) -> Verdict:
    if not genuine:
        return Verdict.FORGED
    if status != Status.VALID:
        return Verdict(status)
    if today < valid_from:
        return Verdict.NOT_YET_VALID
    if valid_until is not None and today > valid_until:
        return Verdict.EXPIRED
    return Verdict.VALID


def valid_until(issued: dt.date, *, years: int | None) -> dt.date | None:
    """The last valid day for a validity of ``years`` (None: no end). 29 February moves
    to 28 February in a year without it; the day before the anniversary is the last."""
    if years is None:
        return None
    try:
        end = issued.replace(year=issued.year + years)
    except ValueError:
        end = issued.replace(year=issued.year + years, day=28)
    return end - dt.timedelta(days=1)
