"""跨域通办 / 异地代收代办: where an item may be taken in, and the words of the 代收 record
(pure: no Django, no ORM).

An item's 通办范围 (GB/T 39046 Annex A, ``catalog.domain.tables.SCOPES``) says how far from
the handling organisation a hall may take its applications in: 跨县 within the handling
organisation's prefecture, 跨市 (区内通办) anywhere in its province or region, 跨省 and 全国
anywhere. Division codes are GB/T 2260 codes: the first two digits name the province, the
first four the prefecture. A hall whose region already covers the handling organisation
takes the application in as its own, not as a 代收.

Known limit: 跨省通办 in the 西南五省 arrangement is a list of agreed items and provinces;
the scope code alone does not say which provinces, so every province is reached.
"""

from enum import StrEnum

NO_SCOPE = ""
NATIONAL, CROSS_PROVINCE, CROSS_CITY, CROSS_COUNTY = "1", "2", "3", "4"

# How many leading digits of the two division codes must agree for a scope to reach.
_SHARED_DIGITS = {NATIONAL: 0, CROSS_PROVINCE: 0, CROSS_CITY: 2, CROSS_COUNTY: 4}


def scope_reaches(*, scope: str, handling_code: str, receiving_code: str) -> bool:
    """Whether a hall in ``receiving_code`` may take in an application for an item of
    ``scope`` handled in ``handling_code``."""
    shared = _SHARED_DIGITS.get(scope)
    if shared is None:
        return False
    return handling_code[:shared] == receiving_code[:shared]


def is_cross_province(*, handling_code: str, receiving_code: str) -> bool:
    return handling_code[:2] != receiving_code[:2]


class ProxyState(StrEnum):
    """Where the receiving hall's part of a case stands."""

    RECEIVED = "received"  # 代收: identity and materials checked, e-materials forwarded
    ORIGINALS_SENT = "originals_sent"  # paper originals handed to the courier
    ORIGINALS_RECEIVED = "originals_received"  # the handling organisation has them
    RESULT_SENT = "result_sent"  # the result is on its way to the receiving hall
    RESULT_ARRIVED = "result_arrived"  # the receiving hall holds the result for pickup


class ProxyEvent(StrEnum):
    DISPATCH_ORIGINALS = "dispatch_originals"
    RECEIVE_ORIGINALS = "receive_originals"
    SEND_RESULT = "send_result"
    RECEIVE_RESULT = "receive_result"


class ProxyRole(StrEnum):
    RECEIVING = "receiving_clerk"  # a counter clerk of the receiving hall's region
    HANDLING = "handling_staff"  # a clerk or officer of the handling organisation
    SYSTEM = "system"


class Delivery(StrEnum):
    """Where the applicant chose to receive the result."""

    RECEIVING_HALL = "receiving_hall"
    HANDLING_ORGANISATION = "handling_org"
    POST = "post"
