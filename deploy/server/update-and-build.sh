#!/bin/sh
# Your own server: pull the posts, build only when something changed, switch the new site in.
# Run every minute by deploy/server/noc-status.timer (or cron). The build publishes atomically: a
# reader never sees a half-written site, and a failed build leaves the last one in place.
#   SITE_DIR  where nginx's root points (default /var/www/noc-status; a link the build replaces)
set -eu
cd "$(dirname "$0")/../.."
SITE_DIR="${SITE_DIR:-/var/www/noc-status}"

git pull --ff-only --quiet
# Dependencies only when the lock file is not the one they were last installed from.
if ! cmp -s package-lock.json .installed-package-lock.json; then
  npm ci --omit=dev --no-audit --no-fund --loglevel=error
  cp package-lock.json .installed-package-lock.json
fi
exec npm run --silent build -- --out "$SITE_DIR" --if-changed
