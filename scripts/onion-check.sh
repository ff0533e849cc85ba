#!/usr/bin/env bash
# The deployment as it really runs, end to end behind a real v3 onion service
# on a private Tor network on loopback (tests/tornet, Debian's tor alone):
# gundo on a unix socket with proxy_protocol = true, the onion built from
# deploy/torrc's service lines. Through the client's SOCKS port, with Tor
# Browser's headers:
#   1. a tip with a file gets its receipt, and its blob opens with stock age;
#   2. one circuit past its post budget gets the translated 429, while a new
#      circuit (a new SOCKS user name) gets through;
#   3. trickling uploads on many circuits do not keep a real upload out.
# Usage: scripts/onion-check.sh [GUNDO_BINARY]   (as root on CI: installs tor)
set -euo pipefail
cd "$(dirname "$0")/.."
gundo=$(realpath "${1:-target/debug/gundo}")

say() { echo "onion-check: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

need=()
for tool in tor tor-gencert age unzip curl python3; do
    command -v "$tool" >/dev/null || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
    say "installing tor age unzip curl python3 from Debian"
    export DEBIAN_FRONTEND=noninteractive
    # Installing tor must never start the system's tor: CI reaches nothing
    # but the package registries.
    made_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    apt-get update -qq
    apt-get install -y -qq tor age unzip curl python3 >/dev/null
    [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

work=$(mktemp -d)
server=
export TORNET_DIR="$work/tornet"
mkdir "$TORNET_DIR"
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    tests/tornet/stop.sh >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# --- gundo on a unix socket, as deploy/install.sh sets it up -----------------
mkdir "$work/keys"
# Classic: the blob is checked with Debian's stock age, which has no ML-KEM.
"$gundo" keygen --classic --out "$work/reviewer.key" --no-passphrase >/dev/null
mv "$work/reviewer.pub" "$work/keys/"
sock="$work/gundo.sock"
cat >"$work/gundo.toml" <<EOF
listen = "unix:$sock"
data_dir = "$work/data"
keys_dir = "$work/keys"
min_free_mib = 0
proxy_protocol = true
max_uploads_in_flight = 6
EOF
"$gundo" serve --config "$work/gundo.toml" >"$work/server.out" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || die "gundo did not listen on $sock: $(cat "$work/server.log")"

# --- the onion, from deploy/torrc's service lines ----------------------------
# start.sh writes HiddenServiceDir/Version/Port itself, and the PROXY and PoW
# lines from PROXY_PROTOCOL=1 and POW=1; every other service line comes as is.
grep -q '^HiddenServiceExportCircuitID haproxy$' deploy/torrc || die "deploy/torrc does not export circuit ids"
grep -q '^HiddenServicePoWDefensesEnabled 1$' deploy/torrc || die "deploy/torrc has no PoW defences"
hs_extra=$(grep '^HiddenService' deploy/torrc |
    grep -v -e '^HiddenServiceDir' -e '^HiddenServiceVersion' -e '^HiddenServicePort' \
        -e '^HiddenServiceExportCircuitID' -e '^HiddenServicePoWDefensesEnabled')
say "starting the private Tor network (about 40 s)"
TARGET="unix:$sock" PROXY_PROTOCOL=1 POW=1 HS_EXTRA="$hs_extra" PORT_BASE=23000 \
    tests/tornet/start.sh >"$work/tornet.out" 2>"$work/tornet.log" ||
    die "the Tor network did not start: $(tail -5 "$work/tornet.log")"
# shellcheck disable=SC1091
. "$TORNET_DIR/onion.env"
say "onion $ONION is up"

# A request as Tor Browser sends it, on the circuit of SOCKS user $1.
tor_browser() {
    local circuit=$1
    shift
    curl -sS --max-time 120 -x "socks5h://$circuit:x@$SOCKS_ADDR" \
        -H 'User-Agent: Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0' \
        -H 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' \
        -H 'Accept-Language: en-US,en;q=0.5' \
        -H 'Origin: null' -H 'Sec-Fetch-Site: same-origin' -H 'Sec-Fetch-Mode: navigate' \
        -H 'Sec-Fetch-Dest: document' -H 'Sec-Fetch-User: ?1' -H 'Upgrade-Insecure-Requests: 1' \
        -H 'Expect:' "$@"
}

# --- 1. a tip with a file ----------------------------------------------------
printf 'Bon de commande 2026-117: 40 000 litres, jamais livrés.\n' >"$work/proof.txt"
code=$(tor_browser tip-1 -o "$work/receipt.html" -w '%{http_code}' \
    -F 'message=Le carburant du camp part au marché.' -F "files=@$work/proof.txt" \
    "${ONION_URL}fr/submit")
[ "$code" = 200 ] || die "the tip got $code"
receipt=$(python3 - "$work/receipt.html" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'id="receipt"[^>]*>\s*([0-9 ]+?)\s*<', html)
print(m.group(1) if m else "")
EOF
)
[ "${#receipt}" = 29 ] || die "no receipt on the page"
blob=$(find "$work/data/blobs" -name '*.age' | head -1)
age -d -i "$work/reviewer.key" -o "$work/tip.zip" "$blob" || die "stock age cannot open the blob"
unzip -p "$work/tip.zip" message.txt | grep -q 'carburant du camp' || die "the tip text is not in the blob"
unzip -p "$work/tip.zip" files/proof.txt | cmp -s - "$work/proof.txt" || die "the file is not in the blob"
say "1. a tip with a file through the onion: receipt shown, blob opens with stock age"

# --- 2. the per-circuit budget -------------------------------------------------
# The default budget: 12 posts at once, then one every 5 s, per circuit.
# Posting as fast as the onion answers, a 429 must come before 25 posts.
statuses=()
first_429=
for n in $(seq 25); do
    statuses+=("$(tor_browser budget-1 -o "$work/budget.html" -w '%{http_code}' \
        --data-urlencode 'receipt=1234' "${ONION_URL}fr/status")")
    if [ "${statuses[-1]}" = 429 ]; then first_429=$n; break; fi
done
[ -n "$first_429" ] || die "25 posts on one circuit, no 429 (${statuses[*]})"
grep -q 'lang="fr"' "$work/budget.html" || die "the 429 is not the translated page"
code=$(tor_browser budget-2 -o /dev/null -w '%{http_code}' \
    --data-urlencode 'receipt=1234' "${ONION_URL}fr/status")
[ "$code" != 429 ] || die "a new circuit was refused too"
say "2. one circuit past its budget: 429 (translated) at post $first_429; a new circuit then: $code"

# --- 3. trickling uploads on many circuits ---------------------------------------
head -c $((1024 * 1024)) /dev/urandom >"$work/mib.bin"
# The reference: the same upload on a quiet onion.
start=$(date +%s.%N)
code=$(tor_browser quiet-1 -o /dev/null -w '%{http_code}' \
    -F 'message=Référence.' -F "files=@$work/mib.bin" "${ONION_URL}fr/submit")
[ "$code" = 200 ] || die "the reference upload got $code"
quiet=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }")
say "   reference: a 1 MiB upload on a quiet onion takes ${quiet} s"
# Ten circuits, each trickling one upload (one byte every 2 s) into 6 slots.
trickles=()
for i in $(seq 1 10); do
    scripts/socks-trickle.py "$SOCKS_ADDR" "$ONION" "trickle-$i" 60 >"$work/trickle.$i" &
    trickles+=($!)
done
sleep 6
start=$(date +%s)
code=
while [ $(($(date +%s) - start)) -lt 60 ]; do
    code=$(tor_browser real-1 -o "$work/real.html" -w '%{http_code}' \
        -F 'message=Vrai signalement.' -F "files=@$work/mib.bin" "${ONION_URL}fr/submit" || true)
    say "   real upload: $code after $(($(date +%s) - start)) s"
    [ "$code" = 200 ] && break
    sleep 1
done
took=$(($(date +%s) - start))
for t in "${trickles[@]}"; do kill "$t" 2>/dev/null || true; done
[ "$code" = 200 ] || die "the real upload got $code while 10 circuits trickled"
[ "$took" -le 20 ] || die "the real upload took $took s while 10 circuits trickled"
say "3. 10 circuits trickling one byte every 2 s: a real 1 MiB upload got its receipt in ${took} s (trickles ended with: $(cat "$work"/trickle.* | sort | uniq -c | xargs))"

grep -q 'panicked\|internal error' "$work/server.log" && die "server log: $(cat "$work/server.log")"
say "passed"
