#!/usr/bin/env python
"""Django's command-line utility for the OCOP Portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    from django.core.management import execute_from_command_line

    from ocop_portal.env import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as exc:
        sys.stderr.write(f"Configuration error: {exc}\nSee docs/configuration.md.\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
