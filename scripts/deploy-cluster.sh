#!/usr/bin/env bash
# A rolling update of the cluster `make run-cluster` runs: the code now in this checkout and the model trained
# from its data (trained here first when the data changed), one server at a time, while candidates talk
# (docs/production.md « Mettre à jour sans interruption »). Options: see python -m bot.ops.cluster.deploy --help.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
exec "$APP_VENV/bin/python" -m bot.ops.cluster.deploy --model "$MODEL" --python "$APP_VENV/bin/python" --rasa-venv "$RASA_VENV" "$@"
