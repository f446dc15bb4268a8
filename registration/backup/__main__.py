"""Runs the backup command line (``registration.backup.cli``): ``python -m registration.backup create``."""

from registration.backup.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
