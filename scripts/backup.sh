#!/usr/bin/env bash
# make backup / make restore FILE=…: the dossier store and the documents candidates sent, one file per backup
# (python -m registration.operations.backup; docs/production.md « Sauvegardes »). Needs only the application environment.
# TOPOLOGY=cluster: the production topology's store, found as `make run-cluster` finds it (CLUSTER_PG_*,
# CLUSTER_STORE_DB: bot/ops/cluster/settings.py) and its data folder (BTS_CLUSTER_VAR_DIR, default var/cluster).
# Otherwise the embedded default's: DATABASE_URL if set, else the SQLite file of BTS_VAR_DIR (default var/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
cd "$ROOT"
export PYTHONPATH="$ROOT"
umask 077
case "${TOPOLOGY:-embedded}" in
  embedded) ;;
  cluster)
    DATABASE_URL=$("$APP_VENV/bin/python" -c 'from bot.ops.cluster.settings import Backends; print(Backends.from_environment().database_url)')
    BTS_VAR_DIR="${BTS_CLUSTER_VAR_DIR:-$ROOT/var/cluster}"
    export DATABASE_URL BTS_VAR_DIR
    ;;
  *)
    echo "TOPOLOGY=${TOPOLOGY} : attendu embedded (make run, par défaut) ou cluster (make run-cluster)." >&2
    exit 2
    ;;
esac
exec "$APP_VENV/bin/python" -m registration.operations.backup "$@"
