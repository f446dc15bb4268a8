"""Runs the backup command line (``registration.operations.backup.cli``): ``python -m registration.operations.backup create``."""

from registration.operations.backup.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
