#!/usr/bin/env bash
# Sets up what is missing (environments, model, browser) and runs the whole test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
prepare
# BTS_TEST_SHIFT_CLOCK=2028-06-01T10:00:00 make test: the whole run with Python's clock on that day, in every
# Python process of the run (tests/clockshift/sitecustomize.py).
if [ -n "${BTS_TEST_SHIFT_CLOCK:-}" ]; then
  export PYTHONPATH="$ROOT/tests/clockshift:$PYTHONPATH"
  echo ">> Python's clock moved to $BTS_TEST_SHIFT_CLOCK in every process of this run" >&2
fi
# The browser tests need Debian's Chromium (and the npm packages of the web chat, DSFR and axe-core, which
# prepare installed).
if [ ! -x /usr/bin/chromium ]; then
  echo ">> installing chromium (Debian package)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2
fi
# The PDF's accessibility checks read it with poppler's pdfinfo and pdftotext (Debian package poppler-utils).
if ! command -v pdfinfo >/dev/null; then
  echo ">> installing poppler-utils (Debian package)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) >&2
fi
# nginx installed, PostgreSQL and Redis started when installed but stopped, installed when missing (as the cluster
# scripts do): the cluster's tests (rolling update) need all three.
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/ensure-services.sh"
ensure_cluster_services
echo ">> rasa data validate" >&2
"$RASA_VENV/bin/rasa" data validate --fail-on-warnings --data data --domain domain.yml -c config.yml >"${TMPDIR:-/tmp}/bts-validate.log" 2>&1 \
  || { cat "${TMPDIR:-/tmp}/bts-validate.log"; exit 1; }
if [ $# -gt 0 ]; then
  exec "$APP_VENV/bin/python" -m pytest "$@"
fi
# The twenty slowest tests are listed at the end: where the run's time goes.
"$APP_VENV/bin/python" -m pytest --durations=20
# The date guard: every test runs at a stated moment (tests/conftest.py, BTS_NOW), never at the machine's. The tests
# that need no server run again with Python's clock moved to 1 June 2028 (time-machine, in the test process): a
# result that reads the real date instead of BTS_NOW fails here, whatever day it is. (The servers' side is covered
# by tests/conversations/test_closed_session.py, whose servers run the day after the 2027 closing.)
echo ">> the tests that need no server, with the machine's clock on 1 June 2028" >&2
BTS_TEST_SHIFT_CLOCK=2028-06-01T10:00:00 "$ROOT/scripts/test-fast.sh"
# The whole registrations once more on the production backends: store and Rasa trackers on PostgreSQL,
# Rasa's locks in Redis (fresh databases for the session; fails, never skips, when either is missing).
# About 2 minutes, one of them starting Rasa; all of tests/conversations would take 6.
echo ">> registrations on PostgreSQL (store and trackers) and Redis (locks)" >&2
BTS_TEST_BACKEND=postgres exec "$APP_VENV/bin/python" -m pytest tests/conversations/test_registrations.py -m conversation -q
