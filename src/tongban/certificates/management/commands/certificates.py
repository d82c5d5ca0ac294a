"""``tongban certificates keygen --algorithm ed25519|sm2``, ``tongban certificates keys``
and ``tongban certificates trust --issuer <credit code> <key id>.public.json``.

``keygen`` writes a new signing key into ``CERTIFICATE_KEY_DIR`` (with ``--organisation
<credit code>``, into that issuer's store) and makes it active (key rotation: old keys stay
and keep verifying); ``keys`` lists the public keys; ``trust`` installs the public key of
an issuer outside Tongban, whose certificates then verify when a shared source returns
them (docs/certificates.md). None ever prints private key material.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core.permissions import SYSTEM

from ... import selectors, services
from ...domain.signing import ALGORITHMS, SignatureFormatError
from ...keys import KeyStoreError


class Command(BaseCommand):
    help = (
        "E-certificate signing keys. 'keygen' writes a new key and makes it active; "
        "'keys' lists the public keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["keygen", "keys", "trust"])
        parser.add_argument(
            "key_file", nargs="?", default="", help="trust: the public key file"
        )
        parser.add_argument(
            "--issuer", default="", help="trust: the issuer's credit code"
        )
        parser.add_argument("--algorithm", choices=ALGORITHMS, default=ALGORITHMS[0])
        parser.add_argument(
            "--organisation",
            default="",
            help="An issuing organisation's credit code: rotate its key instead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "trust":
                self._trust(options)
                return
            if options["action"] == "keygen":
                public = services.signing_key_rotate(
                    algorithm=options["algorithm"],
                    actor=SYSTEM,
                    organisation=options["organisation"].strip().upper(),
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Active signing key: {public.key_id} ({public.algorithm}); "
                        "earlier keys still verify."
                    )
                )
                return
            for key, active in selectors.signing_public_keys():
                mark = "*" if active else " "
                self.stdout.write(
                    f"{mark} {key.key_id}  {key.algorithm}  {key.data.hex()}"
                )
        except (KeyStoreError, SignatureFormatError, OSError) as error:
            raise CommandError(str(error)) from error

    def _trust(self, options: dict[str, Any]) -> None:
        if not options["key_file"] or not options["issuer"].strip():
            raise CommandError("trust needs --issuer <credit code> and a key file")
        public = services.trusted_key_install(
            issuer=options["issuer"], path=Path(options["key_file"]), actor=SYSTEM
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Trusted {public.key_id} ({public.algorithm}) for issuer "
                f"{options['issuer'].strip().upper()}."
            )
        )
