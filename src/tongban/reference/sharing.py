"""The reference data-sharing provider with its certificate source: the demo records of
``tongban.sharing.provider_data`` and the signed e-certificates of
``certificate_source``, served by ``tongban.sharing.provider`` (same protocol, same
options). ``tongban serve`` and the tests start this one.

    python -m tongban.reference.sharing --port 0 --secret S [--port-file F]
    python -m tongban.reference.sharing --export-issuer-keys DIR

The second form writes the public key files of the demo issuers Tongban may trust
(``<credit code>/<key id>.public.json``) and exits; install them with
``tongban certificates trust <file>`` (docs/certificates.md).
"""

import sys
from pathlib import Path

from tongban.reference.certificate_source import (
    certificate_records,
    issuer_keys_export,
)
from tongban.sharing.provider import main as provider_main
from tongban.sharing.provider_data import DEMO_RECORDS


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--export-issuer-keys"] and len(args) == 2:
        for path in issuer_keys_export(Path(args[1])):
            sys.stdout.write(f"{path}\n")
        return
    provider_main(args, records={**DEMO_RECORDS, **certificate_records()})


if __name__ == "__main__":
    main()
