#!/usr/bin/env bash
# Runs `prisma migrate deploy` once, on the stack's network, as a one-off
# Swarm service: unlike `docker run`, a service can read the database_url
# Docker secret. Run it before the first deploy of the apps and before each
# update whose image brings new migrations.
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: scripts/swarm/migrate.sh MIGRATE_IMAGE [STACK]

MIGRATE_IMAGE  the image's `migrate` target (e.g. ghcr.io/<owner>/wildid-migrate:1.4.0)
STACK          the stack name, default wildid (network STACK_backend)

Waits for the migration, prints its output, removes the one-off service and
exits non-zero when the migration failed.
TEXT
}

[ $# -ge 1 ] && [ $# -le 2 ] && [ "${1:0:1}" != - ] || { usage >&2; exit 2; }
image=$1
stack=${2:-wildid}
service="${stack}_migrate"

docker service create --detach --quiet --name "$service" \
  --restart-condition none \
  --network "${stack}_backend" \
  --secret source=wildid_database_url,target=database_url \
  --env DATABASE_URL_FILE=/run/secrets/database_url \
  --env NPM_CONFIG_UPDATE_NOTIFIER=false \
  "$image" npx prisma migrate deploy >/dev/null
trap 'docker service rm "$service" >/dev/null' EXIT

# The one task ends complete (exit 0), or failed/rejected.
state=
while :; do
  state=$(docker service ps --no-trunc --format '{{.CurrentState}}' "$service" | head -n 1)
  case "$state" in
    Complete*) break ;;
    Failed* | Rejected* | Shutdown*) break ;;
  esac
  sleep 1
done
docker service logs --raw "$service" 2>&1
case "$state" in
  Complete*) echo "migration done" ;;
  *)
    echo "migration failed: $state $(docker service ps --no-trunc --format '{{.Error}}' "$service" | head -n 1)" >&2
    exit 1
    ;;
esac
