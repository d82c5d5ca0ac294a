"""Writes of the certificates app: key rotation, issuance and the changes of state of a
certificate, the wallet's share links and the use of a certificate as a material."""

from .issuance import (
    certificate_annul,
    certificate_issue,
    certificate_replace,
    certificate_revoke,
    certificate_type_save,
)
from .keys import signing_key_rotate, trusted_key_install
from .wallet import (
    certificate_share_create,
    certificate_share_revoke,
    certificate_share_view,
    certificate_use_check,
    certificate_use_for_material,
)

__all__ = [
    "certificate_annul",
    "certificate_issue",
    "certificate_replace",
    "certificate_revoke",
    "certificate_share_create",
    "certificate_share_revoke",
    "certificate_share_view",
    "certificate_type_save",
    "certificate_use_check",
    "certificate_use_for_material",
    "signing_key_rotate",
    "trusted_key_install",
]
