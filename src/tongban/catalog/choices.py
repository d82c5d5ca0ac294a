"""The catalogue's code lists for other apps: a case compares the values of its frozen
version with these (``CaseType.INSTANT``) rather than with bare codes (``"1"``). The lists
themselves live with the models whose fields use them."""

from tongban.catalog.models.choices import (
    CaseType,
    MaterialSource,
    Necessity,
    SpecialProcedureKind,
)

__all__ = ["CaseType", "MaterialSource", "Necessity", "SpecialProcedureKind"]
