"""python -m bot.cluster --rasa-venv … --model …: the production topology on this machine until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path

from bot.cluster.supervisor import Cluster
from bot.stack import ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the BTS assistant in its production topology.")
    parser.add_argument("--rasa-venv", required=True, type=Path)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument(
        "--var-dir", type=Path, default=Path(os.environ.get("BTS_CLUSTER_VAR_DIR", ROOT / "var" / "cluster"))
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per health check otherwise
    cluster = Cluster(args.rasa_venv, args.model, args.var_dir.resolve())

    def stop_on_signal(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop_on_signal)
    started = time.monotonic()
    print("Démarrage de la topologie de production (nginx, front, 2 Rasa, 2 serveurs d'actions)…", flush=True)
    try:
        cluster.start()
        ports = cluster.ports
        print(
            f"\nL'assistant est prêt en {time.monotonic() - started:.0f} s.\n"
            f"  Discussion web (nginx)   : {cluster.public_url}/\n"
            f"  Serveur web (front)      : http://127.0.0.1:{ports.front}/\n"
            f"  Rasa (répartiteur nginx) : http://127.0.0.1:{ports.rasa_lb} → {', '.join(map(str, ports.rasa))}\n"
            f"  Actions (répartiteur)    : http://127.0.0.1:{ports.action_lb} → "
            f"{', '.join(map(str, ports.actions))}\n"
            f"  Dossiers                 : PostgreSQL, base {cluster.backends.store_db}\n"
            f"  Conversations Rasa       : PostgreSQL, base {cluster.backends.tracker_db}; verrous dans Redis\n"
            f"  Journaux                 : {cluster.var_dir}/*.log\nCtrl-C pour arrêter.",
            flush=True,
        )
        while True:
            time.sleep(1)
    except RuntimeError as error:
        print(f"Échec du démarrage : {error}", file=sys.stderr)
        sys.exit(1)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
