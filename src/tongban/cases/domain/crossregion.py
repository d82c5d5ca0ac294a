"""跨域通办 / 异地代收代办: where an item may be taken in, and the words of the 代收 record
(pure: no Django, no ORM).

How far an item's 通办 scope reaches is the catalogue's rule (``catalog.domain.reach``);
a hall whose region already covers the handling organisation takes the application in as
its own, not as a 代收.
"""

from enum import StrEnum

from tongban.catalog.domain.reach import reach_prefix


def scope_reaches(*, scope: str, handling_code: str, receiving_code: str) -> bool:
    """Whether a hall in ``receiving_code`` may take in an application for an item of
    ``scope`` handled in ``handling_code``."""
    prefix = reach_prefix(scope=scope, handling_code=handling_code)
    return prefix is not None and receiving_code.startswith(prefix)


def is_cross_province(*, handling_code: str, receiving_code: str) -> bool:
    return handling_code[:2] != receiving_code[:2]


class ProxyState(StrEnum):
    """Where the receiving hall's part of a case stands."""

    RECEIVED = "received"  # 代收: identity and materials checked, e-materials forwarded
    ORIGINALS_SENT = "originals_sent"  # paper originals handed to the courier
    ORIGINALS_RECEIVED = "originals_received"  # the handling organisation has them
    RESULT_SENT = "result_sent"  # the result is on its way to the receiving hall
    RESULT_ARRIVED = "result_arrived"  # the receiving hall holds the result for pickup
    # Refused (不予受理) or denied: the paper originals go back to the applicant.
    ORIGINALS_RETURNING = "originals_returning"  # by courier to the receiving hall
    ORIGINALS_BACK = "originals_back"  # at the receiving hall for the applicant
    ORIGINALS_HANDED_BACK = "handed_back"  # given back to the applicant


class ProxyEvent(StrEnum):
    DISPATCH_ORIGINALS = "dispatch_originals"
    RECEIVE_ORIGINALS = "receive_originals"
    SEND_RESULT = "send_result"
    RECEIVE_RESULT = "receive_result"
    RETURN_ORIGINALS = "return_originals"
    RECEIVE_RETURNED = "receive_returned"
    HAND_BACK_ORIGINALS = "hand_back_originals"


class ProxyRole(StrEnum):
    RECEIVING = "receiving_clerk"  # a counter clerk of the receiving hall's region
    HANDLING = "handling_staff"  # a clerk or officer of the handling organisation
    SYSTEM = "system"


class Delivery(StrEnum):
    """Where the applicant chose to receive the result."""

    RECEIVING_HALL = "receiving_hall"
    HANDLING_ORGANISATION = "handling_org"
    POST = "post"
