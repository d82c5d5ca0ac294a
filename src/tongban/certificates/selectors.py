"""Reads of the certificates app. So far: the public signing keys, for verifiers."""

from .domain.signing import PublicKey
from .keys import key_store


def signing_public_keys() -> list[tuple[PublicKey, bool]]:
    """Every public key of the store, each with whether it signs new signatures."""
    store = key_store()
    active = store.active_key_id()
    return [(key, key.key_id == active) for key in store.public_keys()]
