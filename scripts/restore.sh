#!/usr/bin/env bash
# Restores a backup made by backup.sh, replacing what the database holds.
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: scripts/restore.sh [-s STACK | -f COMPOSE_FILE [-e ENV_FILE]] [--yes] DUMP

Replaces the WildID database's contents with DUMP (a backup.sh archive):
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction,
so the restore is all or nothing, and objects end up owned by the user that
restores them (the app's user).

Stop the apps first so nothing writes meanwhile, and start them again after:
  docker service scale wildid_gateway=0 wildid_identifier-worker=0 wildid_mailer-worker=0   (Swarm)
  docker compose -f FILE stop gateway identifier-worker mailer-worker                      (Compose)

  DATABASE_URL set   the local pg_restore writes into that database
  -s STACK           pg_restore runs inside the Swarm stack's postgres task
  otherwise          pg_restore runs inside the compose stack's postgres service
                     (-f COMPOSE_FILE, default docker-compose.prod.yml; -e ENV_FILE)

Asks before overwriting unless --yes is given.
TEXT
}

source "$(dirname "$0")/lib/database-target.sh"
confirmed=false
args=()
for arg in "$@"; do
  if [ "$arg" = --yes ]; then confirmed=true; else args+=("$arg"); fi
done
parse_target_options ${args[@]+"${args[@]}"}
[ ${#rest[@]} -eq 1 ] || { usage >&2; exit 2; }
dump=${rest[0]}
[ -r "$dump" ] || { echo "cannot read $dump" >&2; exit 2; }

target=$(target_description)
if [ "$confirmed" != true ]; then
  if [ ! -t 0 ]; then
    echo "refusing to overwrite $target without --yes (no terminal to ask on)" >&2
    exit 2
  fi
  read -r -p "Replace the contents of $target with $dump? [y/N] " answer
  [ "$answer" = y ] || [ "$answer" = Y ] || { echo "nothing restored"; exit 1; }
fi

options='--clean --if-exists --no-owner --no-privileges --single-transaction'
if uses_database_url; then
  # shellcheck disable=SC2086 # the options are separate words on purpose
  pg_restore $options --dbname="$DATABASE_URL" "$dump"
else
  in_postgres_container "pg_restore $options" <"$dump"
fi
echo "restored $dump into $target"
