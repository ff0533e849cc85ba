#!/usr/bin/env bash
# Runs the README's walk-through exactly as written, so the README cannot
# drift from what gundo does.
#
# Usage: scripts/readme-walkthrough.sh PATH/TO/gundo    (CI passes target/debug/gundo)
#
# The README marks the code blocks to run with an HTML comment on the line
# right before the opening fence:
#
#   <!-- walkthrough: server -->   started in the background (the demo server);
#                                  the steps start once it prints "Open the site:"
#   <!-- walkthrough -->           a step: run in order, in one bash
#                                  (set -euo pipefail), so shell variables carry
#                                  from one block to the next
#
# The blocks run in a fresh temp folder with PATH leading to a `gundo` that is
# the binary given. The run fails if any command fails, if no step or no
# server block is marked, or if the reply the walk-through writes to reply.txt
# is not in the output of its last step (the submitter reading the answer).
#
# As root with `unshare`, it runs in its own network namespace, so the demo's
# port 8080 as the README writes it is free even on a shared machine;
# elsewhere port 8080 must be free. Builds nothing; needs curl.
set -euo pipefail
gundo=$(realpath "${1:?usage: $0 PATH/TO/gundo}")
root=$(cd "$(dirname "$0")/.." && pwd)
readme="$root/README.md"

if [ -z "${GUNDO_WALKTHROUGH_NETNS:-}" ] && [ "$(id -u)" = 0 ] \
    && command -v unshare >/dev/null && command -v ip >/dev/null \
    && unshare --net true 2>/dev/null; then
    exec env GUNDO_WALKTHROUGH_NETNS=1 unshare --net "$0" "$@"
fi
if [ -n "${GUNDO_WALKTHROUGH_NETNS:-}" ]; then
    ip link set lo up
fi

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill -- "-$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Cut the marked blocks out of the README: server.sh, and steps/NN.sh.
mkdir -p "$work/steps" "$work/bin" "$work/run"
awk -v out="$work" '
    /^<!-- walkthrough: server -->$/ { want = "server"; next }
    /^<!-- walkthrough -->$/ { want = "step"; next }
    want != "" && !inside {
        if ($0 !~ /^```(sh|bash)$/) {
            printf "README.md:%d: a walkthrough marker must be followed by a ```sh block\n", NR > "/dev/stderr"
            exit 1
        }
        inside = 1
        if (want == "server") file = out "/server.sh"
        else file = sprintf("%s/steps/%02d.sh", out, ++steps)
        printf "" > file
        next
    }
    inside && /^```$/ { inside = 0; want = ""; close(file); next }
    inside { print >> file }
    END { if (inside) { print "README.md: a walkthrough block is not closed" > "/dev/stderr"; exit 1 } }
' "$readme"
[ -s "$work/server.sh" ] || { echo "README.md marks no <!-- walkthrough: server --> block"; exit 1; }
steps=("$work"/steps/*.sh)
[ -e "${steps[0]}" ] || { echo "README.md marks no <!-- walkthrough --> block"; exit 1; }

ln -s "$gundo" "$work/bin/gundo"
export PATH="$work/bin:$PATH"
cd "$work/run"

echo "== the server block"
sed 's/^/  | /' "$work/server.sh"
setsid bash -euo pipefail "$work/server.sh" > server.out 2>&1 < /dev/null &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q 'Open the site:' server.out 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if ! grep -q 'Open the site:' server.out; then
    echo "the server block did not start the site:"
    cat server.out
    exit 1
fi

# Every step in one shell, each announced; the last one's output kept apart.
runner="$work/steps.sh"
{
    echo 'set -euo pipefail'
    n=0
    for step in "${steps[@]}"; do
        n=$((n + 1))
        echo "echo '== step $n of ${#steps[@]}'; sed 's/^/  | /' '$step'"
        if [ "$n" = "${#steps[@]}" ]; then
            echo "exec > >(tee '$work/last.out')"
        fi
        cat "$step"
        echo
    done
} > "$runner"
if ! bash "$runner"; then
    echo "README walk-through: a step failed (server output follows)"
    cat server.out
    exit 1
fi
sleep 0.2 # let tee write out the last step
reply=$(cat reply.txt 2>/dev/null || true)
if [ -z "$reply" ] || ! grep -qF -- "$reply" "$work/last.out"; then
    echo "README walk-through: the reply in reply.txt was not read back on the status page"
    exit 1
fi
echo "README walk-through: ${#steps[@]} steps ran as written; the submitter read the reply"
