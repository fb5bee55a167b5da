#!/bin/sh
# Entrypoint of the redis stand-in, after the official image's: `redis-server
# --opt ...` or just options, run as user redis in /data.
set -eu

# Options only, or a config file first: the server is implied.
case "${1:-}" in -* | *.conf) set -- redis-server "$@" ;; esac

if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# The official image builds Redis with protected mode off (the container's
# network is the boundary). Debian's build has it on, so turn it off here
# unless a config file decides, and before the caller's own options so they win.
if [ "${1:-}" = redis-server ]; then
  case "${2:-}" in
    *.conf) ;;
    *) shift; set -- redis-server --protected-mode no "$@" ;;
  esac
fi
umask 0077
exec "$@"
