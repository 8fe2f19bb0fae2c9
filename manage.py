#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Unset means production (which refuses to start without SECRET_KEY and ALLOWED_HOSTS), never the
    # local debug and demo settings: bin/demo and bin/test set theirs.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
