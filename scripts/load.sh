#!/usr/bin/env bash
# Open-loop load test (Locust): steps of candidates until p95 turn latency exceeds 500 ms, for the embedded
# default, the Rasa starter bot and the cluster; ends with the capacity line. Options: bench/load/run.py --help.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/deploy/ensure-services.sh"
# The cluster needs nginx, Redis and PostgreSQL; without them its series is reported as not measured.
if ! ensure_cluster_services; then
  export LOAD_NO_CLUSTER="nginx, Redis or PostgreSQL is not available (see above)"
fi
prepare
LOAD_VENV=$(make_venv load 3.11 "$ROOT/requirements/load.txt")
export LOAD_VENV
exec "$APP_VENV/bin/python" -m bench.load.run "$@"
