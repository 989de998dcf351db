#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: its own data directory, on loopback,
# on a free port, with no systemd or init script involved (works as root in a fresh
# container). Tuned for speed, not durability: its data is deleted when it stops.
#
#   eval "$(scripts/ci-postgres.sh start)"   # exports LMS_TEST_DATABASE_URL, CI_PG_DIR
#   scripts/ci-postgres.sh stop "$CI_PG_DIR"
#
# Installs Debian's postgresql when it is missing and we are root.
set -euo pipefail

say() { echo ">> $*" >&2; }

pg_bindir() {
  # The newest installed server version, found rather than assumed.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  fi
}

install_postgres() {
  if [ -n "$(pg_bindir)" ]; then
    return
  fi
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is not installed and we cannot install it (not root, or no apt-get)"
    exit 1
  fi
  say "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # We run our own server, so the package need not create (and start) its `main`
  # cluster: the same step the official Docker image takes.
  apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
  sed -ri 's/^#?\s*(create_main_cluster)\s*=.*$/\1 = false/' /etc/postgresql-common/createcluster.conf
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# Run a command as the server's owner: `postgres` when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install_postgres
  local bindir dir port user password database
  bindir=$(pg_bindir)
  say "starting PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') from $bindir"
  dir=$(mktemp -d /tmp/thaksa-ci-pg.XXXXXX)
  chmod 755 "$dir"
  mkdir "$dir/data" "$dir/socket"
  if [ "$(id -u)" = "0" ]; then
    chown -R postgres:postgres "$dir"
  fi
  port=$(free_port)
  user=thaksa
  password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  database=thaksa_test
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  # Throwaway data: no fsync, no durability work, so the suite runs at memory speed.
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
    >/dev/null || { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1; }
  as_owner "$bindir/psql" -h "$dir/socket" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $user LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE $database OWNER $user" >&2 || { stop "$dir"; exit 1; }
  say "PostgreSQL is listening on 127.0.0.1:$port (database $database, role $user; data in $dir)"
  echo "export CI_PG_DIR='$dir'"
  echo "export LMS_TEST_DATABASE_URL='postgresql+psycopg://$user:$password@127.0.0.1:$port/$database'"
}

stop() {
  local dir=${1:?usage: ci-postgres.sh stop DIR} bindir
  bindir=$(pg_bindir)
  if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
    say "stopping PostgreSQL"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  case "$dir" in
    /tmp/thaksa-ci-pg.*) rm -rf "$dir" ;;
  esac
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
