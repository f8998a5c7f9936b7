"""A TCP proxy a test puts between a client and a server, to lose what the client sends (as a
broken network would, without either end noticing) and then cut the connection.

    with TcpProxy("localhost", 5672) as proxy:   # connect to localhost:proxy.port
        proxy.drop_outgoing()                    # from now on, the client's bytes are lost
        proxy.cut()                              # close every connection; new ones pass again
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType


class TcpProxy:
    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self._dropping = threading.Event()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def drop_outgoing(self) -> None:
        """Discard what clients send from now on; the server's answers still pass."""
        self._dropping.set()

    def cut(self) -> None:
        """Close every connection open now; connections made afterwards pass everything."""
        with self._lock:
            opened, self._open = self._open, []
            self._dropping.clear()
        for sock in opened:
            _close(sock)

    def close(self) -> None:
        self.cut()
        _close(self._server)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(self._target)
            with self._lock:
                self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, outgoing: bool) -> None:
        try:
            while data := source.recv(65536):
                if not (outgoing and self._dropping.is_set()):
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
