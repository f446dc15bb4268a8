"""Open-loop load test: how many candidates in conversation each target serves with p95 turn latency <= 500 ms.

Targets, one series of steps each, in one run: the embedded default (`bot.ops.stack.Stack`: front server, Rasa,
action server, SQLite) through the web chat's API; the stock Rasa starter bot over its REST channel; the
cluster (`bot.ops.cluster`) through its public URL, when the project has it. Locust runs in its own environment
(LOAD_VENV) with bench/load/locustfile.py; this module starts and stops the targets and prints the tables.
The last line printed is the capacity line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.embedded import NOW, embedded_stack
from bench.load import plan
from bench.starter import serve_starter

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
START_TIMEOUT = 600.0  # seconds for a target to answer: loading a Rasa model is slow on a busy machine


@dataclass
class Target:
    name: str
    title: str
    user_class: str  # in locustfile.py
    steps: list[int]
    serve: Callable[[Path], AbstractContextManager[str]]  # var dir → base URL while in use


@contextmanager
def embedded(var_dir: Path) -> Iterator[str]:
    """The default stack of `make run` on free ports, with its SQLite database in `var_dir`."""
    stack = embedded_stack(var_dir, BTS_OUTBOX_DIR=str(var_dir / "outbox"))
    stack.start(timeout=START_TIMEOUT)
    try:
        yield stack.front_url
    finally:
        stack.stop()


@contextmanager
def starter(var_dir: Path) -> Iterator[str]:
    with serve_starter(Path(os.environ["RASA_VENV"]), timeout=START_TIMEOUT) as url:
        yield url


def cluster_missing() -> str | None:
    """Why the cluster cannot be measured here, or None."""
    if os.environ.get("LOAD_NO_CLUSTER"):
        return os.environ["LOAD_NO_CLUSTER"]
    try:
        import bot.ops.cluster  # noqa: F401
    except ImportError:
        return "bot/ops/cluster is not in this checkout"
    return None


@contextmanager
def cluster(var_dir: Path) -> Iterator[str]:
    """The production topology (make run-cluster) on free ports, with fresh databases of its own."""
    from bot.ops.cluster import Backends, Cluster, Ports

    backends = Backends(
        **{**Backends.from_environment().__dict__, "store_db": "bts_load", "tracker_db": "bts_load_trackers"}
    )
    running = Cluster(
        Path(os.environ["RASA_VENV"]),
        Path(os.environ["MODEL"]),
        var_dir,
        ports=Ports.free(),
        backends=backends,
        fresh_databases=True,
        extra_env={"BTS_NOW": NOW, "BTS_OUTBOX_DIR": str(var_dir / "outbox")},
    )
    running.start(timeout=START_TIMEOUT)
    try:
        yield running.public_url
    finally:
        running.stop()


def warm_up(url: str, user_class: str) -> None:
    """A few turns before measuring: a freshly started Rasa server answers its first messages slowly."""
    with httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(6):  # several servers behind a load balancer each get some
            if user_class == "StarterCandidate":
                client.post("/webhooks/rest/webhook", json={"sender": "warm-up", "message": "hello"})
            else:
                client.post("/api/message", json={"message": "/greet"}).raise_for_status()


def run_series(target: Target, work: Path, plan_file: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Starts the target, runs Locust through its steps, stops the target; returns Locust's result."""
    var_dir = work / target.name
    var_dir.mkdir(parents=True)
    result_file = var_dir / "load-result.json"
    started = time.monotonic()
    with target.serve(var_dir) as url:
        warm_up(url, target.user_class)
        ready = time.monotonic()
        env = {
            **os.environ,
            "LOAD_PLAN": str(plan_file),
            "LOAD_RESULT": str(result_file),
            "LOAD_STEPS": ",".join(map(str, target.steps)),
            "LOAD_STEP_SECONDS": str(args.step_seconds),
            "LOAD_WARMUP_SECONDS": str(args.warmup_seconds),
            "LOAD_THINK_SECONDS": str(args.think_seconds),
            "LOAD_P95_LIMIT_MS": str(args.p95_limit_ms),
        }
        with open(var_dir / "locust.log", "wb") as log:
            subprocess.run(
                [
                    str(Path(os.environ["LOAD_VENV"]) / "bin" / "locust"),
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--host",
                    url,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--exit-code-on-error",
                    "0",
                    target.user_class,
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
            )
    if not result_file.exists():
        raise RuntimeError(f"Locust wrote no result (see {var_dir}/locust.log)")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["start_seconds"] = round(ready - started, 1)
    result["series_seconds"] = round(time.monotonic() - started, 1)
    return result


def capacity(result: dict[str, Any]) -> tuple[int, float]:
    """The last step within the limit before the first one over it: (candidates, turns/s)."""
    best = (0, 0.0)
    for step in result["steps"]:
        if not step["within_limit"]:
            break
        best = (step["candidates"], step["turns_per_s"])
    return best


def table(result: dict[str, Any]) -> str:
    lines = [
        "| candidates | turns | turns/s | p50 ms | p95 ms | p99 ms | failed turns | registrations done "
        "| gave up | within 500 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for step in result["steps"]:
        lines.append(
            f"| {step['candidates']} | {step['turns']} | {step['turns_per_s']:.1f} | {step['p50_ms']:.0f} "
            f"| {step['p95_ms']:.0f} | {step['p99_ms']:.0f} | {step['failed_turns']} "
            f"| {step['registrations_done']} | {sum(step['candidates_gave_up'].values())} "
            f"| {'yes' if step['within_limit'] else 'no'} |"
        )
    return "\n".join(lines)


def notes(result: dict[str, Any]) -> list[str]:
    """Anything a step's numbers hide: HTTP statuses other than 200, why candidates gave up, unknown questions."""
    found = []
    for step in result["steps"]:
        others = {code: n for code, n in step["statuses"].items() if code != "200"}
        if others:
            found.append(f"  {step['candidates']} candidates: HTTP statuses other than 200: {others}")
        if step["candidates_gave_up"]:
            found.append(f"  {step['candidates']} candidates: gave up: {step['candidates_gave_up']}")
        if step["unknown_questions"]:
            found.append(
                f"  {step['candidates']} candidates: answered with the first button: {step['unknown_questions']}"
            )
    return found


def parse_steps(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedded-steps", type=parse_steps, default=parse_steps("50,100,150,200,250,300"))
    parser.add_argument("--starter-steps", type=parse_steps, default=parse_steps("40,80,120,160,240,320"))
    parser.add_argument("--cluster-steps", type=parse_steps, default=parse_steps("50,100,150,200,250,300"))
    # Steps of 30 s (20 s measured, 600 turns at 150 candidates): with the setup of a new machine (about 6 min)
    # the whole command stays near 15 minutes.
    parser.add_argument("--step-seconds", type=float, default=30.0)
    parser.add_argument("--warmup-seconds", type=float, default=10.0)
    parser.add_argument("--think-seconds", type=float, default=5.0)
    parser.add_argument("--p95-limit-ms", type=float, default=500.0)
    parser.add_argument(
        "--only", choices=["embedded", "starter", "cluster"], action="append", help="run only these series"
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="write every step's numbers to this file (default: results.json in the logs' folder)",
    )
    args = parser.parse_args()

    targets = [
        Target("embedded", "Embedded default (bot/ops/stack.py, SQLite), web chat API", "WebCandidate",
               args.embedded_steps, embedded),
        Target("starter", "Rasa starter bot (rasa init), REST channel", "StarterCandidate",
               args.starter_steps, starter),
        Target("cluster", "Cluster (bot/ops/cluster), web chat API through its public URL", "WebCandidate",
               args.cluster_steps, cluster),
    ]  # fmt: skip
    chosen = [t for t in targets if not args.only or t.name in args.only]
    began = time.monotonic()
    load1, load5, _ = os.getloadavg()
    print(
        f"Load test on {os.cpu_count()} cores (load average {load1:.1f} / {load5:.1f}), "
        f"{datetime.now().isoformat(timespec='minutes')}; think time exponential, mean {args.think_seconds:g} s; "
        f"steps of {args.step_seconds:g} s, measured after {args.warmup_seconds:g} s; "
        f"limit p95 <= {args.p95_limit_ms:g} ms",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bts-load-"))
    plan_file = plan.write(work / "plan.json")
    results: dict[str, dict[str, Any]] = {}
    failures: dict[str, str] = {}
    for target in chosen:
        missing = cluster_missing() if target.name == "cluster" else None
        if missing:
            print(f"\n## {target.title}\n\nnot measured: {missing}", flush=True)
            continue
        print(f"\n## {target.title}\n", flush=True)
        try:
            result = run_series(target, work, plan_file, args)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
            # A target that cannot start (a busy machine, a backend down) is reported, the others still run.
            print(f"not measured: {error}", flush=True)
            failures[target.name] = str(error).splitlines()[0][:200]
            continue
        results[target.name] = result
        print(table(result))
        for line in notes(result):
            print(line)
        print(
            f"(started in {result['start_seconds']:.0f} s; series {result['series_seconds']:.0f} s)",
            flush=True,
        )
    result_file = args.json or work / "results.json"
    result_file.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(
        f"\nLoad test: {time.monotonic() - began:.0f} s; logs in {work}, every step's numbers in {result_file}"
    )

    def measured(name: str) -> str:
        if name in results:
            return f"{capacity(results[name])[0]} candidates"
        return "not measured (did not start)" if name in failures else "not measured"

    if "embedded" in results:
        candidates, turns = capacity(results["embedded"])
        head = f"capacity: {candidates} candidates at p95 <= {args.p95_limit_ms:g} ms ({turns:.1f} turns/s)"
    else:
        head = f"capacity: not measured at p95 <= {args.p95_limit_ms:g} ms"
    print(f"{head}; starter bot: {measured('starter')}; cluster: {measured('cluster')}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
