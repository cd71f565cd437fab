#!/usr/bin/env bash
# Restore an OCOP Portal backup made by deploy/backup.sh into a fresh, empty database and an empty MEDIA_ROOT.
#
#   createdb -O ocop ocop_restored            # as the postgres user
#   DATABASE_URL=postgres://ocop:…@127.0.0.1:5432/ocop_restored MEDIA_ROOT=/srv/ocop/media-restored \
#     deploy/restore.sh /var/backups/ocop/ocop-20261128-020000.dump
#
# The media tarball is the one beside the dump (…-media.tar.gz), checked against the .sha256 file when there is one.
# It refuses a database that already has tables or a MEDIA_ROOT that is not empty: nothing is overwritten. Then point
# /etc/ocop/ocop.env at the restored database and media, run `manage.py migrate` (a no-op unless the code is newer
# than the backup) and restart the units.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dump=${1:?usage: restore.sh BACKUP.dump (the media tarball beside it is restored too)}
media_tar=${dump%.dump}-media.tar.gz
sums=${dump%.dump}.sha256
: "${DATABASE_URL:?DATABASE_URL is not set: the fresh database to restore into}"
media=${MEDIA_ROOT:-$here/media}
[ -f "$dump" ] || { echo "restore.sh: no file $dump" >&2; exit 2; }
[ -f "$media_tar" ] || { echo "restore.sh: no media tarball $media_tar beside the dump" >&2; exit 2; }

if [ -f "$sums" ]; then
  (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$sums")") || {
    echo "restore.sh: the backup's checksums do not match: refusing." >&2
    exit 1
  }
fi
tables=$(psql --dbname="$DATABASE_URL" -Atc "select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore.sh: the database already has $tables tables; restore into a fresh one (createdb)." >&2
  exit 1
fi
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "restore.sh: MEDIA_ROOT $media is not empty; restore into an empty folder." >&2
  exit 1
fi

pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$dump"
mkdir -p "$media"
tar -C "$media" -xzf "$media_tar"
echo "Restored $dump ($(psql --dbname="$DATABASE_URL" -Atc "select count(*) from django_migrations") migrations" \
  "applied) and $(find "$media" -type f | wc -l) media files into $media"
