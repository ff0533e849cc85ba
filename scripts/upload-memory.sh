#!/usr/bin/env bash
# Peak resident memory of the gundo server while one upload streams in, read
# from /proc/PID/status (VmHWM) of a fresh server per size, next to the size of
# the sealed blob (to show the Padmé bucket).
#
# Usage: scripts/upload-memory.sh [PATH/TO/gundo] [SIZE_MIB...]
#   default: target/release/gundo, sizes 1 and 300
set -euo pipefail
gundo=$(realpath "${1:-target/release/gundo}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 300)
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
"$gundo" keygen --out reviewer.key --no-passphrase >/dev/null
mkdir keys && mv reviewer.pub keys/

echo "| upload | server peak RSS (VmHWM) | RSS before upload | sealed blob | padding overhead |"
echo "| --- | --- | --- | --- | --- |"
for mib in "${sizes[@]}"; do
    rm -rf data
    printf 'listen = "127.0.0.1:0"\ndata_dir = "data"\nkeys_dir = "keys"\nmin_free_mib = 0\nmax_message_mib = %d\n' \
        $((mib + 10)) > gundo.toml
    "$gundo" serve --config gundo.toml > server.out 2>/dev/null &
    pid=$!
    for _ in $(seq 1 100); do
        grep -q 'serving on' server.out 2>/dev/null && break
        sleep 0.1
    done
    addr=$(sed -n 's/^gundo: serving on \([^,]*\),.*/\1/p' server.out)
    head -c "$((mib * 1024 * 1024))" /dev/urandom > upload.bin
    before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    code=$(curl -sS -o /dev/null -w '%{http_code}' -F 'message=measure' -F 'files=@upload.bin' "http://$addr/fr/submit")
    [ "$code" = 200 ] || { echo "upload of $mib MiB answered $code"; exit 1; }
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    blob=$(stat -c %s data/blobs/*.age)
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    overhead=$(awk -v b="$blob" -v u="$((mib * 1024 * 1024))" 'BEGIN { printf "%.2f %%", (b - u) * 100 / u }')
    awk -v m="$mib" -v h="$hwm" -v r="$before" -v b="$blob" -v o="$overhead" \
        'BEGIN { printf "| %d MiB | %.1f MiB | %.1f MiB | %d bytes | %s |\n", m, h / 1024, r / 1024, b, o }'
    rm -f upload.bin
done
