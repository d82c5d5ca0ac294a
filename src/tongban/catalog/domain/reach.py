"""How far from its handling organisation an item may be taken in (通办范围, pure).

An item's 通办 scope (GB/T 39046 Annex A, ``tables.SCOPES``) names the area in which any
hall may take its applications in: 跨县 the handling organisation's prefecture, 跨市
(区内通办) its province or autonomous region, 跨省 and 全国 anywhere. Division codes are
GB/T 2260 codes: the first two digits name the province, the first four the prefecture.

Known limit: 跨省通办 under the 西南五省 arrangement is a list of agreed items and provinces;
the scope code alone does not say which provinces, so every province is reached.
"""

# How many leading digits of the handling division's code bound the area of a scope.
_SHARED_DIGITS = {"1": 0, "2": 0, "3": 2, "4": 4}


def reach_prefix(*, scope: str, handling_code: str) -> str | None:
    """The code prefix of the divisions whose halls may take the item in: ``""`` for
    anywhere, ``None`` for only where it is handled (no or an unknown scope)."""
    shared = _SHARED_DIGITS.get(scope)
    if shared is None:
        return None
    return handling_code[:shared]


def reach_area_code(*, scope: str, handling_code: str) -> str | None:
    """The GB/T 2260 code of the area reached (``540000``, ``540200``), ``""`` for
    anywhere, ``None`` for nowhere beyond the handling organisation."""
    prefix = reach_prefix(scope=scope, handling_code=handling_code)
    if not prefix:
        return prefix
    return prefix.ljust(6, "0")
