#!/usr/bin/env bash
# Sets up what is missing (environments, model, browser) and runs the whole test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
MODEL=$("$ROOT/scripts/train.sh")
cd "$ROOT"
export RASA_VENV MODEL PYTHONPATH="$ROOT"
echo ">> rasa data validate" >&2
"$RASA_VENV/bin/rasa" data validate --fail-on-warnings --data data --domain domain.yml -c config.yml >"${TMPDIR:-/tmp}/bts-validate.log" 2>&1 \
  || { cat "${TMPDIR:-/tmp}/bts-validate.log"; exit 1; }
exec "$APP_VENV/bin/python" -m pytest "$@"
