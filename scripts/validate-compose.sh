#!/usr/bin/env bash
# Validates the compose files with `docker-compose config -q` (no Docker
# engine needed). Exits non-zero and names the file if any fails.
set -uo pipefail

cd "$(dirname "$0")/.."

# Dummy values so required (${VAR:?}) interpolations pass; never used to run.
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-validate-only}"
export REDIS_PASSWORD="${REDIS_PASSWORD:-validate-only}"
export EDGE_HOST="${EDGE_HOST:-validate-only.example}"

# docker-compose 1.x refuses a missing env_file, and the prod file requires
# .env.production on purpose. Create an empty one only for the check.
created=()
cleanup() { [ ${#created[@]} -eq 0 ] || rm -f -- "${created[@]}"; }
trap cleanup EXIT
if [ ! -e .env.production ]; then
  : > .env.production
  created+=(.env.production)
fi

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose not found (apt-get install -y docker-compose)" >&2
  exit 2
fi
echo "using $(docker-compose version --short 2>/dev/null || docker-compose --version)"

failed=0
# The last pair is the development stack with the override test/docker's compose test adds.
for files in docker-compose.full.yml docker-compose.prod.yml "docker-compose.full.yml test/docker/compose.test.yml"; do
  args=()
  for file in $files; do args+=(-f "$file"); done
  if docker-compose "${args[@]}" config -q; then
    echo "ok:     ${files// / + }"
  else
    echo "FAILED: ${files// / + }" >&2
    failed=1
  fi
done
exit "$failed"
