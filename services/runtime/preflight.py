"""One clear line when a dependency is unreachable: what, where, and how to start it.

Used at start by the launcher (before any container starts) and by the providers' setup(), so
the same words come out whichever way a service is started. Never prints credentials.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import make_url

from .config import Settings, broker_urls, read_model_url, safe_url

START_RABBITMQ = "rabbitmq-server -detached"
CLUSTER = "make cluster (deploy/cluster/README.md)"
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "")


class Unreachable(Exception):
    """A dependency cannot be reached at start; str() is the one line to show."""


def broker_problem(uri: str, exc: BaseException) -> Unreachable:
    from kombu.utils.url import parse_url

    urls = broker_urls(uri)
    parts = parse_url(urls[0])
    host, port = parts.get("hostname") or "localhost", parts.get("port") or 5672
    vhost = parts.get("virtual_host") or "/"
    name = type(exc).__name__
    if name == "NotAllowed" or "vhost" in str(exc).lower():
        return Unreachable(
            f"RabbitMQ at {host}:{port} has no virtual host {vhost!r} open to this user; "
            f"create it with: rabbitmqctl add_vhost {vhost} && "
            f"rabbitmqctl set_permissions -p {vhost} <user> '.*' '.*' '.*'"
        )
    if name in ("AccessRefused", "AuthenticationError"):
        return Unreachable(
            f"RabbitMQ at {host}:{port} refused the user and password of QUARTIER_AMQP_URI"
        )
    if len(urls) > 1:
        nodes = ", ".join(f"{p['hostname']}:{p.get('port') or 5672}" for p in map(parse_url, urls))
        return Unreachable(
            f"no RabbitMQ node answers ({nodes}: {name}); start them with: {CLUSTER}"
        )
    how = START_RABBITMQ if host in LOCAL_HOSTS else f"check that RabbitMQ runs on {host}:{port}"
    return Unreachable(f"RabbitMQ is unreachable at {host}:{port} ({name}); start it with: {how}")


def store_problem(url: str, exc: BaseException) -> Unreachable:
    scheme = url.partition("://")[0].lower()
    if "start" in str(exc):
        how = ""  # the adapter already says how
    elif scheme.startswith("postgres"):
        how = f"; start PostgreSQL with: {_postgres_start(url)}"
    elif scheme.startswith(("esdb", "kurrentdb")):
        how = "; start EventStoreDB (or KurrentDB) there, or point QUARTIER_EVENT_STORE elsewhere"
    else:
        how = ""
    return Unreachable(f"event store {safe_url(url)} is unavailable: {_first_line(exc)}{how}")


def database_problem(url: str, what: str, exc: BaseException) -> Unreachable:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Unreachable(f"{what} {parsed.database} cannot be opened: {_first_line(exc)}")
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return Unreachable(
        f"PostgreSQL ({what}) is unreachable at {where}; start it with: {_postgres_start(url)}"
    )


def _postgres_start(url: str) -> str:
    host = make_url(url.replace("postgres://", "postgresql://", 1)).host or ""
    return START_POSTGRES if host in LOCAL_HOSTS else f"check that PostgreSQL runs on {host}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def check_broker(uri: str, timeout: float = 5.0) -> None:
    """Open and close one AMQP connection; raise Unreachable with the line to show."""
    from kombu.connection import Connection

    conn = Connection(uri, connect_timeout=timeout)
    try:
        conn.connect()
    except Exception as exc:  # every failure becomes the one line
        raise broker_problem(uri, exc) from None
    finally:
        conn.release()


def check_all(settings: Settings, services: Iterable[str]) -> None:
    """Everything a run needs, in the order a person would fix it: broker, store, databases."""
    from services.eventstore import EventStoreError, connect
    from services.subscriptions import connect_database

    check_broker(settings.amqp_uri)
    try:
        connect(settings.event_store).close()
    except EventStoreError as exc:
        raise store_problem(settings.event_store, exc) from None
    for service in services:
        url = read_model_url(settings, service)
        try:
            connect_database(url).dispose()
        except Exception as exc:  # SQLAlchemy or driver, same one line
            raise database_problem(url, f"read models of {service}", exc) from None
