#!/usr/bin/env bash
# The production topology on this machine, from the same code (docs/production.md): nginx in front of the
# front server, two Rasa servers (PostgreSQL trackers, Redis lock store), two action servers, dossiers on
# PostgreSQL. Installs nginx (Debian package) when missing; starts PostgreSQL and Redis when stopped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/deploy/ensure-services.sh"
ensure_cluster_services
prepare
exec "$APP_VENV/bin/python" -m bot.ops.cluster --rasa-venv "$RASA_VENV" --model "$MODEL" "$@"
