#!/usr/bin/env bash
# Post-quantum interoperability with typage (npm `age-encryption` >= 0.3, the
# TypeScript age by age's author; Debian's age 1.1.1 predates mlkem768x25519).
# Both ways, through the real binary:
#
#   1. gundo -> typage: a tip sealed by the real `gundo serve` to two
#      post-quantum reviewer keys from `gundo keygen --pq` (one plain, one
#      passphrase-protected) is decrypted by typage with each identity, and
#      the ZIP inside matches what curl sent; so is the export bundle.
#   2. typage -> gundo: typage re-encrypts the bundle's plaintext to the
#      reviewers' age1pq1 recipients, and `gundo review open` reads that
#      file with its own post-quantum identity (keys::pq) and gets the tip.
#
# typage is installed with `npm ci` from tests/pq-interop/package-lock.json
# into a temp dir. Usage: scripts/interop-pq.sh PATH/TO/gundo
set -euo pipefail
gundo=$(realpath "${1:?usage: $0 PATH/TO/gundo}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
say() { echo "interop-pq: $*"; }
fail() { echo "interop-pq: FAILED: $*" >&2; exit 1; }

# typage, exactly the locked version.
mkdir "$work/typage"
cp "$here/../tests/pq-interop/package.json" "$here/../tests/pq-interop/package-lock.json" \
    "$here/../tests/pq-interop/typage.mjs" "$work/typage/"
(cd "$work/typage" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
typage() { node "$work/typage/typage.mjs" "$@"; }
say "typage $(node -p 'require(process.argv[1]).version' "$work/typage/node_modules/age-encryption/package.json")"
cd "$work"

# Two reviewers with post-quantum keys made by gundo.
"$gundo" keygen --pq --out amina.key --no-passphrase >/dev/null
printf 'une phrase de passe assez longue\n' > pass.txt
"$gundo" keygen --pq --out binta.key --passphrase-file pass.txt >/dev/null
grep -q '^AGE-SECRET-KEY-PQ-1' amina.key || fail "amina.key holds no AGE-SECRET-KEY-PQ-1 line"
head -n1 binta.key | grep -q 'BEGIN AGE ENCRYPTED FILE' || fail "binta.key is not passphrase-protected"
recipient() { sed -n 's/^recipient = "\(age1pq1[0-9a-z]*\)"$/\1/p' "$1"; }
amina=$(recipient amina.pub) binta=$(recipient binta.pub)
[ "${#amina}" -eq 1959 ] || fail "amina's recipient is ${#amina} characters, not 1959"

# The real server, sealing to both.
mkdir keys
cp amina.pub binta.pub keys/
printf 'listen = "127.0.0.1:0"\ndata_dir = "data"\nkeys_dir = "keys"\nmin_free_mib = 0\n' > gundo.toml
"$gundo" serve --config gundo.toml > server.out 2> server.err &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q 'serving on' server.out 2>/dev/null && break
    sleep 0.1
done
addr=$(sed -n 's/^gundo: serving on \([^,]*\),.*/\1/p' server.out)
[ -n "$addr" ] || { cat server.out server.err; fail "the server did not start"; }
grep -q 'sealing to 2 reviewer keys (post-quantum)' server.out || fail "not sealing post-quantum: $(cat server.out)"
say "$(head -n1 server.out)"

printf 'Le carburant du camp a été revendu.\nشاحنات الوقود بيعت في السوق\n' > message.txt
head -c 200000 /dev/urandom > photo.bin
code=$(curl -sS -o receipt.html -w '%{http_code}' \
    -F 'message=<message.txt' -F 'files=@photo.bin' "http://$addr/fr/submit")
[ "$code" = 200 ] || fail "submit answered $code"
grep -q 'id="receipt"' receipt.html || fail "no receipt on the page"
blob=$(ls data/blobs/*.age)
[ "$(echo "$blob" | wc -l)" = 1 ] || fail "expected one blob"
head -c 8192 "$blob" | grep -a -c '^-> mlkem768x25519 ' | grep -qx 2 || fail "the blob has not two mlkem768x25519 stanzas"
if head -c 8192 "$blob" | grep -a -q '^-> X25519 '; then fail "the blob has a classic X25519 stanza"; fi
say "the blob's header: $(head -c 8192 "$blob" | grep -a '^-> ' | cut -c1-30 | tr '\n' ' ')"

# 1. gundo -> typage, with each reviewer's identity.
typage decrypt amina.key < "$blob" > amina.zip
typage decrypt binta.key pass.txt < "$blob" > binta.zip
cmp amina.zip binta.zip
mkdir tip && (cd tip && unzip -q ../amina.zip)
cmp tip/message.txt message.txt
cmp tip/files/photo.bin photo.bin
say "gundo -> typage: typage opened the tip with both PQ identities (plain and passphrase-protected), bytes match"

"$gundo" export --config gundo.toml --out stick.bundle > export.out
grep -q 'sealed to 2 reviewer' export.out || fail "export: $(cat export.out)"
typage decrypt amina.key < stick.bundle > stick.tar
tar -tf stick.tar > bundle.list
grep -qx 'manifest.toml' bundle.list || fail "no manifest in the bundle"
say "gundo -> typage: typage opened the export bundle; tar lists $(wc -l < bundle.list) entries"

# 2. typage -> gundo: the same plaintext, encrypted by typage.
typage encrypt "$amina" "$binta" < stick.tar > typage.bundle
head -c 8192 typage.bundle | grep -a -c '^-> mlkem768x25519 ' | grep -qx 2 || fail "typage did not write two mlkem768x25519 stanzas"
"$gundo" review open --identity amina.key --bundle typage.bundle --workspace ws > open.out
grep -q '^1 new message,' open.out || fail "review open: $(cat open.out)"
"$gundo" review open --identity binta.key --passphrase-file pass.txt --bundle typage.bundle \
    --workspace ws-binta > open-binta.out
grep -q '^1 new message,' open-binta.out || fail "review open (binta): $(cat open-binta.out)"
say "typage -> gundo: \`gundo review open\` read typage's file with both PQ identities: $(head -n1 open.out | cut -d: -f1)"

# A classic identity cannot open any of it.
"$gundo" keygen --classic --out classic.key --no-passphrase >/dev/null
if "$gundo" review open --identity classic.key --bundle typage.bundle --workspace ws-classic >/dev/null 2>&1; then
    fail "a classic key opened a post-quantum bundle"
fi
say "interop passed"
