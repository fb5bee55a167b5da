#!/usr/bin/env bash
# Creates prisma/migrations/<timestamp>_<name>/migration.sql from the difference
# between the last committed prisma/schema.prisma and the working copy.
#
# Why not `prisma migrate dev`: with a driver adapter (our offline setup, see
# prisma.config.ts) the wasm schema engine cannot replay migrations into a
# shadow database, while a datamodel-to-datamodel diff needs no shadow database.
# DATABASE_URL (or .env) must still point at a reachable Postgres: the adapter connects.
set -euo pipefail
name=${1:?usage: npm run db:migration -- <name>}
[[ $name =~ ^[a-z0-9_]+$ ]] || { echo "migration name: lower-case letters, digits and _ only" >&2; exit 2; }
cd "$(dirname "$0")/.."
previous=$(mktemp --suffix=.prisma)
trap 'rm -f "$previous"' EXIT
git show HEAD:prisma/schema.prisma > "$previous"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
sql=$(npx prisma migrate diff \
  --from-schema-datamodel "$previous" --to-schema-datamodel prisma/schema.prisma --script)
if ! grep -qv '^-- This is an empty migration' <<<"$sql" || [[ -z ${sql//[[:space:]]/} ]]; then
  echo "prisma/schema.prisma has no changes since the last commit" >&2
  exit 1
fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "created $dir/migration.sql; apply it with: npm run db:migrate"
