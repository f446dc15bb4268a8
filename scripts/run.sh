#!/usr/bin/env bash
# Sets up what is missing, trains the model if its data changed, and runs the assistant with the embedded defaults.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
exec "$APP_VENV/bin/python" -m bot.stack --rasa-venv "$RASA_VENV" --model "$MODEL"
