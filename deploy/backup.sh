#!/usr/bin/env bash
# Back up the OCOP Portal: the database (pg_dump custom format) and MEDIA_ROOT (dossier documents, reports, imports)
# as a tarball, side by side in DEST (default /var/backups/ocop), named by the time of the backup.
#
#   set -a; . /etc/ocop/ocop.env; set +a; deploy/backup.sh [DEST]
#
# Reads DATABASE_URL (postgres://…) and MEDIA_ROOT (default: the checkout's media/). KEEP_DAYS (default 30) removes
# older backups from DEST; 0 keeps them all. Restore with deploy/restore.sh. The database is dumped first, then the
# media: a file uploaded in between is in the tarball without its row, which is harmless (the other way round is not).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user:password@host:5432/name)}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL; for SQLite copy the file." >&2; exit 2 ;;
esac
media=${MEDIA_ROOT:-$here/media}
dest=${1:-/var/backups/ocop}
keep=${KEEP_DAYS:-30}
stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$dest"
umask 077  # the dump holds password hashes and personal data

pg_dump --format=custom --no-owner --file="$dest/ocop-$stamp.dump" --dbname="$DATABASE_URL"
if [ -d "$media" ]; then
  tar -C "$media" -czf "$dest/ocop-$stamp-media.tar.gz" .
else
  echo "backup.sh: MEDIA_ROOT $media does not exist: an empty media tarball is written." >&2
  tar -czf "$dest/ocop-$stamp-media.tar.gz" -T /dev/null
fi
(cd "$dest" && sha256sum "ocop-$stamp.dump" "ocop-$stamp-media.tar.gz" > "ocop-$stamp.sha256")

if [ "$keep" -gt 0 ]; then
  find "$dest" -maxdepth 1 -name 'ocop-*' -type f -mtime "+$keep" -delete
fi
echo "Backed up to $dest/ocop-$stamp.dump ($(du -h "$dest/ocop-$stamp.dump" | cut -f1)) and" \
  "$dest/ocop-$stamp-media.tar.gz ($(du -h "$dest/ocop-$stamp-media.tar.gz" | cut -f1))"
