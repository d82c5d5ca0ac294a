"""Rotating a signing key (the deployment's or one issuing organisation's).

Keys live in the key store, not in the database; the audit log records who rotated which
key when (never the key material).
"""

from typing import Any

from django.db import transaction

from tongban.core.services import audit_record

from ..domain.signing import PublicKey
from ..keys import key_store, key_store_for


def signing_key_rotate(
    *, algorithm: str, actor: Any, organisation: str = ""
) -> PublicKey:
    """Generate a key pair and make it the key of new signatures.

    The previous keys stay in the store, so every signature made with them still verifies.
    Activation runs last inside the transaction: if it fails, the audit row goes too.
    ``organisation`` (a credit code) rotates that issuer's key instead of the deployment's.
    """
    store = key_store_for(organisation) if organisation else key_store()
    before = store.active_key_id()
    public = store.generate(algorithm=algorithm)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="certificates.signing_key_rotate",
            object_type="certificates.signing_key",
            object_id=public.key_id,
            object_repr=public.key_id,
            changes={
                "active_key_id": [before, public.key_id],
                "algorithm": [None, algorithm],
                "organisation": [None, organisation],
            },
        )
        store.activate(public.key_id)
    return public
