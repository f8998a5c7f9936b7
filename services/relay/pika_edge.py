"""pika at the relay's edge: what its failures are called, and what it logs about them.

pika narrates every failure of a connection it loses or cannot open, at ERROR, some with a
traceback inside the message (a send on a socket the broker reset). The publisher turns the same
failure into BrokerUnavailable, which the relay reports in one line; so while the publisher drives
its connection, pika's records are lowered to DEBUG, shown only when pika's logger is set to it.
"""

from __future__ import annotations

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
