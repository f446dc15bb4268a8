"""The store's command line: ``migrate [--no-seed] [--url URL]`` and ``seed [--url URL]``."""

from __future__ import annotations

import os

from registration.store.facade import Store


def main(argv: list[str] | None = None) -> int:
    """Command line: ``migrate [--no-seed] [--url URL]`` or ``seed [--url URL]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m registration.store", description=main.__doc__)
    parser.add_argument("command", choices=["migrate", "seed"])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL, else the SQLite file under var/)")
    parser.add_argument(
        "--no-seed", action="store_true", help="do not add the demonstration former candidates"
    )
    args = parser.parse_args(argv)
    store = Store(args.url)
    try:
        if args.command == "migrate":
            store.migrate()
        seed = args.command == "seed" or not (args.no_seed or os.environ.get("BTS_SEED_DEMO") == "0")
        if seed:
            store.seed_former_candidates()
    finally:
        store.dispose()
    return 0
