#!/usr/bin/env bash
# The reviewer desk (`gundo review desk`) driven in a real terminal: tmux
# types the keys (send-keys) and reads the screen (capture-pane).
#
# Usage: scripts/desk-check.sh PATH/TO/gundo    (CI passes target/debug/gundo)
#
# A server with two reviewers (amina, with a passphrase file, and binta)
# runs on 127.0.0.1; a submitter sends a tip with a photo (curl); the
# operator exports. In amina's desk: the server key is confirmed, the inbox
# shows the tip's first words, Enter shows the thread, the photo's cleaned
# copy opens in a fake viewer through the RAM folder, a reply is typed,
# previewed and queued, a note and a state are queued, the outbox is
# written. Then: `gundo import` → the submitter's status page (curl, with
# the receipt) shows the reply; the next export → binta's `review list` and
# `review show` show amina's state and note. Last, the desk is killed
# (kill -9) while a file is open in the viewer, and the next start leaves
# nothing in the RAM folder. Without a terminal, `review desk` refuses.
#
# Text captures of each screen go to target/screenshots/desk-*.txt.
# Needs curl and python3 (to make the photo); installs tmux with apt if it
# is missing (CI runs as root).
set -euo pipefail
gundo=$(realpath "${1:?usage: $0 PATH/TO/gundo}")
root=$(cd "$(dirname "$0")/.." && pwd)
shots="$root/target/screenshots"
mkdir -p "$shots"

if ! command -v tmux >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq tmux >/dev/null
fi

work=$(mktemp -d)
# The desk's RAM folder lives under XDG_RUNTIME_DIR: one of our own, in RAM.
ram=$(mktemp -d -p /dev/shm gundo-desk-check.XXXXXX)
chmod 700 "$ram"
session="gundo-desk-check-$$"
server_pid=
cleanup() {
    tmux kill-session -t "$session" 2>/dev/null || true
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ -f "$work/viewer.pids" ]; then
        while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$work/viewer.pids"
    fi
    rm -rf "$work" "$ram"
}
trap cleanup EXIT
fail() {
    echo "desk check: $*"
    tmux capture-pane -p -t "$session" 2>/dev/null || true
    exit 1
}

cd "$work"
mkdir -p server/keys a b
echo "la phrase de passe d’Amina" > a/pass
"$gundo" keygen --out a/amina.key --passphrase-file a/pass > /dev/null
"$gundo" keygen --out b/binta.key --no-passphrase > /dev/null
cp a/amina.pub b/binta.pub server/keys/
cat > server/gundo.toml <<'EOF'
listen = "127.0.0.1:0"
data_dir = "data"
keys_dir = "keys"
min_free_mib = 0
EOF
"$gundo" serve --config server/gundo.toml > server.out 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q 'serving on' server.out 2>/dev/null && break
    sleep 0.1
done
addr=$(sed -n 's/^gundo: serving on \([^,]*\),.*/\1/p' server.out)
[ -n "$addr" ] || { cat server.out; fail "the server did not start"; }
url="http://$addr"

# The submitter: a tip with a photo.
python3 - <<'EOF'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
       + chunk(b"tEXt", b"Author\x00Sergent Traore") + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open("photo.png", "wb").write(png)
EOF
tip="Les soldes fantômes du 5e bataillon à Gao : 212 noms sur la liste de paie."
reply="Merci. Pouvez-vous dire quel mois ? شكرا"
receipt=$(curl -sS -F "message=$tip" -F "files=@photo.png;type=image/png" "$url/fr/submit" \
    | sed -n 's/.*id="receipt"[^>]*>\([0-9 ]*\)<.*/\1/p')
[ -n "$receipt" ] || fail "no receipt"
"$gundo" export --config server/gundo.toml --out one.bundle > /dev/null
# binta has opened the first bundle with the command (it pins the server key).
"$gundo" review open --identity b/binta.key --bundle one.bundle --workspace b/ws > /dev/null

cat > viewer.sh <<EOF
#!/bin/sh
# A fake outside viewer: says what it was given, and keeps it open.
echo "\$\$" >> "$work/viewer.pids"
echo "\$1" >> "$work/viewed.log"
exec sleep 600
EOF
chmod +x viewer.sh

desk() {
    tmux kill-session -t "$session" 2>/dev/null || true
    tmux new-session -d -s "$session" -x 100 -y 32 -c "$work" \
        "exec env XDG_RUNTIME_DIR=$ram GUNDO_DESK_VIEWER=$work/viewer.sh $gundo review desk --identity a/amina.key --passphrase-file a/pass --workspace a/ws $*"
}
screen() { tmux capture-pane -p -t "$session"; }
wait_for() {
    for _ in $(seq 1 150); do
        if screen | grep -qF -- "$1"; then return 0; fi
        sleep 0.2
    done
    fail "the screen never showed: $1"
}
keys() {
    # One key at a time: an Esc followed at once by a key reads as Alt+key.
    for key in "$@"; do
        tmux send-keys -t "$session" "$key"
        sleep 0.3
    done
}
type_text() { tmux send-keys -t "$session" -l "$1"; sleep 0.3; }
shot() { screen > "$shots/desk-$1.txt"; }

