#!/usr/bin/env bash
# Makes sure every base image the Dockerfile and the compose files name is
# present: used if there, else pulled, else (no registry answers) built as a
# local stand-in by standin-images.sh. `npm run test:docker` runs it first.
#   scripts/docker/ensure-base-images.sh [IMAGE...]   (default: the images named)
set -euo pipefail

cd "$(dirname "$0")/../.."

# Official images only: the project's own (wildid*) are built from the Dockerfile,
# and interpolated names (${...}) are the operator's choice.
images_named() {
  sed -n 's/^ARG NODE_IMAGE=//p' Dockerfile
  grep -hE '^\s*image:' docker-compose.*.yml | awk '{ print $2 }' | tr -d "\"'" | grep -vE '^wildid|\$'
}

pull() {
  # Without a registry a pull can hang on the network; give up after a minute.
  timeout 60 docker pull -q "$1" >/dev/null 2>&1
}

[ $# -gt 0 ] || mapfile -t args < <(images_named | sort -u)
[ $# -eq 0 ] || args=("$@")

missing=()
for image in "${args[@]}"; do
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "present:  $image"
  elif pull "$image"; then
    echo "pulled:   $image"
  else
    echo "missing:  $image (no registry answered; building a stand-in)"
    missing+=("$image")
  fi
done
[ ${#missing[@]} -eq 0 ] || bash scripts/docker/standin-images.sh "${missing[@]}"
