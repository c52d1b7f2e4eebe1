"""A tiny raw PostgreSQL v3 client used only to read the SQLSTATE of connection-time errors.

psycopg2 (libpq) reports a failed login as text without the SQLSTATE, so tests that must check
28P01 / 3D000 use this probe: startup message, SCRAM-SHA-256 exchange, then the first
ErrorResponse or ReadyForQuery. It supports nothing else on purpose.
"""
import base64
import hashlib
import hmac
import os
import socket
import struct

PROTOCOL_V3 = 196608


class ProbeResult:
    """How a login attempt ended: ok=True at ReadyForQuery, else the ErrorResponse fields."""

    def __init__(self, ok, fields=None):
        self.ok = ok
        self.fields = fields or {}

    @property
    def sqlstate(self):
        return self.fields.get("C")

    @property
    def message(self):
        return self.fields.get("M", "")


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("server closed the connection")
        buf += chunk
    return buf


def _read_message(sock):
    kind = _recv_exact(sock, 1)
    (length,) = struct.unpack("!I", _recv_exact(sock, 4))
    return kind, _recv_exact(sock, length - 4)


def _send(sock, kind, body):
    sock.sendall(kind + struct.pack("!I", len(body) + 4) + body)


def _error_fields(body):
    fields = {}
    for part in body.split(b"\x00"):
        if part:
            fields[chr(part[0])] = part[1:].decode(errors="replace")
    return fields


class _Scram:
    """Client side of SCRAM-SHA-256 without channel binding (RFC 5802 / 7677)."""

    def __init__(self, password):
        self.password = password.encode()
        self.nonce = base64.b64encode(os.urandom(18)).decode()
        self.client_first_bare = f"n=,r={self.nonce}"

    def first(self):
        return ("n,," + self.client_first_bare).encode()

    def final(self, server_first):
        attrs = dict(item.split("=", 1) for item in server_first.split(","))
        salted = hashlib.pbkdf2_hmac("sha256", self.password, base64.b64decode(attrs["s"]),
                                     int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        without_proof = f"c=biws,r={attrs['r']}"
        auth_message = f"{self.client_first_bare},{server_first},{without_proof}".encode()
        signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()


def try_login(host, port, user, password, dbname, timeout=10):
    """Logs in over plain TCP and returns how it ended; never raises for a server-side error."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        params = b"".join(k.encode() + b"\x00" + v.encode() + b"\x00"
                          for k, v in (("user", user), ("database", dbname))) + b"\x00"
        body = struct.pack("!I", PROTOCOL_V3) + params
        sock.sendall(struct.pack("!I", len(body) + 4) + body)
        scram = None
        while True:
            kind, payload = _read_message(sock)
            if kind == b"E":
                return ProbeResult(False, _error_fields(payload))
            if kind == b"Z":
                _send(sock, b"X", b"")
                return ProbeResult(True)
            if kind != b"R":
                continue  # ParameterStatus, BackendKeyData, NoticeResponse
            (code,) = struct.unpack("!I", payload[:4])
            if code == 10:  # AuthenticationSASL
                scram = _Scram(password)
                first = scram.first()
                _send(sock, b"p", b"SCRAM-SHA-256\x00" + struct.pack("!I", len(first)) + first)
            elif code == 11:  # AuthenticationSASLContinue
                _send(sock, b"p", scram.final(payload[4:].decode()))
            elif code in (0, 12):  # AuthenticationOk / SASLFinal
                continue
            else:
                raise AssertionError(f"unexpected authentication request {code}")
