#!/usr/bin/env bash
# Sets up what is missing, trains the model if its data changed, and runs the assistant with the embedded defaults.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
# The embedded demonstration: the three invented former candidates are loaded (production leaves this unset).
export BTS_DEMO_FORMER_CANDIDATES="${BTS_DEMO_FORMER_CANDIDATES:-1}"
exec "$APP_VENV/bin/python" -m bot.ops.stack --rasa-venv "$RASA_VENV" --model "$MODEL"
