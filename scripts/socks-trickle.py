#!/usr/bin/env python3
"""A trickling upload through Tor's SOCKS port, for scripts/onion-check.sh.

Usage: socks-trickle.py SOCKS_HOST:PORT ONION CIRCUIT_NAME SECONDS

Opens a stream to ONION:80 on the circuit of SOCKS user CIRCUIT_NAME (Tor
isolates streams by SOCKS user name), sends a multipart request head that
announces 1 MiB and the first 200 bytes, then one byte every 2 seconds, for
at most SECONDS or until the server answers. Prints the status the server
answered with (or "none"). curl's --limit-rate is no trickle: it starts with a
burst of tens of KiB.
"""

import socket
import struct
import sys
import time


def main() -> None:
    host, port = sys.argv[1].rsplit(":", 1)
    onion, user = sys.argv[2].encode(), sys.argv[3].encode()
    until = time.monotonic() + float(sys.argv[4])
    s = socket.create_connection((host, int(port)), timeout=60)
    s.sendall(b"\x05\x01\x02")  # SOCKS5, one method: user name and password
    if s.recv(2) != b"\x05\x02":
        raise SystemExit("socks: no user/password method")
    s.sendall(b"\x01" + bytes([len(user)]) + user + b"\x01x")
    if s.recv(2)[1] != 0:
        raise SystemExit("socks: authentication refused")
    s.sendall(b"\x05\x01\x00\x03" + bytes([len(onion)]) + onion + struct.pack(">H", 80))
    reply = s.recv(10)
    if len(reply) < 2 or reply[1] != 0:
        raise SystemExit(f"socks: connect refused {reply!r}")
    body = (
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="x.bin"\r\n\r\n'
        + b"z" * 1048576
        + b"\r\n--b--\r\n"
    )
    head = (
        b"POST /fr/submit HTTP/1.1\r\nHost: " + onion
        + b"\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: "
        + str(len(body)).encode() + b"\r\n\r\n"
    )
    s.sendall(head + body[:200])
    s.settimeout(2)
    answer = b""
    at = 200
    while time.monotonic() < until:
        try:
            answer = s.recv(64)
            break  # the server answered (cut off or refused), or closed
        except socket.timeout:
            try:
                s.sendall(body[at:at + 1])
            except OSError:
                break
            at += 1
    status = answer[9:12].decode(errors="replace") if answer.startswith(b"HTTP/1.1 ") else "none"
    print(status)


if __name__ == "__main__":
    main()
