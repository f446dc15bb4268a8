"""The store's command line: ``migrate [--url URL]`` and ``seed [--url URL]``.

``migrate`` adds the demonstration former candidates only when ``BTS_DEMO_FORMER_CANDIDATES=1`` (``make run``
and the tests set it; production leaves it unset); ``seed`` adds them whatever the environment says."""

from __future__ import annotations

from registration.store.facade import Store


def main(argv: list[str] | None = None) -> int:
    """Command line: ``migrate [--no-seed] [--url URL]`` or ``seed [--url URL]``."""
    import argparse

    from registration.settings import get_settings

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
        seed = args.command == "seed" or (get_settings().demo_former_candidates and not args.no_seed)
        if seed:
            store.seed_former_candidates()
    finally:
        store.dispose()
    return 0
