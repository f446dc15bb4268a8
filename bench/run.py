"""Benchmarks printed as medians over several runs: PDF, store validation, conversation turns, training."""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx

from bench import nlu_heldout, understanding
from bench.embedded import embedded_stack
from bench.history import bench_history
from bench.starter import STARTER_TURNS, serve_starter
from bot.ops.stack import Stack

ROOT = Path(__file__).resolve().parent.parent


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (
        f"median {statistics.median(ordered) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   (n={len(ordered)})"
    )


def bench_pdf(runs: int) -> None:
    from registration.documents import render_confirmation
    from tests.samples import abroad_candidate, paris_candidate

    for name, content in (("paris", paris_candidate()), ("abroad", abroad_candidate())):
        render_confirmation(
            content,
            label="175 – 0",
            validated_at=datetime.now(),
            return_deadline=None,
            service_address="SIEC",
        )
        times, size = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            pdf = render_confirmation(
                content,
                label="175 – 0",
                validated_at=datetime.now(),
                return_deadline=None,
                service_address="SIEC",
            )
            times.append(time.perf_counter() - start)
            size = len(pdf)
        print(f"PDF generation ({name:6}) {ms(times)}   size {size / 1024:.0f} KiB")


def bench_store(runs: int) -> None:
    from registration.store import Store
    from tests.samples import paris_candidate

    urls = {"sqlite": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"}
    try:
        import psycopg

        psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", connect_timeout=2).close()
        urls["postgresql"] = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    except Exception:
        print("Store validation (postgresql): not reachable, skipped")
    for name, url in urls.items():
        store = Store(url)
        store.migrate()
        session = 3000 + os.getpid() % 1000
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            store.validate(paris_candidate(), academie_code="01", session=session)
            times.append(time.perf_counter() - start)
        print(f"Store validation ({name:10}) {ms(times)}")


PATHS = ("buttons", "free text", "one field at a time")


def _registration_turns(rasa_url: str, path: str) -> list[float]:
    """One whole registration of the same person along `path`; the latency of each candidate turn."""
    from tests.conversations import driver
    from tests.conversations.client import Candidate
    from tests.conversations.test_registrations import BASE, COMBINED, FREE_TEXT, FREE_TEXT_OPENING

    timings: list[float] = []

    class Timed(Candidate):
        def say(self, message: str):
            start = time.perf_counter()
            result = super().say(message)
            timings.append(time.perf_counter() - start)
            return result

    candidate = Timed(rasa_url)
    if path == "free text":
        for message in FREE_TEXT_OPENING:
            candidate.say(message)
        driver.fill(candidate, FREE_TEXT)
    else:
        candidate.say("bonjour")
        driver.fill(candidate, COMBINED if path == "buttons" else BASE)
    driver.validate(candidate)
    return timings


def bench_conversations(stack: Stack, runs: int, parallel: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    counts = {}
    for name in PATHS:
        counts[name] = len(_registration_turns(stack.rasa_url, name))
    print(
        "Candidate turns for a complete registration (the same dossier): "
        + ", ".join(f"{name} {count}" for name, count in counts.items())
    )
    sequential: list[float] = []
    for _ in range(runs):
        sequential.extend(_registration_turns(stack.rasa_url, "buttons"))
    print(f"Assistant turn latency, 1 registration at a time   {ms(sequential)}")
    concurrent: list[float] = []
    with ThreadPoolExecutor(parallel) as pool:
        for timings in pool.map(lambda _: _registration_turns(stack.rasa_url, "buttons"), range(parallel)):
            concurrent.extend(timings)
    print(f"Assistant turn latency, {parallel} registrations at once  {ms(concurrent)}")
    results["sequential"], results["concurrent"] = sequential, concurrent
    return results


def _starter_conversation(url: str) -> list[float]:
    sender = f"bench-{time.perf_counter_ns()}"
    timings = []
    for message in STARTER_TURNS * 5:
        start = time.perf_counter()
        httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
        timings.append(time.perf_counter() - start)
    return timings


def bench_starter(rasa_venv: Path, runs: int, parallel: int) -> dict[str, list[float]]:
    """The stock `rasa init` bot, trained and served the same way, as a yardstick for turn latency."""
    with serve_starter(rasa_venv) as url:
        _starter_conversation(url)
        sequential = [t for _ in range(runs) for t in _starter_conversation(url)]
        with ThreadPoolExecutor(parallel) as pool:
            concurrent = [
                t for ts in pool.map(lambda _: _starter_conversation(url), range(parallel)) for t in ts
            ]
        print(f"Starter bot turn latency, 1 conversation at a time {ms(sequential)}")
        print(f"Starter bot turn latency, {parallel} conversations at once {ms(concurrent)}")
        return {"sequential": sequential, "concurrent": concurrent}


def training_time() -> None:
    seconds = sorted(
        glob.glob(str(Path(os.environ.get("BTS_CACHE_DIR", "")) / "models" / "*.seconds")),
        key=os.path.getmtime,
    )
    if seconds:
        print(
            f"Training time (last full training of the current data): {Path(seconds[-1]).read_text().strip()} s"
        )


def nlu_cross_validation(folds: int) -> None:
    """Intent F1 of the NLU pipeline by k-fold cross-validation on the training data."""
    import json

    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(os.environ["RASA_VENV"]) / "bin" / "rasa"),
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "-c",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    report = json.loads((out / "intent_report.json").read_text())
    weighted = report["weighted avg"]
    print(
        f"NLU intent cross-validation ({folds} folds, {time.perf_counter() - start:.0f} s): "
        f"F1 {weighted['f1-score']:.3f}, precision {weighted['precision']:.3f}, recall {weighted['recall']:.3f}"
    )
    worst = sorted(
        (v["f1-score"], k)
        for k, v in report.items()
        if isinstance(v, dict) and "support" in v and k not in ("weighted avg", "macro avg", "micro avg")
    )[:4]
    print("  weakest intents: " + ", ".join(f"{name} {f1:.2f}" for f1, name in worst))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parallel", type=int, default=20)
    parser.add_argument("--skip-conversations", action="store_true")
    parser.add_argument(
        "--cross-validation",
        type=int,
        default=0,
        metavar="FOLDS",
        help="also run the NLU cross-validation with this many folds (slow)",
    )
    args = parser.parse_args()
    print(f"Benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    bench_pdf(30)
    bench_store(30)
    from bench import export as export_bench

    for fmt in ("csv", "jsonl"):
        export_bench.run([10_000, 100_000], fmt)
    from bench import backup as backup_bench

    backup_bench.run([10_000], ["sqlite", "postgresql"], runs=3)  # 100,000: python -m bench.backup
    training_time()
    nlu_heldout.report(Path(os.environ["RASA_VENV"]), Path(os.environ["MODEL"]))
    understanding.print_report(understanding.measure())
    if args.cross_validation:
        nlu_cross_validation(args.cross_validation)
    if args.skip_conversations:
        return
    stack = embedded_stack(Path(tempfile.mkdtemp()))
    stack.start()
    try:
        ours = bench_conversations(stack, args.runs, args.parallel)
        bench_history(stack.rasa_url)
    finally:
        stack.stop()
    starter = bench_starter(Path(os.environ["RASA_VENV"]), args.runs, args.parallel)
    for mode in ("sequential", "concurrent"):
        ratio = statistics.median(ours[mode]) / statistics.median(starter[mode])
        print(f"Ratio of median turn latency, ours / starter bot ({mode}): {ratio:.2f}")


if __name__ == "__main__":
    main()
