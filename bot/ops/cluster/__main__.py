"""python -m bot.ops.cluster --rasa-venv … --model …: the production topology on this machine until Ctrl-C or
SIGTERM (see bot/ops/running.py)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bot.ops.cluster.topology import Cluster
from bot.ops.running import run_supervised
from bot.ops.stack import ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the BTS assistant in its production topology.")
    parser.add_argument("--rasa-venv", required=True, type=Path)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument(
        "--var-dir", type=Path, default=Path(os.environ.get("BTS_CLUSTER_VAR_DIR", ROOT / "var" / "cluster"))
    )
    args = parser.parse_args()
    cluster = Cluster(args.rasa_venv, args.model, args.var_dir.resolve())
    started = time.monotonic()

    def ready() -> str:
        ports = cluster.ports
        action_metrics = ",".join(map(str, ports.action_metrics))
        rasa_metrics = ",".join(map(str, ports.rasa_metrics))
        return (
            f"\nL'assistant est prêt en {time.monotonic() - started:.0f} s.\n"
            f"  Discussion web (nginx)   : {cluster.public_url}/\n"
            f"  Serveur web (front)      : http://127.0.0.1:{ports.front}/\n"
            f"  Rasa (répartiteur nginx) : http://127.0.0.1:{ports.rasa_lb} → {', '.join(map(str, ports.rasa))}\n"
            f"  Actions (répartiteur)    : http://127.0.0.1:{ports.action_lb} → "
            f"{', '.join(map(str, ports.actions))}\n"
            f"  Dossiers                 : PostgreSQL, base {cluster.backends.store_db}\n"
            f"  Conversations Rasa       : PostgreSQL, base {cluster.backends.tracker_db}; verrous dans Redis\n"
            f"  Métriques (Prometheus)   : superviseur :{ports.supervisor_metrics}, front :{ports.front_metrics}, "
            f"actions :{action_metrics}, Rasa :{rasa_metrics} (127.0.0.1, /metrics)\n"
            f"  Journaux                 : {cluster.var_dir}/*.log\nCtrl-C pour arrêter."
        )

    sys.exit(
        run_supervised(
            cluster,
            starting="Démarrage de la topologie de production (nginx, front, 2 Rasa, 2 serveurs d'actions)…",
            ready=ready,
            metrics_port=cluster.ports.supervisor_metrics,
        )
    )


if __name__ == "__main__":
    main()
