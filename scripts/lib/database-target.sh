# Shared by backup.sh and restore.sh (sourced, not run). Decides where the
# database is: DATABASE_URL set → the local pg_dump/pg_restore talk to it;
# otherwise → they run inside the compose file's `postgres` service.

compose_file=docker-compose.prod.yml
env_file=

# Parses -f FILE and -e FILE; leaves the remaining arguments in `rest`.
parse_target_options() {
  rest=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -f) compose_file=$2; shift 2 ;;
      -e) env_file=$2; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) rest+=("$1"); shift ;;
    esac
  done
}

uses_database_url() { [ -n "${DATABASE_URL:-}" ]; }

# `docker compose` (v2) or `docker-compose` (v1), with the env file the
# production stack needs for its ${VAR:?} interpolations.
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

# Runs a pg tool inside the postgres container as the database owner; the
# image's POSTGRES_USER and POSTGRES_DB say who and which database.
in_postgres_container() {
  compose exec -T postgres sh -c "$1 --username=\"\$POSTGRES_USER\" --dbname=\"\$POSTGRES_DB\""
}
