#!/usr/bin/env bash
# Sets up whatever is missing: both environments, the trained model. Prints the paths as shell variables.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
echo "APP_VENV=$APP_VENV"
echo "RASA_VENV=$RASA_VENV"
