"""pika at the relay's edge: what its failures are called, what it logs about them, and how
the frames of a batch are handed to its transport.

pika narrates every failure of a connection it loses or cannot open, at ERROR, some with a
traceback inside the message (a send on a socket the broker reset). The publisher turns the same
failure into BrokerUnavailable, which the relay reports in one line; so while the publisher drives
its connection, pika's records are lowered to DEBUG, shown only when pika's logger is set to it.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import logging
from collections.abc import Iterator
from typing import Any

import pika.exceptions

_DRIVING = contextvars.ContextVar("quartier_publisher_driving", default=False)


class _Lowered(logging.Filter):
    """Lowers pika's records to DEBUG while a publisher drives its connection (this thread or
    green thread), dropping them unless pika's logger is enabled for DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _DRIVING.get() or record.levelno <= logging.DEBUG:
            return True
        if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
            return False
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return True


_LOWERED = _Lowered()


def lower_pika_records() -> None:
    # A filter applies only on the logger a record is made on, not its parents: every module
    # logger of pika gets it (all exist once pika is imported).
    for name in list(logging.root.manager.loggerDict):
        if name == "pika" or name.startswith("pika."):
            logger = logging.getLogger(name)
            if _LOWERED not in logger.filters:
                logger.addFilter(_LOWERED)


@contextlib.contextmanager
def driving() -> Iterator[None]:
    token = _DRIVING.set(True)
    try:
        yield
    finally:
        _DRIVING.reset(token)


def describe(reason: Any) -> str:
    # pika's messages quote host and port but never the password; keep only the reason text.
    reason = _cause(reason)
    if isinstance(reason, pika.exceptions.ChannelClosed | pika.exceptions.ConnectionClosed):
        return f"{reason.reply_code} {reason.reply_text}"
    if isinstance(reason, BaseException):
        return type(reason).__name__ + (f": {reason}" if str(reason) else "")
    return str(reason or "connection lost")


def _cause(reason: Any) -> Any:
    """The error under pika's wrappers: a refused connection reaches us as an AMQPConnectionError
    around a failed workflow around a connector error around the ConnectionRefusedError."""
    for _ in range(5):
        inner = getattr(reason, "exceptions", None) or [getattr(reason, "exception", None)]
        if not isinstance(inner[-1], BaseException) and isinstance(reason, BaseException):
            inner = [a for a in reason.args if isinstance(a, BaseException)] or [None]
        if not isinstance(inner[-1], BaseException):
            return reason
        reason = inner[-1]
    return reason


def coalesce(transport: Any, chunk: int = 1 << 17) -> None:
    """Join the frames pika queued into a few large buffers. pika sends each queued buffer with
    a system call of its own, three per message (method, header, body): a large part of the CPU
    a publish costs.
    Its transport's queue is private (pika 1.4, pinned): if it is not there, nothing changes."""
    buffers = getattr(transport, "_tx_buffers", None)
    if not isinstance(buffers, collections.deque) or len(buffers) < 2:
        return
    joined: list[bytes] = []
    pending: list[bytes] = []
    size = 0
    for data in buffers:
        pending.append(data)
        size += len(data)
        if size >= chunk:
            joined.append(b"".join(pending))
            pending, size = [], 0
    if pending:
        joined.append(b"".join(pending))
    buffers.clear()
    buffers.extend(joined)
