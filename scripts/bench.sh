#!/usr/bin/env bash
# Prints timings and sizes: PDF, store, whole conversations over REST (and the stock Rasa starter bot), training;
# backups and restores (SQLite, PostgreSQL); the NLU held-out F1 and the share of the sentence bank
# (tests/understanding) the engine reads right.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
# The backup benchmark (bench/backup.py) backs up and restores a PostgreSQL store too.
source "$ROOT/deploy/ensure-services.sh"
ensure_postgres
exec "$APP_VENV/bin/python" -m bench.run "$@"
