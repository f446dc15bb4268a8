#!/usr/bin/env bash
# Static checks: Rasa data validation, ruff (lint rules and formatting), mypy on the application packages, and
# the import contract (.importlinter: which layer may import which, no circles; docs/architecture.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
cd "$ROOT"
"$RASA_VENV/bin/rasa" data validate --fail-on-warnings --data data --domain domain.yml -c config.yml
"$APP_VENV/bin/ruff" check actions bot registration tests bench rasa_addons
"$APP_VENV/bin/ruff" format --check actions bot registration tests bench rasa_addons
"$APP_VENV/bin/mypy"
"$APP_VENV/bin/lint-imports" --no-cache --no-logo
