#!/usr/bin/env bash
# Real-browser tests: Debian's chromium with JavaScript off submits a tip with
# a file through the real form in every language, reads the receipt, checks
# the status page and a reviewer's reply, audits every page with axe-core and
# writes phone-width screenshots to target/screenshots/.
#
# Usage: scripts/browser-tests.sh PATH/TO/gundo    (CI passes target/debug/gundo)
#
# Installs what it needs (chromium from Debian, playwright-core and axe-core
# from the committed package-lock.json) and builds nothing. Chromium runs with
# flags that stop it from making connections of its own, in a fresh profile.
set -euo pipefail
gundo=$(realpath "${1:?usage: $0 PATH/TO/gundo}")
root=$(cd "$(dirname "$0")/.." && pwd)
shots="$root/target/screenshots"

export DEBIAN_FRONTEND=noninteractive
# Noto: the fonts Tor Browser ships, Arabic included, so screenshots look alike.
if ! dpkg -s chromium fonts-noto-core >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi
(cd "$root/tests/browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)

work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

"$gundo" serve --demo --listen 127.0.0.1:0 > demo.out 2> demo.err &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q 'Open the site:' demo.out 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^ *Open the site: *//p' demo.out)
[ -n "$url" ] || { echo "the demo printed no URL"; cat demo.out demo.err; exit 1; }

rm -rf "$shots"
started=$SECONDS
timeout 300 node "$root/tests/browser/run.mjs" "$url" "$shots" "$gundo" "$work"
echo "browser tests took $((SECONDS - started)) s"
