"""Runs the referentials' command line (``registration.referentials.cli``): ``python -m registration.referentials``."""

from registration.referentials.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
