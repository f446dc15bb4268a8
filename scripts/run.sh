#!/usr/bin/env bash
# Sets up what is missing, trains the model if its data changed, and runs the assistant with the embedded defaults.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
MODEL=$("$ROOT/scripts/train.sh")
cd "$ROOT"
exec "$APP_VENV/bin/python" -m bot.stack --rasa-venv "$RASA_VENV" --model "$MODEL"
