"""Runs the back office's command line (``registration.backoffice.cli``): ``python -m registration.backoffice export``."""

from registration.backoffice.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
