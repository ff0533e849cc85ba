#!/usr/bin/env bash
# Interoperability: the demo server, a tip submitted with curl, and every blob
# opened with stock `age -d` + `unzip` exactly as the demo tells a newcomer,
# compared byte for byte with what was sent. Also: a key made by `gundo keygen`
# (plain and passphrase-protected) opens tips with stock age.
#
# Usage: scripts/interop.sh PATH/TO/gundo
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
cd "$work"

# Reviewers' keys, made with gundo, before the demo starts.
# Classic keys: Debian's age 1.1.1 has no post-quantum recipients (scripts/interop-pq.sh
# covers those with typage).
"$gundo" keygen --classic --out amina.key --no-passphrase >/dev/null
printf 'phrase de passe très longue\n' > pass.txt
"$gundo" keygen --classic --out binta.key --passphrase-file pass.txt >/dev/null

# First run makes gundo-demo/; add the two reviewers to its keys directory.
mkdir -p gundo-demo/keys
cp amina.pub binta.pub gundo-demo/keys/

"$gundo" serve --demo --listen 127.0.0.1:0 > demo.out 2> demo.err &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q 'Open the site:' demo.out 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^ *Open the site: *//p' demo.out)
[ -n "$url" ] || { echo "the demo printed no URL"; cat demo.out demo.err; exit 1; }

# A tip: French and Arabic text, a binary file and a file with an accented name.
printf 'Le lieutenant a vendu le carburant du camp de Sévaré.\nشاحنات الوقود بيعت في السوق\n' > message.txt
head -c 3000000 /dev/urandom > photo.bin
printf '%%PDF-1.4 bon de commande 117\n' > 'rapport été.pdf'
curl -sS -o receipt.html -w '%{http_code}' \
    -F 'message=<message.txt' -F 'files=@photo.bin' -F 'files=@rapport été.pdf' \
    "${url}fr/submit" > status.txt
[ "$(cat status.txt)" = 200 ] || { echo "submit answered $(cat status.txt)"; exit 1; }
grep -q 'id="receipt"' receipt.html || { echo "no receipt on the page"; exit 1; }

# The exact command the demo printed.
read_cmd=$(grep -m1 '^ *for f in gundo-demo/blobs' demo.out)
eval "$read_cmd"
tip=$(ls -d gundo-demo-tips/*/ | head -n1)
cmp "$tip/message.txt" message.txt
cmp "$tip/files/photo.bin" photo.bin
cmp "$tip/files/rapport été.pdf" 'rapport été.pdf'
echo "demo: stock age + unzip read the tip, bytes match"

# Every blob opens with each reviewer key using stock age.
for f in gundo-demo/blobs/*.age; do
    age -d -i amina.key -o amina.zip "$f"
    unzip -tq amina.zip
    python3 "$here/with_tty.py" "$(head -n1 pass.txt)" age -d -i binta.key -o binta.zip "$f"
    cmp amina.zip binta.zip
done
echo "keygen: plain and passphrase-protected keys open every blob with stock age"

# The export bundle is a standard age file holding a standard tar.
"$gundo" export --config gundo-demo/gundo.toml --out stick.bundle >/dev/null
# (decrypted to a file: tar stops reading at the end-of-archive mark, before the padding)
age -d -i amina.key -o stick.tar stick.bundle
tar -tf stick.tar > bundle.list
grep -qx 'manifest.toml' bundle.list
grep -q '^messages/.*\.age$' bundle.list
echo "export: stock age + tar list the bundle"
echo "interop passed"
