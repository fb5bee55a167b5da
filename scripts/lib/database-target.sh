# Shared by backup.sh and restore.sh (sourced, not run). Decides where the
# database is: DATABASE_URL set → the local pg_dump/pg_restore talk to it;
# -s STACK → they run inside the Swarm stack's postgres task on this node;
# otherwise → they run inside the compose file's `postgres` service.

compose_file=docker-compose.prod.yml
env_file=
stack=

# Parses -f FILE, -e FILE and -s STACK; leaves the remaining arguments in `rest`.
parse_target_options() {
  rest=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -f) compose_file=$2; shift 2 ;;
      -e) env_file=$2; shift 2 ;;
      -s) stack=$2; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) rest+=("$1"); shift ;;
    esac
  done
}

uses_database_url() { [ -n "${DATABASE_URL:-}" ]; }

# `docker compose` (v2) or `docker-compose` (v1), with -e's env file, or
# .env.production next to a file named docker-compose.prod.yml.
compose() {
  local cmd
  if docker compose version >/dev/null 2>&1; then
    cmd=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then
    cmd=(docker-compose)
  else
    echo "neither 'docker compose' nor 'docker-compose' found; set DATABASE_URL to use the local pg tools instead" >&2
    return 1
  fi
  local file=$compose_file env=$env_file
  local default_env
  default_env="$(dirname "$file")/.env.production"
  if [ -z "$env" ] && [ "$(basename "$file")" = docker-compose.prod.yml ] && [ -f "$default_env" ]; then env=$default_env; fi
  if [ -n "$env" ]; then cmd+=(--env-file "$env"); fi
  "${cmd[@]}" -f "$file" "$@"
}

# The container of the stack's postgres task. It must run on this node: run
# the script there (the task is pinned to a node by its volume anyway).
stack_postgres_container() {
  local id
  id=$(docker ps --quiet --filter "label=com.docker.swarm.service.name=${stack}_postgres" | head -n 1)
  [ -n "$id" ] || { echo "no running ${stack}_postgres task on this node: run this on the node that runs it" >&2; return 1; }
  echo "$id"
}

# Runs a command, stdin attached, in the postgres container of the stack or compose file.
postgres_exec() {
  if [ -n "$stack" ]; then
    local container
    container=$(stack_postgres_container)
    docker exec -i "$container" "$@"
  else
    compose exec -T postgres "$@"
  fi
}

# Runs a pg tool inside the postgres container as the database owner; the
# image's POSTGRES_USER and POSTGRES_DB say who and which database.
in_postgres_container() {
  postgres_exec sh -c "$1 --username=\"\$POSTGRES_USER\" --dbname=\"\$POSTGRES_DB\""
}

# Where the database is, for messages.
target_description() {
  if uses_database_url; then echo "the database in DATABASE_URL"
  elif [ -n "$stack" ]; then echo "the postgres task of stack $stack"
  else echo "the postgres service of $compose_file"; fi
}
