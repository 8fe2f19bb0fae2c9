#!/bin/sh
# Runs once, when the PostgreSQL container first creates its data directory (docker-entrypoint-initdb.d).
# Two roles (README, "Database roles"): the owner runs the migrations and owns the tables; the
# runtime role, which the web app, worker and beat use, gets its privileges from `manage.py migrate`.
set -eu
: "${DATABASE_OWNER_PASSWORD:?set DATABASE_OWNER_PASSWORD in .env.db}"
: "${DATABASE_RUNTIME_PASSWORD:?set DATABASE_RUNTIME_PASSWORD in .env.db}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DATABASE_OWNER_PASSWORD" -v runtime_password="$DATABASE_RUNTIME_PASSWORD" <<'SQL'
CREATE ROLE gesprekscyclus_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE gesprekscyclus LOGIN PASSWORD :'runtime_password';
ALTER DATABASE gesprekscyclus OWNER TO gesprekscyclus_owner;
ALTER SCHEMA public OWNER TO gesprekscyclus_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
