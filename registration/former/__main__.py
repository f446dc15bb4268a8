"""Runs the former candidates' command line (``registration.former.cli``): ``python -m registration.former``."""

from registration.former.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
