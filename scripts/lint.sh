#!/usr/bin/env bash
# Static checks: Rasa data validation, byte-compilation and pyflakes-level checks (ruff) of the Python code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
cd "$ROOT"
"$RASA_VENV/bin/rasa" data validate --fail-on-warnings --data data --domain domain.yml -c config.yml
"$APP_VENV/bin/python" -m compileall -q actions bot registration tests bench
"$APP_VENV/bin/ruff" check --select F,E9 actions bot registration tests bench
