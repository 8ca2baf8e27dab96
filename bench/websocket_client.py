"""A minimal WebSocket client (RFC 6455), Python standard library only.

Just enough to talk to a LiveReload server such as `hugo server`'s
ws://HOST:PORT/livereload: the opening handshake, text messages sent as
masked client frames, and unmasked server frames read back (text, binary,
continuation; pings answered with pongs; a close frame ends the stream).
No extensions, no TLS, no subprotocols.

    ws = WebSocket.connect("127.0.0.1", 1313, "/livereload")
    ws.send_text('{"command":"hello", ...}')
    message = ws.receive_text()   # None once the server has closed
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import struct

# The GUID every server appends to the client's key (RFC 6455, 1.3).
HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA


class WebSocketError(Exception):
    """The server broke the protocol or refused the handshake."""


def accept_value(key: str) -> str:
    """The Sec-WebSocket-Accept a server must answer to `key`."""
    digest = hashlib.sha1((key + HANDSHAKE_GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def encode_client_frame(opcode: int, payload: bytes, mask: bytes | None = None) -> bytes:
    """One final frame from client to server; clients must mask (5.3)."""
    mask = os.urandom(4) if mask is None else mask
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + mask + masked


class WebSocket:
    """A connected client; not thread-safe (one reader, writes from the same thread)."""

    def __init__(self, sock: socket.socket, leftover: bytes = b""):
        self._sock = sock
        self._buffer = bytearray(leftover)
        self._closed = False

    @classmethod
    def connect(cls, host: str, port: int, path: str, timeout: float = 30.0) -> "WebSocket":
        """Open the TCP connection and do the opening handshake (4.1)."""
        sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        request = (
            f"GET {path} HTTP/1.1\r\n"
            f"Host: {host}:{port}\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            # Servers that check the origin (gorilla/websocket's default does)
            # accept a page of their own host.
            f"Origin: http://{host}:{port}\r\n"
            "\r\n"
        )
        sock.sendall(request.encode("ascii"))
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = sock.recv(4096)
            if not chunk:
                sock.close()
                raise WebSocketError("connection closed during the handshake")
            response += chunk
        head, _, leftover = response.partition(b"\r\n\r\n")
        lines = head.decode("iso-8859-1").split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            sock.close()
            raise WebSocketError(f"handshake refused: {lines[0]}")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("sec-websocket-accept") != accept_value(key):
            sock.close()
            raise WebSocketError("handshake answered with a wrong Sec-WebSocket-Accept")
        return cls(sock, leftover)

    def settimeout(self, seconds: float | None) -> None:
        self._sock.settimeout(seconds)

    def send_text(self, text: str) -> None:
        self._sock.sendall(encode_client_frame(OP_TEXT, text.encode("utf-8")))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            try:
                self._sock.sendall(encode_client_frame(OP_CLOSE, struct.pack("!H", 1000)))
            except OSError:
                pass
        self._sock.close()

    def receive_text(self) -> str | None:
        """The next whole text (or binary, decoded) message; None after a close."""
        parts: list[bytes] = []
        while True:
            frame = self._read_frame()
            if frame is None:
                return None
            fin, opcode, payload = frame
            if opcode == OP_PING:
                self._sock.sendall(encode_client_frame(OP_PONG, payload))
                continue
            if opcode == OP_PONG:
                continue
            if opcode == OP_CLOSE:
                self.close()
                return None
            if opcode not in (OP_TEXT, OP_BINARY, OP_CONTINUATION):
                raise WebSocketError(f"unknown opcode {opcode:#x}")
            parts.append(payload)
            if fin:
                return b"".join(parts).decode("utf-8", "replace")

    def _read_exact(self, n: int) -> bytes | None:
        while len(self._buffer) < n:
            chunk = self._sock.recv(max(4096, n - len(self._buffer)))
            if not chunk:
                return None
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _read_frame(self) -> tuple[bool, int, bytes] | None:
        """(fin, opcode, payload) of the next frame (5.2); None at end of stream."""
        head = self._read_exact(2)
        if head is None:
            return None
        fin = bool(head[0] & 0x80)
        opcode = head[0] & 0x0F
        masked = bool(head[1] & 0x80)
        n = head[1] & 0x7F
        if n == 126:
            ext = self._read_exact(2)
            if ext is None:
                return None
            n = struct.unpack("!H", ext)[0]
        elif n == 127:
            ext = self._read_exact(8)
            if ext is None:
                return None
            n = struct.unpack("!Q", ext)[0]
        mask = self._read_exact(4) if masked else None
        if masked and mask is None:
            return None
        payload = self._read_exact(n) if n else b""
        if payload is None:
            return None
        if mask is not None:
            # Servers must not mask (5.1), but unmasking costs nothing.
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return fin, opcode, payload
