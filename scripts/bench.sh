#!/usr/bin/env bash
# Prints timings and sizes: PDF, store, whole conversations over REST (and the stock Rasa starter bot), training.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
MODEL=$("$ROOT/scripts/train.sh")
cd "$ROOT"
export RASA_VENV MODEL PYTHONPATH="$ROOT" BTS_CACHE_DIR="$CACHE"
exec "$APP_VENV/bin/python" -m bench.run "$@"
