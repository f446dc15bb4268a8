#!/usr/bin/env bash
# The production topology on this machine, from the same code (docs/production.md): nginx in front of the
# front server, two Rasa servers (PostgreSQL trackers, Redis lock store), two action servers, dossiers on
# PostgreSQL. Installs nginx (Debian package) when missing; PostgreSQL and Redis must run already.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ensure_nginx() {
  if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
    echo ">> installing nginx (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) >&2
    # Only our own nginx processes serve: the package's default site stays stopped.
    (service nginx stop || true) >/dev/null 2>&1
  fi
}
ensure_nginx
prepare
exec "$APP_VENV/bin/python" -m bot.cluster --rasa-venv "$RASA_VENV" --model "$MODEL" "$@"
