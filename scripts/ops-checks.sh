#!/usr/bin/env bash
# Operator-side checks (called from .ci/run, as root, on a fresh Debian):
#   1. the systemd unit's offline exposure score is at most 1.5;
#   2. deploy/install.sh and the package's maintainer scripts are shellcheck-clean;
#   3. deploy/torrc is valid for the real tor, which has the PoW module;
#   4. the Debian package builds with `cargo deb` and carries what it must.
# The install.sh-into-a-temporary-root test and the score test also run in
# `cargo test` (tests/integration/ops.rs); here they run with the tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v tor >/dev/null || need+=(tor)
command -v dpkg-deb >/dev/null || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]}"
    # Installing tor must never start it: CI reaches nothing but the package
    # registries. policy-rc.d tells Debian's maintainer scripts not to start services.
    made_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
    [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
    if pgrep -x tor >/dev/null; then
        echo "tor was started by its package: stopping it" >&2
        pkill -x tor || true
    fi
fi

echo "== systemd unit: offline exposure score"
report="$(systemd-analyze security --offline=true --no-pager deploy/gundo.service)"
echo "$report" | grep -E '^✗|Overall exposure'
score="$(echo "$report" | sed -n 's/.*Overall exposure level for gundo.service: \([0-9.]*\).*/\1/p')"
[ -n "$score" ] || { echo "no exposure score in systemd-analyze's output" >&2; exit 1; }
awk -v s="$score" 'BEGIN { exit !(s <= 1.5) }' || { echo "exposure $score > 1.5" >&2; exit 1; }
echo "exposure $score <= 1.5"

echo "== shellcheck"
shellcheck deploy/install.sh deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm scripts/ops-checks.sh

echo "== tor: proof-of-work module and deploy/torrc"
tor --list-modules | grep -qx 'pow: yes' || { echo "this tor lacks the PoW module" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/hs" "$scratch/data"
sed "s|^HiddenServiceDir .*|HiddenServiceDir $scratch/hs/|" deploy/torrc >"$scratch/torrc"
tor --verify-config --quiet -f "$scratch/torrc" --DataDirectory "$scratch/data"
echo "deploy/torrc is valid for $(tor --version | head -n 1)"

echo "== install.sh into a temporary root"
cargo build --locked --quiet
deploy/install.sh --destdir "$scratch/root" --bin "${CARGO_TARGET_DIR:-target}/debug/gundo" >/dev/null
for path in usr/local/bin/gundo etc/gundo/gundo.toml etc/gundo/keys var/lib/gundo \
    etc/systemd/system/gundo.service etc/tmpfiles.d/gundo.conf etc/tor/torrc.d/gundo.conf; do
    [ -e "$scratch/root/$path" ] || { echo "install.sh did not make $path" >&2; exit 1; }
done
[ "$(stat -c %a "$scratch/root/var/lib/gundo")" = 700 ] || { echo "data directory not 0700" >&2; exit 1; }

echo "== Debian package (cargo deb)"
if ! command -v cargo-deb >/dev/null; then
    cargo install cargo-deb --locked --quiet
fi
start=$(date +%s)
deb="$(cargo deb --locked | tail -n 1)"
echo "built $deb in $(($(date +%s) - start)) s"
contents="$(dpkg-deb -c "$deb" | awk '{print $1, $6}')"
for want in \
    "-rwxr-xr-x ./usr/bin/gundo" \
    "-rw-r--r-- ./usr/lib/systemd/system/gundo.service" \
    "-rw-r--r-- ./usr/lib/tmpfiles.d/gundo.conf" \
    "-rw-r----- ./etc/gundo/gundo.toml" \
    "-rw-r--r-- ./usr/share/gundo/torrc" \
    "-rwxr-xr-x ./usr/share/gundo/install.sh" \
    "-rw-r--r-- ./usr/share/doc/gundo/gundo.toml.example"; do
    grep -qxF -- "$want" <<<"$contents" || { echo "the package lacks: $want" >&2; echo "$contents" >&2; exit 1; }
done
info="$(dpkg-deb -I "$deb")"
grep -q '^ Depends:.*tor (>= 0.4.8)' <<<"$info" || { echo "the package does not depend on tor >= 0.4.8" >&2; exit 1; }
dpkg-deb -e "$deb" "$scratch/control"
for script in postinst prerm postrm; do
    [ -x "$scratch/control/$script" ] || { echo "the package lacks its $script" >&2; exit 1; }
done
grep -qx '/etc/gundo/gundo.toml' "$scratch/control/conffiles" || { echo "gundo.toml is not a conffile" >&2; exit 1; }
# The packaged unit is the one that was scored.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/gundo.service | cmp - deploy/gundo.service
echo "package contents ok"

echo "== ops checks passed"
