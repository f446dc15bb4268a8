#!/usr/bin/env bash
# Prints timings and sizes: PDF, store, whole conversations over REST (and the stock Rasa starter bot), training;
# the NLU held-out F1 and the share of the sentence bank (tests/understanding) the engine reads right.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
exec "$APP_VENV/bin/python" -m bench.run "$@"
