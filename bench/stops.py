"""Many stops of the assistant, started as an operator starts it (`setsid make run`, or run-cluster).

    python -m bench.stops --rasa-venv … --model … [--tries 20] [--ways term-group,int-group,term-group-twice]
                          [--cluster]

Each try starts the assistant, waits until it says it is ready, stops it one way, and checks that within 20 s
no process and no listening port of it is left. One line per try, then per way: tries, clean stops, the
slowest stop. The tests (tests/operations/test_clean_stop.py) run one of each; this runs as many as asked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bot.ops.cluster import Backends
from bot.ops.cluster.databases import admin_dsn, drop_database
from tests.conftest import FIXED_NOW
from tests.operations.assistant import STOP_BUDGET, new_assistant

STORE_DB, TRACKER_DB = "bts_stops", "bts_stops_trackers"  # the cluster's, dropped at the end


def main() -> None:
    parser = argparse.ArgumentParser(description="Repeated stops of the assistant.")
    parser.add_argument("--rasa-venv", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--ways", default="term-group,int-group,term-group-twice")
    parser.add_argument("--cluster", action="store_true", help="make run-cluster's topology")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bts-stops-"))
    results: dict[str, list[tuple[bool, float, float]]] = {}
    began = time.monotonic()
    for k in range(args.tries):
        for how in args.ways.split(","):
            assistant = new_assistant(base, cluster=args.cluster)
            extra = {"BTS_NOW": FIXED_NOW}
            if args.cluster:
                extra.update(CLUSTER_STORE_DB=STORE_DB, CLUSTER_TRACKER_DB=TRACKER_DB)
            try:
                assistant.start(args.rasa_venv, args.model, extra)
                ready = assistant.wait_ready()
                assistant.signal(how)
                seconds, left, ports = assistant.wait_gone()
            finally:
                assistant.kill_everything()
            clean = not left and not ports and seconds <= STOP_BUDGET
            results.setdefault(how, []).append((clean, seconds, ready))
            print(
                f"try {k + 1} {how}: ready in {ready:.0f} s, stopped in {seconds:.1f} s, "
                f"{'clean' if clean else f'LEFT processes {sorted(left)} ports {ports}'}",
                flush=True,
            )
    if args.cluster:
        backends = Backends.from_environment()
        dsn = admin_dsn(backends.pg_host, backends.pg_port, backends.pg_user, backends.pg_password)
        for database in (STORE_DB, TRACKER_DB):
            drop_database(dsn, database)
    print(f"\n{time.monotonic() - began:.0f} s in all; logs in {base}")
    failures = 0
    for how, tries in results.items():
        clean = sum(ok for ok, _, _ in tries)
        failures += len(tries) - clean
        slowest = max(seconds for _, seconds, _ in tries)
        print(f"stops {how}: {clean}/{len(tries)} clean, slowest {slowest:.1f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
