#!/usr/bin/env bash
# Start a PostgreSQL server for the tests when none is running, installing Debian's package if
# needed, and print the line that tells the tests where it is:
#   export TIMELINE_TEST_POSTGRES_URL=postgresql+psycopg://timeline:timeline@127.0.0.1:5432/postgres
# Usage: eval "$(bash .ci/postgres.sh)"
set -euo pipefail
log() { echo "$@" >&2; }
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q .; then
  pg_createcluster "$version" main >&2
fi
cluster=$(pg_lsclusters -h | head -1)
read -r cversion cname cport cstatus _ <<<"$cluster"
if [ "$cstatus" != "online" ]; then
  pg_ctlcluster "$cversion" "$cname" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$cport" && break
  sleep 1
done
su postgres -c "psql -q -p $cport -tc \"select 1 from pg_roles where rolname = 'timeline'\"" \
  | grep -q 1 \
  || su postgres -c "psql -q -p $cport -c \"create role timeline login superuser password 'timeline'\"" >&2
echo "export TIMELINE_TEST_POSTGRES_URL=postgresql+psycopg://timeline:timeline@127.0.0.1:$cport/postgres"
