"""Exports of generated dossiers: time and peak memory at 10,000 and 100,000 dossiers (memory must be flat).

``python -m bench.export [--sizes 10000 100000] [--format csv]``; also run by ``make bench``. The dossiers are
generated into a fresh SQLite store (bulk inserts of a realistic content: épreuves, acquis), then each export
runs in its own process, which prints its wall time, the bytes written and its peak resident memory
(``ru_maxrss``). Memory is flat when the peak at 100,000 stays within a few MiB of the peak at 10,000.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BATCH = 5_000


def _content(index: int) -> dict:
    from tests.samples import paris_candidate

    content = paris_candidate()
    content["etat_civil"].update(
        nom=f"CANDIDAT{index:06d}", date_naissance=f"{1 + index % 28:02d}/0{1 + index % 9}/2004"
    )
    content["email"] = f"candidat{index}@example.org"
    content["acquis"] = [
        {
            "diplome_code": "32031213",
            "diplome_title": "BTS MCO",
            "epreuve_code": "E1",
            "epreuve_title": "Culture générale et expression",
            "position": "BENEFICE",
            "annee": 2025,
            "academie": "Paris",
            "note": 10 + index % 10 / 2,
        },
    ]
    return content


def _insert_batch(session, dossiers: list[dict], revisions: list[dict]) -> None:
    from sqlalchemy import insert

    from registration.models import Dossier, DossierRevision

    session.execute(insert(Dossier), dossiers)
    session.execute(insert(DossierRevision), revisions)


def generate(url: str, start: int, stop: int) -> None:
    """Dossiers ``start`` to ``stop - 1`` of académie 01, session 2027, inserted in batches."""

    from registration.store import Store
    from registration.store.dossiers import searchable_facts

    store = Store(url)
    store.migrate()
    base = datetime(2026, 10, 5, 9, tzinfo=UTC)
    template = _content(0)
    for first in range(start, stop, BATCH):
        dossiers, revisions = [], []
        for index in range(first, min(first + BATCH, stop)):
            content = copy.deepcopy(template)
            content["etat_civil"]["nom"] = f"CANDIDAT{index:06d}"
            content["email"] = f"candidat{index}@example.org"
            when = base + timedelta(minutes=index)
            dossiers.append(
                dict(
                    id=index + 1,
                    number=index + 1,
                    academie_code="01",
                    session=2027,
                    revision=0,
                    created_at=when,
                    validated_at=when,
                    channel="web",
                    status="attente",
                    late=False,
                    **searchable_facts(content),
                )
            )
            revisions.append(dict(dossier_id=index + 1, revision=0, content=content, validated_at=when))
        store.transaction(lambda session, d=dossiers, r=revisions: _insert_batch(session, d, r))
    store.dispose()


def child(url: str, fmt: str) -> None:
    """Runs one export to /dev/null and prints {seconds, bytes, rows, peak_mib} as JSON."""
    from registration.backoffice import export
    from registration.backoffice.search import DossierQuery
    from registration.store import Store

    store = Store(url)
    started = time.perf_counter()
    written = lines = 0
    with open("/dev/null", "wb") as sink:
        for chunk in export.stream(store, DossierQuery(sort="numero"), None, fmt):
            sink.write(chunk)
            written += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "bytes": written, "lines": lines, "peak_mib": peak}))


def measure(url: str, fmt: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.export", "--child", url, "--format", fmt],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(sizes: list[int], fmt: str = "csv") -> list[tuple[int, dict]]:
    results = []
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'export.sqlite3'}"
        made = 0
        for size in sorted(sizes):
            started = time.perf_counter()
            generate(url, made, size)
            print(
                f"  generated {size - made} dossiers in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
            made = size
            result = measure(url, fmt)
            results.append((size, result))
            print(
                f"Export {fmt} of {size:>7,} dossiers: {result['seconds']:6.1f} s, "
                f"{result['bytes'] / 1e6:6.1f} MB, {size / result['seconds']:7,.0f} dossiers/s, "
                f"peak memory {result['peak_mib']:.0f} MiB"
            )
    if len(results) > 1:
        low, high = results[0][1]["peak_mib"], results[-1][1]["peak_mib"]
        print(
            f"Export peak memory from {results[0][0]:,} to {results[-1][0]:,} dossiers: {low:.0f} → {high:.0f} MiB "
            f"({high - low:+.0f} MiB)"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.format)
        return
    run(args.sizes, args.format)


if __name__ == "__main__":
    main()
