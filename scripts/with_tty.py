"""Runs a command on a fresh pseudo-terminal and types a passphrase at each
prompt: stock `age` reads passphrases only from the terminal.

Usage: python3 with_tty.py PASSPHRASE COMMAND [ARGS...]
"""
import os
import pty
import select
import sys
import time

passphrase = sys.argv[1].encode() + b"\n"
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
deadline = time.time() + 120
output = b""
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
    if output.lower().rstrip().endswith(b":"):
        os.write(fd, passphrase)
        output = b""
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
