"""Signing keys outside the database: the ``KeyStore`` interface and its file store.

The database may be copied to reports, replicas and backups; a signing key must not travel
with it. ``FileKeyStore`` keeps one directory (``CERTIFICATE_KEY_DIR``, mode 0700):

- ``<key id>.public.json`` — algorithm, public key (hex), SM2 user ID, creation time;
- ``<key id>.private`` — the private key as one hex line, mode 0600;
- ``active`` — the key id new signatures use.

Rotation writes a new pair and then replaces ``active`` atomically; old public keys stay,
so every signature made before still verifies (an operator may delete an old
``.private`` file to retire it for good). Private keys are read only to build a signer
and never logged. A deployment that needs an HSM or a key service implements
``KeyStore`` for it.

Known limits: processes cache keys, so after a rotation the web workers sign with the old
key until they restart or call ``refresh()``; both keys verify, so nothing breaks.
"""

import datetime as dt
import json
import logging
import os
import secrets
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings

from .domain.signing import (
    PrivateKey,
    PublicKey,
    Signer,
    Verifier,
    key_id_check,
    key_pair_generate,
    signer_for,
    verifier_for,
)

logger = logging.getLogger(__name__)
ACTIVE = "active"


class KeyStoreError(RuntimeError):
    """The key store cannot give what was asked (no active key, unreadable file)."""


class KeyStore(Protocol):
    def generate(self, *, algorithm: str) -> PublicKey: ...

    def activate(self, key_id: str) -> None: ...

    def active_key_id(self) -> str | None: ...

    def signer(self) -> Signer: ...

    def verifier(self, key_id: str) -> Verifier | None: ...

    def public_keys(self) -> list[PublicKey]: ...


class FileKeyStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._signers: dict[str, Signer] = {}
        self._verifiers: dict[str, Verifier] = {}

    def __repr__(self) -> str:
        return f"FileKeyStore({str(self.directory)!r})"

    def generate(self, *, algorithm: str) -> PublicKey:
        """Write a new key pair (not yet active) and return its public key."""
        now = dt.datetime.now(dt.UTC)
        key_id = f"{algorithm}-{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
        private, public = key_pair_generate(algorithm=algorithm, key_id=key_id)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        record = {
            "key_id": key_id,
            "algorithm": algorithm,
            "public_key": public.data.hex(),
            "user_id": public.user_id.decode("ascii"),
            "created_at": now.isoformat(),
        }
        self._write_new(f"{key_id}.private", private.data.hex() + "\n", mode=0o600)
        self._write_new(f"{key_id}.public.json", json.dumps(record, indent=2) + "\n")
        logger.info("signing key generated: %s (%s)", key_id, algorithm)
        return public

    def activate(self, key_id: str) -> None:
        """Make ``key_id`` the key of new signatures (atomic: readers see old or new)."""
        self._private(key_id_check(key_id))  # refuse a key we could not sign with
        temporary = self.directory / f".{ACTIVE}.{secrets.token_hex(4)}"
        temporary.write_text(key_id + "\n", encoding="ascii")
        os.replace(temporary, self.directory / ACTIVE)
        logger.info("signing key activated: %s", key_id)

    def activate_if_none(self, key_id: str) -> bool:
        """Activate ``key_id`` unless a key is active already (first use, racing processes)."""
        try:
            self._write_new(ACTIVE, key_id + "\n")
        except FileExistsError:
            return False
        return True

    def active_key_id(self) -> str | None:
        try:
            text = (self.directory / ACTIVE).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return key_id_check(text)

    def signer(self) -> Signer:
        key_id = self.active_key_id()
        if key_id is None:
            raise KeyStoreError(f"no active signing key in {self.directory}")
        if key_id not in self._signers:
            public = self._public(key_id)
            if public is None:
                raise KeyStoreError(f"the active key {key_id} has no public key file")
            self._signers[key_id] = signer_for(self._private(key_id), public)
        return self._signers[key_id]

    def verifier(self, key_id: str) -> Verifier | None:
        if key_id not in self._verifiers:
            public = self._public(key_id)
            if public is None:
                return None
            self._verifiers[key_id] = verifier_for(public)
        return self._verifiers[key_id]

    def public_keys(self) -> list[PublicKey]:
        names = sorted(self.directory.glob("*.public.json"))
        keys = [self._public(path.name.removesuffix(".public.json")) for path in names]
        return [key for key in keys if key is not None]

    def refresh(self) -> None:
        self._signers.clear()

    def _public(self, key_id: str) -> PublicKey | None:
        try:
            key_id_check(key_id)
            record = json.loads(
                (self.directory / f"{key_id}.public.json").read_text(encoding="utf-8")
            )
        except (FileNotFoundError, ValueError):
            return None
        try:
            if record["key_id"] != key_id:
                raise KeyStoreError(f"{key_id}.public.json names another key id")
            return PublicKey(
                key_id=key_id,
                algorithm=record["algorithm"],
                data=bytes.fromhex(record["public_key"]),
                user_id=record.get("user_id", "").encode("ascii"),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise KeyStoreError(f"{key_id}.public.json is unreadable") from error

    def _private(self, key_id: str) -> PrivateKey:
        public = self._public(key_id)
        path = self.directory / f"{key_id}.private"
        if public is None or not path.exists():
            raise KeyStoreError(f"no private key {key_id} in {self.directory}")
        try:
            data = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except ValueError:
            # Never echo the file: it is a secret even when malformed.
            raise KeyStoreError(
                f"the private key file of {key_id} is not hex"
            ) from None
        return PrivateKey(key_id=key_id, algorithm=public.algorithm, data=data)

    def _write_new(self, name: str, text: str, *, mode: int = 0o644) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        handle = os.open(self.directory / name, flags, mode)
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(text)


@cache
def _store_for(directory: str) -> FileKeyStore:
    return FileKeyStore(Path(directory))


def key_store() -> FileKeyStore:
    """The deployment's key store (``CERTIFICATE_KEY_DIR``), one per process."""
    return _store_for(str(settings.CERTIFICATE_KEY_DIR))


def active_signer() -> Signer:
    """The signer of new signatures; in development a first key is made on first use."""
    store = key_store()
    if store.active_key_id() is None and settings.CERTIFICATE_KEY_AUTOGENERATE:
        public = store.generate(algorithm=settings.CERTIFICATE_SIGNING_ALGORITHM)
        store.activate_if_none(public.key_id)
    return store.signer()


def key_store_for(scope: str) -> FileKeyStore:
    """The key store of one issuing organisation (``scope``: its credit code), a
    sub-directory of ``CERTIFICATE_KEY_DIR``: each issuer signs with its own key and
    rotates it on its own."""
    return _store_for(str(settings.CERTIFICATE_KEY_DIR / key_id_check(scope)))


def active_signer_for(scope: str) -> Signer:
    """The issuer's signer; in development a first key is made on first use."""
    store = key_store_for(scope)
    if store.active_key_id() is None and settings.CERTIFICATE_KEY_AUTOGENERATE:
        public = store.generate(algorithm=settings.CERTIFICATE_SIGNING_ALGORITHM)
        store.activate_if_none(public.key_id)
    return store.signer()
