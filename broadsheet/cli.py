"""The `broadsheet` console script: the product's commands plus Django's management commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Subcommands whose public spelling is not a valid Python module name.
_ALIASES = {"demo-publishers": "demo_publishers"}


def main(argv: list[str] | None = None) -> None:
    """Run `broadsheet <command> ...` (see `broadsheet help`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = _ALIASES.get(args[0], args[0])
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["broadsheet", *args])


if __name__ == "__main__":
    main()
