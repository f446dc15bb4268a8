#!/usr/bin/env bash
# Simulated candidates register through the cluster while one Rasa server and one action server are killed
# (-9) and Redis and PostgreSQL are restarted; ends with « faults: K/K survived, A answers lost, D duplicate
# dossiers ». Starts its own cluster on free ports, with fresh databases bts_faults and bts_faults_trackers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/deploy/ensure-services.sh"
ensure_cluster_services
prepare
exec "$APP_VENV/bin/python" -m bench.faults --rasa-venv "$RASA_VENV" --model "$MODEL" "$@"
