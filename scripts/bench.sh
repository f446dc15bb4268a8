#!/usr/bin/env bash
# Prints timings and sizes: PDF, store, whole conversations over REST (and the stock Rasa starter bot), training.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
exec "$APP_VENV/bin/python" -m bench.run "$@"