echo "== the desk opens the bundle; the server key is confirmed inside it"
desk --bundle one.bundle
wait_for "Clé du serveur"
shot trust
keys Right Enter
wait_for "Les soldes fantômes"
wait_for "Lot ouvert"
shot inbox

echo "== Enter shows the thread"
keys Enter
wait_for "Message de la source"
wait_for "photo.png"
shot thread

echo "== the photo's cleaned copy opens in the viewer through the RAM folder"
keys Tab Enter
wait_for "Ouvrir la copie nettoyée"
shot attachment
keys Enter
wait_for "visionneuse"
for _ in $(seq 1 50); do [ -s viewed.log ] && break; sleep 0.1; done
viewed=$(head -n1 viewed.log)
case "$viewed" in
    "$ram"/gundo-desk-*/photo.cleaned.png) ;;
    *) fail "the viewer got $viewed, not a file in the RAM folder $ram" ;;
esac
[ -f "$viewed" ] || fail "$viewed does not exist while it is shown"
[ "$(stat -c %a "$(dirname "$(dirname "$viewed")")")" = 700 ] || fail "the RAM folder is not 0700"
if grep -q 'Sergent Traore' "$viewed"; then fail "the cleaned copy still names its author"; fi

echo "== a reply typed in the editor, previewed, queued"
keys r
wait_for "Réponse à la source"
type_text "$reply"
keys Enter
type_text "Le mois et l’unité suffisent."
shot editor
keys C-s
wait_for "Aperçu"
shot preview
keys Enter
wait_for "Réponse chiffrée"

echo "== a note and a state for the other reviewers"
keys n
wait_for "Note pour les autres relecteurs"
type_text "Je vérifie la liste de paie avec notre contact à Gao."
keys C-s Enter
wait_for "Note chiffrée"
keys m
wait_for "État du fil"
keys Down
type_text "amina"
shot mark
keys Enter
wait_for "mis en attente"

echo "== the help"
keys '?'
wait_for "Les marques"
shot help
keys Escape

echo "== the outbox, written with a progress bar in bytes"
keys o
wait_for "Boîte d’envoi"
shot outbox
keys Enter
wait_for "Remettez la clé USB"
shot outbox-written
outbox=$(ls "$work"/amina-*.outbox)
keys Escape Escape q
for _ in $(seq 1 50); do tmux has-session -t "$session" 2>/dev/null || break; sleep 0.1; done
tmux has-session -t "$session" 2>/dev/null && fail "q did not quit"
if compgen -G "$ram/gundo-desk-*" > /dev/null; then fail "the RAM folder is left after quitting"; fi

echo "== import; the submitter reads the reply with the receipt"
"$gundo" import --config server/gundo.toml "$outbox"
curl -sS --data-urlencode "receipt=$receipt" "$url/fr/status" | grep -qF "Pouvez-vous dire quel mois" \
    || fail "the status page does not show the reply"

echo "== the next export: binta sees amina's note and state"
"$gundo" export --config server/gundo.toml --out two.bundle > /dev/null
"$gundo" review open --identity b/binta.key --bundle two.bundle --workspace b/ws > /dev/null
listed=$("$gundo" review list --identity b/binta.key --workspace b/ws)
echo "$listed" | grep -q 'open' || fail "binta's list does not show the state: $listed"
echo "$listed" | grep -q 'amina' || fail "binta's list does not show the handler: $listed"
thread=$(echo "$listed" | awk 'NR==1 {print $1}')
shown=$("$gundo" review show --identity b/binta.key --workspace b/ws --thread "$thread")
echo "$shown" | grep -qF "notre contact à Gao" || fail "binta does not see the note: $shown"
echo "$shown" | grep -qF "Pouvez-vous dire quel mois" || fail "binta does not see the reply"

echo "== a crash while a file is shown leaves nothing in the RAM folder after the next start"
: > viewed.log
desk
wait_for "Les soldes fantômes"
keys Enter Tab Enter
wait_for "Ouvrir la copie nettoyée"
keys Enter
for _ in $(seq 1 50); do [ -s viewed.log ] && break; sleep 0.1; done
viewed=$(head -n1 viewed.log)
[ -f "$viewed" ] || fail "no file shown before the crash"
kill -9 "$(tmux display-message -p -t "$session" '#{pane_pid}')"
sleep 0.5
[ -f "$viewed" ] || fail "the crash test did not crash: the file is already gone"
desk --lang en
wait_for "Inbox"
shot inbox-en
if find "$ram" -mindepth 1 | grep -q .; then fail "the RAM folder holds $(find "$ram" -mindepth 1)"; fi
keys q

echo "== the desk in Arabic"
desk --lang ar
wait_for "صندوق الوارد"
shot inbox-ar
keys q

echo "== without a terminal, the desk refuses in one line"
if out=$("$gundo" review desk --identity a/amina.key --passphrase-file a/pass --workspace a/ws < /dev/null 2>&1); then
    fail "the desk ran without a terminal"
fi
if [ "$(echo "$out" | wc -l)" != 1 ] || ! echo "$out" | grep -q "needs a terminal"; then
    fail "$out"
fi

echo "desk check: every step passed; screens in target/screenshots/desk-*.txt"
