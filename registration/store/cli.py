"""The store's command line: ``migrate [--url URL]`` and ``seed [--url URL]``.

``migrate`` adds the demonstration former candidates only when ``BTS_DEMO_FORMER_CANDIDATES=1`` (``make run``
and the tests set it; production leaves it unset); ``seed`` adds them whatever the environment says."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Command line: ``migrate [--no-seed] [--url URL]`` or ``seed [--url URL]``."""
    import argparse

    from registration.app import create_app  # the command line is an entry point: it builds the application
    from registration.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m registration.store", description=main.__doc__)
    parser.add_argument("command", choices=["migrate", "seed"])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL, else the SQLite file under var/)")
    parser.add_argument(
        "--no-seed", action="store_true", help="do not add the demonstration former candidates"
    )
    args = parser.parse_args(argv)
    settings = Settings.from_environment(**({"database_url": args.url} if args.url else {}))
    seed = args.command == "seed" or (settings.demo_former_candidates and not args.no_seed)
    # migrate: the application's store is brought up to date as it is made; seed: only seeded
    application = create_app(settings, migrate=args.command == "migrate", seed=False)
    try:
        if seed:
            application.store.seed_former_candidates()
    finally:
        application.dispose()
    return 0
