#!/usr/bin/env bash
# Writes a backup of the WildID database (everything lives there: accounts,
# sessions, identifications and their images; Redis holds only queues).
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: scripts/backup.sh [-s STACK | -f COMPOSE_FILE [-e ENV_FILE]] [OUTPUT]

Writes a pg_dump custom-format archive (-Fc: compressed, restorable table by
table with pg_restore) to OUTPUT, default backups/wildid-<UTC time>.dump.

  DATABASE_URL set   the local pg_dump reads that database (its major version
                     must be at least the server's: 15 for postgres:15)
  -s STACK           pg_dump runs inside the Swarm stack's postgres task
                     (e.g. -s wildid); run it on the node that runs that task
  otherwise          pg_dump runs inside the compose stack's postgres service:
                     -f COMPOSE_FILE (default docker-compose.prod.yml) and
                     -e ENV_FILE (default .env.production, if present, for the prod file)

The archive is written to OUTPUT.partial, checked with pg_restore --list,
then renamed, so OUTPUT is never a truncated backup.
TEXT
}

source "$(dirname "$0")/lib/database-target.sh"
parse_target_options "$@"
[ ${#rest[@]} -le 1 ] || { usage >&2; exit 2; }
output=${rest[0]:-backups/wildid-$(date -u +%Y%m%dT%H%M%SZ).dump}
partial="$output.partial"

mkdir -p "$(dirname "$output")"
trap 'rm -f -- "$partial"' EXIT
# Dumps hold personal data (emails, photos): readable by the owner only.
umask 077

if uses_database_url; then
  pg_dump --format=custom --dbname="$DATABASE_URL" --file="$partial"
  pg_restore --list "$partial" >/dev/null
else
  in_postgres_container 'pg_dump --format=custom' >"$partial"
  # The host may have no pg tools: check the archive with the container's.
  postgres_exec pg_restore --list <"$partial" >/dev/null
fi

mv -- "$partial" "$output"
echo "backup written: $output ($(du -h -- "$output" | cut -f1))"
