"""Runs the staff command line (``registration.staff.cli``): ``python -m registration.staff add EMAIL ...``."""

from registration.staff.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
