# Sourced by scripts/test.sh, run-cluster.sh, load.sh and faults.sh: nginx (Debian package) installed, PostgreSQL and
# Redis running on 127.0.0.1 (started when installed but stopped; Redis installed when missing).
ensure_nginx() {
  if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
    echo ">> installing nginx (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) >&2
    # Only the cluster's own nginx serves: the package's default site stays stopped.
    (service nginx stop || true) >/dev/null 2>&1
  fi
}

_wait_for() {  # _wait_for SECONDS COMMAND...: true as soon as COMMAND succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

_redis_cli() { redis-cli -h 127.0.0.1 -p "${REDIS_PORT:-6379}" "$@" 2>/dev/null; }

_redis_ping() { _redis_cli ping >/dev/null; }  # answers (even MISCONF); exits 1 when nothing listens

_redis_writes() {  # a write goes through and the last snapshot did not fail (or else every write soon will)
  _redis_cli set bts:probe 1 EX 5 | grep -q OK && ! _redis_cli info persistence | grep -q "rdb_last_bgsave_status:err"
}

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo ">> installing redis-server (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) >&2
  fi
  if ! _redis_ping; then
    # Locks and rate-limit counters are short-lived: the server keeps nothing on disk (no snapshot to fail).
    echo ">> starting Redis on 127.0.0.1:${REDIS_PORT:-6379}" >&2
    redis-server --bind 127.0.0.1 --port "${REDIS_PORT:-6379}" --save "" --appendonly no --daemonize yes \
      --logfile "${TMPDIR:-/tmp}/bts-redis.log" >/dev/null 2>&1 || true
    _wait_for 20 _redis_ping || { echo "Redis ne démarre pas sur 127.0.0.1:${REDIS_PORT:-6379}." >&2; exit 3; }
  fi
  # A server (started by its init script as `redis`) whose snapshot folder belongs to another user cannot
  # save and then refuses every write (MISCONF): the folder goes back to `redis`, as the package has it.
  if ! _redis_writes; then
    chown redis:redis "$(_redis_cli config get dir | tail -1)" 2>/dev/null || true
    _redis_cli bgsave >/dev/null || true
    _wait_for 20 _redis_writes || { echo "Redis refuse les écritures (MISCONF) sur 127.0.0.1:${REDIS_PORT:-6379}." >&2; exit 3; }
  fi
}

_pg_ready() { pg_isready -q -h 127.0.0.1 -p "${CLUSTER_PG_PORT:-5432}" 2>/dev/null; }

_dead_pid() {  # true when no live process has this PID (a killed server can stay a zombie nobody reaps)
  [ -z "$1" ] || [ ! -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

_pg_start() {  # `service postgresql start`, after removing lock files a killed server left behind
  local port="${CLUSTER_PG_PORT:-5432}" lock
  for lock in "/var/run/postgresql/.s.PGSQL.$port.lock" \
    $(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p {print $6 "/postmaster.pid"}'); do
    if [ -f "$lock" ] && _dead_pid "$(head -1 "$lock")"; then
      echo ">> removing the stale lock $lock" >&2
      rm -f "$lock"
    fi
  done
  service postgresql start >/dev/null 2>&1 || true
}

ensure_postgres() {
  if _pg_ready; then return 0; fi
  local installed=""
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo ">> installing postgresql (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    installed=yes
  fi
  echo ">> starting PostgreSQL" >&2
  _pg_start
  if [ -n "$installed" ] && _wait_for 30 _pg_ready; then
    # A server installed here for the tests: user postgres without a password from 127.0.0.1 only (as on the
    # development machines), and the `test` database the store tests use. An existing server is left as it is.
    local hba
    hba=$(su postgres -c "psql -tAc 'SHOW hba_file'")
    sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    su postgres -c "psql -qc 'SELECT pg_reload_conf()'" >/dev/null
    su postgres -c "createdb test" 2>/dev/null || true
  fi
  if ! _wait_for 15 _pg_ready && { _pg_start; ! _wait_for 30 _pg_ready; }; then
    echo "PostgreSQL ne répond pas sur 127.0.0.1:${CLUSTER_PG_PORT:-5432} (installez-le : apt-get install postgresql," >&2
    echo "avec l'authentification trust pour 127.0.0.1, ou donnez CLUSTER_PG_USER / CLUSTER_PG_PASSWORD)." >&2
    exit 3
  fi
}

ensure_cluster_services() {  # everything the cluster runs on: nginx installed, Redis and PostgreSQL answering
  ensure_nginx && ensure_redis && ensure_postgres
}
