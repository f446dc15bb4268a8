"""Runs the store's command line (``registration.store.cli``): ``python -m registration.store migrate``."""

from registration.store.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
