#!/usr/bin/env bash
# The tests that need no server (no Rasa, no browser, no PostgreSQL): rules, referentials, store, PDF, mail, conversation engine,
# front and Telegram bridge in process, on both cores (pytest-xdist). Under a minute; run before every commit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
cd "$ROOT"
# The PDF's accessibility checks read it with poppler's pdfinfo and pdftotext (Debian package poppler-utils).
if ! command -v pdfinfo >/dev/null; then
  echo ">> installing poppler-utils (Debian package)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) >&2
fi
# nginx -t checks the cluster's configurations (tests/unit/test_rollout_pieces.py): the Debian package.
source "$ROOT/deploy/ensure-services.sh"
ensure_nginx
# test_widget.py: only its in-process HTTP contract (its browser tests need the whole stack).
exec "$APP_VENV/bin/python" -m pytest tests/unit tests/browser/test_front_app.py tests/browser/test_widget.py \
  tests/telegram/test_bridge.py tests/telegram/test_documents.py tests/console/test_staff_directory.py tests/console/test_console_http.py \
  tests/console/test_console_requests.py tests/console/test_console_reglements.py \
  tests/console/test_console_calendar.py tests/console/test_console_etablissements.py \
  tests/console/test_console_dossiers.py tests/console/test_console_uploads.py tests/console/test_console_former.py \
  tests/console/test_console_dashboard.py tests/console/test_transcript.py -m "not postgres and not browser" -n 2 -q -p no:cacheprovider "$@"
