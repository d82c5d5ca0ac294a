"""Keys outside the database: the file key store, rotation, first-use keys in
development, the ``tongban certificates`` command and the production requirement."""

import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import call_command

from tongban.certificates import keys
from tongban.certificates.domain.signing import (
    ED25519,
    SM2,
    Check,
    payload_sign,
    payload_verify,
)
from tongban.certificates.keys import FileKeyStore, KeyStoreError
from tongban.core.models import AuditEvent

PAYLOAD = {"type": "户口簿", "holder": "ཚེ་རིང་།"}


@pytest.fixture
def key_dir(tmp_path: Path, settings) -> Path:
    directory = tmp_path / "keys"
    settings.CERTIFICATE_KEY_DIR = directory
    settings.CERTIFICATE_KEY_AUTOGENERATE = False
    keys._store_for.cache_clear()
    yield directory
    keys._store_for.cache_clear()


def test_a_new_store_has_no_active_key_and_refuses_to_sign(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keys")

    assert store.active_key_id() is None
    with pytest.raises(KeyStoreError):
        store.signer()


@pytest.mark.parametrize("algorithm", [ED25519, SM2])
def test_generated_key_signs_once_activated(tmp_path: Path, algorithm: str) -> None:
    store = FileKeyStore(tmp_path / "keys")
    public = store.generate(algorithm=algorithm)
    store.activate(public.key_id)

    signature = payload_sign(PAYLOAD, signer=store.signer())

    assert signature.key_id == public.key_id
    assert payload_verify(PAYLOAD, signature, verifier_of=store.verifier) is Check.VALID


def test_rotation_keeps_old_signatures_valid(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keys")
    first = store.generate(algorithm=ED25519)
    store.activate(first.key_id)
    old = payload_sign(PAYLOAD, signer=store.signer())

    second = store.generate(algorithm=SM2)
    store.activate(second.key_id)
    new = payload_sign(PAYLOAD, signer=store.signer())
    # A fresh process (empty caches) reading the same directory.
    later = FileKeyStore(tmp_path / "keys")

    assert (old.key_id, new.key_id) == (first.key_id, second.key_id)
    assert new.algorithm == SM2
    assert payload_verify(PAYLOAD, old, verifier_of=later.verifier) is Check.VALID
    assert payload_verify(PAYLOAD, new, verifier_of=later.verifier) is Check.VALID
    assert [key.key_id for key in later.public_keys()] == sorted(
        [first.key_id, second.key_id]
    )


def test_private_keys_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keys")
    public = store.generate(algorithm=ED25519)

    mode = (tmp_path / "keys" / f"{public.key_id}.private").stat().st_mode

    assert stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700


def test_public_key_file_holds_no_private_key(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keys")
    public = store.generate(algorithm=SM2)
    directory = tmp_path / "keys"
    secret = (directory / f"{public.key_id}.private").read_text().strip()

    record = json.loads((directory / f"{public.key_id}.public.json").read_text())

    assert secret not in json.dumps(record)
    assert record["user_id"] == "1234567812345678"


def test_a_key_id_outside_the_directory_is_no_key(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keys")
    store.generate(algorithm=ED25519)

    assert store.verifier("../keys") is None
    with pytest.raises(ValueError, match="key ids"):
        store.activate("../../etc/passwd")


def test_a_malformed_private_key_is_reported_without_its_content(
    tmp_path: Path,
) -> None:
    store = FileKeyStore(tmp_path / "keys")
    public = store.generate(algorithm=ED25519)
    (tmp_path / "keys" / f"{public.key_id}.private").write_text("secret-not-hex\n")

    with pytest.raises(KeyStoreError) as caught:
        store.activate(public.key_id)

    assert "secret-not-hex" not in str(caught.value)


def test_first_use_in_development_makes_and_activates_one_key(
    key_dir: Path, settings
) -> None:
    settings.CERTIFICATE_KEY_AUTOGENERATE = True

    first = keys.active_signer()
    again = keys.active_signer()

    assert first.public_key.key_id == again.public_key.key_id
    assert first.public_key.algorithm == ED25519
    assert len(list(key_dir.glob("*.private"))) == 1


def test_without_autogeneration_no_key_is_made(key_dir: Path) -> None:
    with pytest.raises(KeyStoreError):
        keys.active_signer()

    assert not key_dir.exists() or not list(key_dir.iterdir())


def test_activate_if_none_keeps_the_key_another_process_activated(
    tmp_path: Path,
) -> None:
    store = FileKeyStore(tmp_path / "keys")
    winner = store.generate(algorithm=ED25519)
    loser = store.generate(algorithm=ED25519)

    assert store.activate_if_none(winner.key_id)
    assert not store.activate_if_none(loser.key_id)
    assert store.active_key_id() == winner.key_id


@pytest.mark.django_db
@pytest.mark.parametrize("algorithm", ["ed25519", "sm2"])
def test_keygen_command_rotates_and_audits(key_dir: Path, algorithm: str) -> None:
    call_command(
        "certificates", "keygen", "--algorithm", "ed25519", stdout=io.StringIO()
    )
    before = keys.key_store().active_key_id()
    old = payload_sign(PAYLOAD, signer=keys.active_signer())
    out = io.StringIO()

    call_command("certificates", "keygen", "--algorithm", algorithm, stdout=out)

    store = FileKeyStore(key_dir)
    after = store.active_key_id()
    assert after is not None
    assert after != before
    assert after in out.getvalue()
    assert store.signer().public_key.algorithm == algorithm
    assert payload_verify(PAYLOAD, old, verifier_of=store.verifier) is Check.VALID
    event = (
        AuditEvent.objects.filter(action="certificates.signing_key_rotate")
        .order_by("pk")
        .last()
    )
    assert event is not None
    assert event.changes["active_key_id"] == [before, after]
    secret = (key_dir / f"{after}.private").read_text().strip()
    assert secret not in out.getvalue() + json.dumps(event.changes)


@pytest.mark.django_db
def test_keys_command_lists_public_keys_and_marks_the_active_one(
    key_dir: Path,
) -> None:
    call_command("certificates", "keygen", "--algorithm", "sm2", stdout=io.StringIO())
    call_command("certificates", "keygen", stdout=io.StringIO())
    out = io.StringIO()

    call_command("certificates", "keys", stdout=out)

    lines = out.getvalue().splitlines()
    active = keys.key_store().active_key_id()
    assert len(lines) == 2
    assert [line for line in lines if line.startswith("*")] == [
        next(line for line in lines if active in line)
    ]


def test_a_retired_key_without_its_private_file_cannot_be_activated(
    tmp_path: Path,
) -> None:
    store = FileKeyStore(tmp_path / "keys")
    public = store.generate(algorithm=ED25519)
    (tmp_path / "keys" / f"{public.key_id}.private").unlink()

    with pytest.raises(KeyStoreError):
        store.activate(public.key_id)
    assert store.verifier(public.key_id) is not None  # it still verifies


def test_a_damaged_public_key_file_is_reported_as_such(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keys")
    public = store.generate(algorithm=ED25519)
    path = tmp_path / "keys" / f"{public.key_id}.public.json"
    path.write_text(json.dumps({"key_id": public.key_id, "public_key": "zz"}))

    with pytest.raises(KeyStoreError):
        store.verifier(public.key_id)


@pytest.mark.django_db
def test_keygen_for_an_organisation_rotates_only_that_issuers_key(
    key_dir: Path,
) -> None:
    call_command(
        "certificates",
        "keygen",
        "--algorithm",
        SM2,
        "--organisation",
        "11540100MB0T12340N",
        stdout=io.StringIO(),
    )
    issuer = keys.key_store_for("11540100MB0T12340N")
    assert (issuer.active_key_id() or "").startswith("sm2-")
    assert keys.key_store().active_key_id() is None
    assert (key_dir / "11540100MB0T12340N" / "active").exists()
