#!/usr/bin/env bash
# Entrypoint of the postgres stand-in: what WildID relies on from the official
# image's docker-entrypoint.sh. On an empty PGDATA: initdb with POSTGRES_USER
# and POSTGRES_PASSWORD, host connections with a password (scram-sha-256, or
# POSTGRES_HOST_AUTH_METHOD), create POSTGRES_DB, run /docker-entrypoint-initdb.d.
set -Eeuo pipefail

# VAR or VAR_FILE (Docker secrets), as the official image reads them.
file_env() {
  local var=$1 file_var="${1}_FILE" default=${2:-}
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo "error: both $var and $file_var are set (but are exclusive)" >&2
    exit 1
  fi
  local value=$default
  if [ -n "${!var:-}" ]; then value=${!var}; elif [ -n "${!file_var:-}" ]; then value=$(<"${!file_var}"); fi
  export "$var=$value"
  unset "$file_var"
}

run_init_scripts() {
  local psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB")
  local f
  shopt -s nullglob
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "running $f"; "${psql[@]}" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql[@]}" ;;
      *) echo "ignoring $f" ;;
    esac
  done
}

init_database() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  local auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    echo "error: database is uninitialized and superuser password is not specified (POSTGRES_PASSWORD)" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
  # Socket only while initialising, so nobody connects to a half-made database.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-psqlrc --dbname postgres \
      --set db="$POSTGRES_DB" <<< 'CREATE DATABASE :"db";'
  fi
  run_init_scripts
  pg_ctl -D "$PGDATA" -m fast -w stop
}

[ "${1:0:1}" != '-' ] || set -- postgres "$@"

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  init_database
fi
exec "$@"
