"""Rotating a signing key (the deployment's or one issuing organisation's), and
installing the public key of an issuer outside Tongban whose certificates arrive from a
shared source (``trusted_key_install``).

Keys live in the key store, not in the database; the audit log records who rotated or
installed which key when (never the key material).
"""

import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from tongban.core.services import audit_record

from ..domain.signing import (
    PublicKey,
    SignatureFormatError,
    key_id_check,
    verifier_for,
)
from ..keys import KeyStoreError, key_store, key_store_for

PUBLIC_SUFFIX = ".public.json"


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


def trusted_key_install(*, issuer: str, path: Path, actor: Any) -> PublicKey:
    """Install ``path`` (a ``<key id>.public.json`` file, the format of
    ``keys.FileKeyStore``) as a public key of ``issuer`` (its credit code) under
    ``CERTIFICATE_TRUSTED_KEY_DIR``: certificates signed with it from a shared source
    then verify. Refused: a file that is not a readable public key of a known algorithm,
    or one holding a private key. Installing the same key again rewrites its file."""
    issuer = key_id_check(issuer.strip().upper())
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KeyStoreError(f"{path} is not a readable key file") from error
    if not isinstance(record, dict) or any("private" in str(k) for k in record):
        raise KeyStoreError(f"{path} is not a public key file")
    try:
        # Built and checked as the verifier will be: a key it cannot use is refused
        # here, not at the first certificate.
        public = PublicKey(
            key_id=key_id_check(str(record.get("key_id", ""))),
            algorithm=str(record["algorithm"]),
            data=bytes.fromhex(str(record["public_key"])),
            user_id=str(record.get("user_id", "")).encode("ascii"),
        )
        verifier_for(public)
    except (KeyError, ValueError, SignatureFormatError) as error:
        raise KeyStoreError(f"{path} is not a usable public key: {error}") from error
    target = Path(settings.CERTIFICATE_TRUSTED_KEY_DIR) / issuer
    target.mkdir(mode=0o755, parents=True, exist_ok=True)
    staged = target / f".{public.key_id}.{secrets.token_hex(4)}"
    staged.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="certificates.trusted_key_install",
            object_type="certificates.trusted_key",
            object_id=f"{issuer}/{public.key_id}",
            object_repr=f"{issuer}/{public.key_id}",
            changes={"algorithm": [None, public.algorithm], "issuer": [None, issuer]},
        )
        os.replace(staged, target / f"{public.key_id}{PUBLIC_SUFFIX}")
    return public
