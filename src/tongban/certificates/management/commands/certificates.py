"""``tongban certificates keygen --algorithm ed25519|sm2`` and ``tongban certificates keys``.

``keygen`` writes a new signing key into ``CERTIFICATE_KEY_DIR`` (with ``--organisation
<credit code>``, into that issuer's store) and makes it active (key rotation: old keys stay
and keep verifying); ``keys`` lists the public keys. Neither ever
prints private key material.
"""

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
        parser.add_argument("action", choices=["keygen", "keys"])
        parser.add_argument("--algorithm", choices=ALGORITHMS, default=ALGORITHMS[0])
        parser.add_argument(
            "--organisation",
            default="",
            help="An issuing organisation's credit code: rotate its key instead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
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
