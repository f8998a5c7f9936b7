"""The seam between the EventStoreDB adapter and its client package: the names it uses, loaded
only when an adapter is built, and the translation of the client's errors into ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .model import EventStoreError, EventStoreUnavailable, EventTooLarge

HOW_TO_START = (
    "start one, e.g. `docker run -d -p 2113:2113 eventstore/eventstore:24.10 --insecure`, "
    "and name it as esdb://localhost:2113?Tls=false"
)


@dataclass(frozen=True)
class ClientLibrary:
    """What the adapter takes from the client package. kurrentdbclient, esdbclient's successor,
    offers the same client methods, event classes and exception names."""

    client_class: Any
    new_event: Any
    stream_state: Any
    errors: Any
    rpc_error: type[BaseException]


def esdbclient_library() -> ClientLibrary:
    import esdbclient
    import esdbclient.exceptions
    import grpc

    return ClientLibrary(
        client_class=esdbclient.EventStoreDBClient,
        new_event=esdbclient.NewEvent,
        stream_state=esdbclient.StreamState,
        errors=esdbclient.exceptions,
        rpc_error=grpc.RpcError,
    )


@contextmanager
def translated_errors(
    library: ClientLibrary, server: str, stream: str | None = None
) -> Iterator[None]:
    """Client errors become ours here, and nowhere else; messages name the server, never the
    credentials of its URL."""
    errors = library.errors
    where = f"EventStoreDB server at {server}"
    try:
        yield
    except errors.MaximumAppendSizeExceededError as exc:
        raise EventTooLarge(f"{where} refused the append as too large ({reason(exc)})") from None
    except errors.StreamIsDeleted:
        raise EventStoreError(f"{where}: stream {stream or '?'} is deleted") from None
    except errors.AccessDeniedError:
        raise EventStoreUnavailable(
            f"{where} denied access; check the user and password in the store URL"
        ) from None
    except (
        errors.ServiceUnavailable,
        errors.DeadlineExceeded,
        errors.DiscoveryFailed,
        errors.CancelledByClient,
    ) as exc:
        raise EventStoreUnavailable(
            f"{where} is unreachable ({reason(exc)}); {HOW_TO_START}"
        ) from None
    except (errors.EventStoreDBClientException, library.rpc_error) as exc:
        raise EventStoreUnavailable(f"{where} failed: {reason(exc)}") from None


def reason(exc: BaseException) -> str:
    """One short line: gRPC errors print pages of debug text."""
    lines = str(exc).strip().splitlines()
    text = lines[0][:200] if lines else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
