"""Runs the lists' command line (``registration.lists.cli``): ``python -m registration.lists``."""

from registration.lists.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
