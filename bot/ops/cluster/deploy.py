"""python -m bot.ops.cluster.deploy [--model FILE] [--var-dir DIR]  (make deploy-cluster)

Asks the cluster running in DIR (default var/cluster, as `make run-cluster`) for a rolling update: the code
now on disk and the model FILE (default: none, the model it runs), one server at a time
(bot/ops/cluster/rollout.py). Prints each step; exits 0 when the update is done, 1 when it stopped (the last
line says in what state the cluster is), 3 when no cluster runs there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.ops.cluster import control
from bot.ops.stack import ROOT

NO_CLUSTER = (
    "Aucun assistant en production ne tourne avec le dossier {var_dir} (make run-cluster) : "
    "rien à mettre à jour."
)
EXIT_NO_CLUSTER = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Rolling update of the running cluster (make deploy-cluster)."
    )
    parser.add_argument("--model", type=Path, help="the new Rasa model (default: keep the running one)")
    parser.add_argument("--python", type=Path, help="the Python of the new environment (default: keep)")
    parser.add_argument("--rasa-venv", type=Path, help="Rasa's new environment (default: keep)")
    parser.add_argument(
        "--var-dir", type=Path, default=Path(os.environ.get("BTS_CLUSTER_VAR_DIR", ROOT / "var" / "cluster"))
    )
    args = parser.parse_args(argv)
    message: dict[str, str] = {"command": "deploy"}
    for key in ("model", "python", "rasa_venv"):
        if getattr(args, key) is not None:
            message[key] = str(getattr(args, key).absolute())
    last = ""
    try:
        for line in control.request(args.var_dir.resolve(), message):
            print(line, flush=True)
            last = line
    except (FileNotFoundError, ConnectionRefusedError):
        print(NO_CLUSTER.format(var_dir=args.var_dir), file=sys.stderr)
        return EXIT_NO_CLUSTER
    return 0 if last == control.OK else 1


if __name__ == "__main__":
    raise SystemExit(main())
