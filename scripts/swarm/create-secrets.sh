#!/usr/bin/env bash
# Creates the Docker secrets docker-compose.prod.yml expects, with fresh random
# passwords. Run it once on a Swarm manager, before the first deploy.
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: TOGETHER_API_KEY=... scripts/swarm/create-secrets.sh

Creates, from new random values (32 bytes, hex: URL-safe, as the URLs need):
  wildid_postgres_password  wildid_database_url   (the same password)
  wildid_redis_password     wildid_redis_url      (the same password)
  wildid_secret_key
and wildid_together_api_key from TOGETHER_API_KEY.

Refuses, creating nothing, when any of them exists already: a secret cannot
change while a service uses it (see docs/operations.md, rotating secrets).
The values are piped to `docker secret create`: they touch no file and no
command line. Nobody, this script included, can read them back.
TEXT
}

case "${1:-}" in
  '') ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
[ -n "${TOGETHER_API_KEY:-}" ] || { echo "TOGETHER_API_KEY is not set (the Together.ai API key the identifier workers use)" >&2; exit 2; }

names=(postgres_password database_url redis_password redis_url secret_key together_api_key)
existing=()
for name in "${names[@]}"; do
  if docker secret inspect "wildid_$name" >/dev/null 2>&1; then existing+=("wildid_$name"); fi
done
if [ ${#existing[@]} -gt 0 ]; then
  echo "already exist, nothing created: ${existing[*]}" >&2
  exit 1
fi

random_hex() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
create() { printf '%s' "$2" | docker secret create "wildid_$1" - >/dev/null && echo "created wildid_$1"; }

postgres_password=$(random_hex)
redis_password=$(random_hex)
create postgres_password "$postgres_password"
create database_url "postgresql://wildid_user:$postgres_password@postgres:5432/wildid"
create redis_password "$redis_password"
create redis_url "redis://:$redis_password@redis:6379"
create secret_key "$(random_hex)"
create together_api_key "$TOGETHER_API_KEY"
