# Sourced by scripts/run-cluster.sh and scripts/faults.sh: nginx (Debian package) installed, PostgreSQL and
# Redis running on 127.0.0.1 (started when installed but stopped; Redis installed when missing).
ensure_nginx() {
  if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
    echo ">> installing nginx (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) >&2
    # Only the cluster's own nginx serves: the package's default site stays stopped.
    (service nginx stop || true) >/dev/null 2>&1
  fi
}

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo ">> installing redis-server (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) >&2
  fi
  if ! redis-cli -h 127.0.0.1 -p "${REDIS_PORT:-6379}" ping >/dev/null 2>&1; then
    echo ">> starting Redis" >&2
    service redis-server start >/dev/null 2>&1 || redis-server /etc/redis/redis.conf >/dev/null
  fi
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p "${CLUSTER_PG_PORT:-5432}" 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      echo ">> starting PostgreSQL" >&2
      service postgresql start >/dev/null 2>&1 || true
    fi
    if ! pg_isready -q -h 127.0.0.1 -p "${CLUSTER_PG_PORT:-5432}" 2>/dev/null; then
      echo "PostgreSQL ne répond pas sur 127.0.0.1:${CLUSTER_PG_PORT:-5432} (installez-le : apt-get install postgresql," >&2
      echo "avec l'authentification trust pour 127.0.0.1, ou donnez CLUSTER_PG_USER / CLUSTER_PG_PASSWORD)." >&2
      exit 3
    fi
  fi
}

ensure_cluster_services() {  # everything the cluster runs on: nginx installed, Redis and PostgreSQL answering
  ensure_nginx && ensure_redis && ensure_postgres
}
