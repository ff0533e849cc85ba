#!/bin/bash
# gundo — set up the submission server on Debian 12 or 13, as a Tor onion
# service, the safe way. Run it as root; run it again at any time (upgrades
# included): it changes only what is not yet as it should be, and it never
# overwrites /etc/gundo/gundo.toml or touches the keys and data.
#
#   sudo deploy/install.sh                      # from a source tree (after cargo build --release)
#   sudo /usr/share/gundo/install.sh            # after installing the Debian package
#   deploy/install.sh --destdir /tmp/root       # lay the files down under a temporary root only
#
# Options:
#   --bin PATH      the gundo binary (default: target/release/gundo beside this
#                   script's folder, else the packaged /usr/bin/gundo)
#   --destdir DIR   install under DIR (also: DESTDIR=DIR); users, services and
#                   Tor are then left alone, and what would run is printed
#
# Environment: GUNDO_TOR, the tor binary whose modules are checked (default: tor).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DESTDIR="${DESTDIR:-}"
BIN=""
TOR="${GUNDO_TOR:-tor}"

die() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --bin) [ $# -ge 2 ] || die "--bin needs a path"; BIN="$2"; shift 2 ;;
        --destdir) [ $# -ge 2 ] || die "--destdir needs a directory"; DESTDIR="$2"; shift 2 ;;
        -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
DESTDIR="${DESTDIR%/}"

# Live: a real system (users, systemd, Tor). Otherwise files only, under DESTDIR.
LIVE=1
[ -n "$DESTDIR" ] && LIVE=0
# The Debian package already put the binary, the unit and tmpfiles.d in place.
PACKAGED=0
[ "$SRC" = /usr/share/gundo ] && PACKAGED=1

if [ -z "$BIN" ]; then
    if [ -x "$SRC/../target/release/gundo" ]; then
        BIN="$SRC/../target/release/gundo"
    elif [ -x /usr/bin/gundo ]; then
        BIN=/usr/bin/gundo
    else
        die "no gundo binary: run 'cargo build --release' first, or pass --bin PATH"
    fi
fi
[ -x "$BIN" ] || die "$BIN is not an executable"
for f in gundo.service gundo.tmpfiles gundo.toml torrc apparmor-tor; do
    [ -f "$SRC/$f" ] || die "$SRC/$f is missing: run this script from gundo's deploy/ folder"
done

step() { echo "== $*"; }
# Runs a command on a live system; under DESTDIR only says what it would run.
live() {
    if [ "$LIVE" = 1 ]; then
        "$@"
    else
        echo "   (DESTDIR: not running: $*)"
    fi
}

if [ "$LIVE" = 1 ]; then
    [ "$(id -u)" = 0 ] || die "run as root (sudo $0)"
    version="$(cut -d. -f1 /etc/debian_version 2>/dev/null || true)"
    case "$version" in
        12 | 13) ;;
        *) echo "install.sh: warning: written for Debian 12 and 13, this is '${version:-not Debian}'" >&2 ;;
    esac
fi

step "Tor with onion-service proof of work"
if [ "$LIVE" = 1 ] && ! command -v "$TOR" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y tor
fi
if command -v "$TOR" >/dev/null; then
    if ! "$TOR" --list-modules 2>/dev/null | grep -qx 'pow: yes'; then
        die "$("$TOR" --version 2>/dev/null | head -n 1 || echo tor) has no proof-of-work module ('tor --list-modules' lacks 'pow: yes'): install tor 0.4.8 or newer as Debian builds it (Debian 12 security updates carry 0.4.9), then run this again"
    fi
    echo "   pow: yes ($("$TOR" --version | head -n 1))"
else
    echo "   (DESTDIR: no $TOR here to check)"
fi

step "user and group gundo"
if [ "$LIVE" = 1 ]; then
    getent group gundo >/dev/null || groupadd --system gundo
    getent passwd gundo >/dev/null ||
        useradd --system --gid gundo --home-dir /var/lib/gundo --no-create-home \
            --shell /usr/sbin/nologin --comment "gundo submission server" gundo
    getent group debian-tor >/dev/null || die "no debian-tor group: is the tor package installed?"
else
    echo "   (DESTDIR: not creating users)"
fi

# dir MODE OWNER:GROUP PATH — created if missing, mode and owner set every time.
dir() {
    install -d -m "$1" "$DESTDIR$3"
    chmod "$1" "$DESTDIR$3"
    if [ "$LIVE" = 1 ]; then chown "$2" "$3"; fi
}
# file MODE OWNER:GROUP SOURCE PATH — replaced (these files are gundo's own).
file() {
    install -D -m "$1" "$3" "$DESTDIR$4"
    if [ "$LIVE" = 1 ]; then chown "$2" "$4"; fi
}
# Appends the lines of SOURCE to PATH unless MARKER is already there.
append_once() {
    local source="$1" path="$DESTDIR$2" marker="$3"
    install -d -m 0755 "$(dirname "$path")"
    touch "$path"
    if ! grep -qF -- "$marker" "$path"; then
        printf '%s\n' "$marker" >>"$path"
        cat "$source" >>"$path"
        echo "   added to $2"
    fi
}

