"""The ``tongban`` console command: Django's management commands under one name.

``tongban audit verify`` is ``manage.py audit verify``; the settings module defaults to the
development settings so a fresh checkout works without any environment variable.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongban.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