step "directories"
dir 0750 root:gundo /etc/gundo
dir 0750 root:gundo /etc/gundo/keys
dir 0700 gundo:gundo /var/lib/gundo
dir 0700 gundo:gundo /var/backups/gundo

step "binary, unit, tmpfiles.d"
if [ "$PACKAGED" = 1 ]; then
    echo "   from the Debian package: /usr/bin/gundo, gundo.service, tmpfiles.d/gundo.conf"
    TMPFILES=/usr/lib/tmpfiles.d/gundo.conf
    GUNDO=/usr/bin/gundo
else
    file 0755 root:root "$BIN" /usr/local/bin/gundo
    unit="$(mktemp)"
    trap 'rm -f "$unit"' EXIT
    sed 's|/usr/bin/gundo|/usr/local/bin/gundo|g' "$SRC/gundo.service" >"$unit"
    file 0644 root:root "$unit" /etc/systemd/system/gundo.service
    file 0644 root:root "$SRC/gundo.tmpfiles" /etc/tmpfiles.d/gundo.conf
    TMPFILES=/etc/tmpfiles.d/gundo.conf
    GUNDO=/usr/local/bin/gundo
fi

step "configuration"
if [ -e "$DESTDIR/etc/gundo/gundo.toml" ]; then
    echo "   keeping the existing /etc/gundo/gundo.toml"
    if [ "$LIVE" = 1 ]; then chown root:gundo /etc/gundo/gundo.toml; fi
    chmod 0640 "$DESTDIR/etc/gundo/gundo.toml"
else
    file 0640 root:gundo "$SRC/gundo.toml" /etc/gundo/gundo.toml
fi

step "Tor onion service"
file 0644 root:root "$SRC/torrc" /etc/tor/torrc.d/gundo.conf
include="$(mktemp)"
trap 'rm -f "${unit:-}" "$include"' EXIT
echo '%include /etc/tor/torrc.d/*.conf' >"$include"
append_once "$include" /etc/tor/torrc "## gundo: read the snippets in /etc/tor/torrc.d/ (added by gundo's install.sh)"
append_once "$SRC/apparmor-tor" /etc/apparmor.d/local/system_tor "# gundo: Tor may connect to gundo's socket (added by gundo's install.sh)"

step "activation"
live systemd-tmpfiles --create "$TMPFILES"
if [ "$LIVE" = 1 ] && command -v apparmor_parser >/dev/null && [ -f /etc/apparmor.d/system_tor ] &&
    grep -qx Y /sys/module/apparmor/parameters/enabled 2>/dev/null; then
    apparmor_parser -r /etc/apparmor.d/system_tor
fi
live "$TOR" --verify-config --defaults-torrc /usr/share/tor/tor-service-defaults-torrc -f /etc/tor/torrc
SYSTEMD=0
[ "$LIVE" = 1 ] && [ -d /run/systemd/system ] && SYSTEMD=1
if [ "$SYSTEMD" = 1 ]; then
    systemctl daemon-reload
    systemctl enable gundo.service
    systemctl reload-or-restart tor.service
elif [ "$LIVE" = 1 ]; then
    echo "   systemd is not running here: start gundo and tor by hand"
fi

ONION=""
if [ "$SYSTEMD" = 1 ]; then
    for _ in $(seq 1 60); do
        [ -s /var/lib/tor/gundo/hostname ] && break
        sleep 1
    done
    ONION="$(cat /var/lib/tor/gundo/hostname 2>/dev/null || true)"
fi

HAVE_KEYS=0
for key in "$DESTDIR"/etc/gundo/keys/*.pub; do
    [ -e "$key" ] && HAVE_KEYS=1
done
if [ "$SYSTEMD" = 1 ] && [ "$HAVE_KEYS" = 1 ]; then
    systemctl restart gundo.service
fi

echo
echo "gundo is installed."
if [ -n "$ONION" ]; then
    echo "Onion address: http://$ONION/"
    echo "  Back up /var/lib/tor/gundo/ (its secret key is the address) with the data backups."
else
    echo "Onion address: in /var/lib/tor/gundo/hostname once Tor has started."
fi
echo
echo "Next steps:"
if [ "$HAVE_KEYS" = 0 ]; then
    echo "  - Each reviewer runs 'gundo keygen --out NAME.key' on their own offline machine"
    echo "    and gives you NAME.pub. Copy it in:  install -m 0640 -g gundo NAME.pub /etc/gundo/keys/"
    echo "  - Then: systemctl restart gundo"
else
    echo "  - Reviewer keys are in /etc/gundo/keys/; the server has been (re)started."
fi
echo "  - Check everything:  $GUNDO check   (swap must be off or encrypted; it says so)"
echo "  - Open the onion address in Tor Browser, on the 'Safest' level."
echo "  - Read the operator guide (README.md, /usr/share/doc/gundo/): export, import, backups."
