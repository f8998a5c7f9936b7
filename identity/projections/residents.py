"""Identity's read model: residents, e-mail lookup, verification status, homes, review queue.

Filled from identity's own events, decoded with the codec: this is the identity service's own
database, so personal values (display name, phone, home coordinates) are kept decrypted here,
for this service's queries only. Whatever reads back ERASED is stored as NULL, and an erased
resident stays a row with `erased` set, so a rebuild from the log after erasure gives the same
rows as the live read model.

E-mail addresses are not stored at all. Sign-in and `find_by_email` only need equality, so the
lookup table holds HMAC-SHA256(key, casefolded e-mail) with a key derived from the deployment's
pseudonym key, which lives outside this database. A copy of the database then yields no e-mail
list, and cannot even confirm a guessed address (an unkeyed hash could, by trying a list). If
that key changes, bump VERSION: the read model is rebuilt under the new key.

Versions: 2 added residents.language, 3 residents.email_confirmed. While a new version builds,
queries keep reading the previous generation's tables through `define`, which therefore
declares each generation's tables as they were created (see LANGUAGE_SINCE, CONFIRMED_SINCE).

    subscriber = read_model(codec, email_lookup_key(pseudonym_key))
    Subscriptions(subscriber)  # or SubscriptionRunner(store, engine, subscriber)
"""

from __future__ import annotations

import hashlib
import hmac
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import (
    EmailClaimed,
    EmailConfirmed,
    EmailReleased,
    LanguageChanged,
    ProfileChanged,
    ResidentErased,
    ResidentRegistered,
    RoleGranted,
    RoleRevoked,
)
from contracts.pii import is_erased, plain
from identity.domain.email_claim import email_key
from identity.projections.verification import apply_verification, unverified, where
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

NAME = "identity.read_model"
VERSION = 3
LANGUAGE_SINCE = 2  # the first generation whose residents table has a language column
CONFIRMED_SINCE = 3  # ... and an email_confirmed column
CATEGORIES = ("identity.resident", "identity.email")
# An erasure, a profile change (the display name and phone it replaces) and a move (the old
# home's coordinates) leave no copy on disk (docs/decisions/0008).
SCRUB_AFTER = ("identity.ResidentErased", "identity.ProfileChanged", "identity.AddressDeclared")
STATUSES = ("unverified", "pending_letter", "pending_document", "verified")
_NO_NEIGHBOURHOOD = ""  # platform-wide roles: a primary key column cannot hold NULL


def email_lookup_key(pseudonym_key: bytes) -> bytes:
    """The key of the e-mail lookup, derived so that it never equals an analyst pseudonym."""
    return hmac.new(pseudonym_key, b"quartier.identity.email-lookup", hashlib.sha256).digest()


def email_hash(lookup_key: bytes, email: str) -> str:
    return hmac.new(lookup_key, email_key(email).encode(), hashlib.sha256).hexdigest()


def generation_of(suffix: str) -> int:
    """The read-model version whose tables end with `suffix` ("_v2" -> 2; anything else is
    taken for the current version)."""
    _, sep, number = suffix.rpartition("_v")
    return int(number) if sep and number.isdigit() else VERSION


def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
    def table(name: str, *columns: Any) -> sa.Table:
        return sa.Table(f"identity_{name}{suffix}", metadata, *columns)

    at = sa.DateTime(timezone=True)
    rid = sa.String(36)
    generation = generation_of(suffix)
    language = (
        [sa.Column("language", sa.String(8), nullable=False)]
        if generation >= LANGUAGE_SINCE
        else []
    )
    confirmed = (
        [sa.Column("email_confirmed", sa.Boolean, nullable=False)]
        if generation >= CONFIRMED_SINCE
        else []
    )
    return SimpleNamespace(
        residents=table(
            "residents",
            sa.Column("resident_id", rid, primary_key=True),
            sa.Column("display_name", sa.String(100)),
            sa.Column("phone", sa.String(30)),
            sa.Column("address_disclosure", sa.String(10), nullable=False),
            *language,
            *confirmed,
            sa.Column("registered_at", at, nullable=False),
            sa.Column("erased", sa.Boolean, nullable=False),
            sa.Column("erased_at", at),
        ),
        roles=table(
            "roles",
            sa.Column("resident_id", rid, primary_key=True),
            sa.Column("role", sa.String(20), primary_key=True),
            sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
        ),
        emails=table(
            "emails",
            sa.Column("email_hash", sa.String(64), primary_key=True),
            sa.Column("resident_id", rid, nullable=False, index=True),
            sa.Column("claim_stream", sa.String(200), nullable=False, index=True),
        ),
        verification=table(
            "verification",
            sa.Column("resident_id", rid, primary_key=True),
            sa.Column("address_id", sa.String(36)),
            sa.Column("located", sa.Boolean, nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            sa.Column("method", sa.String(10)),
            sa.Column("verified_at", at),
            sa.Column("letter_id", sa.String(36)),
            sa.Column("letter_expires_at", at),
            sa.Column("letter_failed_attempts", sa.Integer, nullable=False),
            sa.Column("vouches", sa.Integer, nullable=False),
        ),
        homes=table(
            "homes",
            sa.Column("resident_id", rid, primary_key=True),
            sa.Column("address_id", sa.String(36), nullable=False),
            sa.Column("latitude", sa.Float),
            sa.Column("longitude", sa.Float),
            sa.Column("verified_at", at),  # NULL: declared, awaiting its proof
        ),
        review_queue=table(
            "review_queue",
            sa.Column("document_id", sa.String(36), primary_key=True),
            sa.Column("resident_id", rid, nullable=False, index=True),
            sa.Column("address_id", sa.String(36), nullable=False),
            sa.Column("content_type", sa.String(50), nullable=False),
            sa.Column("size_bytes", sa.Integer, nullable=False),
            sa.Column("submitted_at", at, nullable=False, index=True),
        ),
    )


def read_model(codec: Codec, lookup_key: bytes) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        apply(tx, t, codec.decode(recorded).event, recorded.stream, lookup_key)

    return Subscriber(
        NAME, handle, define=define, categories=CATEGORIES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def apply(tx: Connection, t: SimpleNamespace, event: Any, stream: str, lookup_key: bytes) -> None:
    """One decoded event into the tables, inside the subscriber's transaction."""
    match event:
        case ResidentRegistered():
            tx.execute(
                t.residents.insert().values(
                    resident_id=str(event.resident_id),
                    display_name=plain(event.display_name),
                    phone=None,
                    address_disclosure="street",
                    language=event.language,
                    email_confirmed=False,
                    registered_at=event.registered_at,
                    erased=False,
                )
            )
            tx.execute(
                t.verification.insert().values(
                    resident_id=str(event.resident_id), **unverified(None, located=False)
                )
            )
        case ProfileChanged():
            tx.execute(
                t.residents.update()
                .where(where(t.residents, event.resident_id))
                .values(
                    display_name=plain(event.display_name),
                    phone=plain(event.phone),
                    address_disclosure=event.address_disclosure,
                )
            )
        case EmailConfirmed():
            tx.execute(
                t.residents.update()
                .where(where(t.residents, event.resident_id))
                .values(email_confirmed=True)
            )
        case LanguageChanged():
            tx.execute(
                t.residents.update()
                .where(where(t.residents, event.resident_id))
                .values(language=event.language)
            )
        case RoleGranted() | RoleRevoked():
            key = {
                "resident_id": str(event.resident_id),
                "role": event.role,
                "neighbourhood_id": str(event.neighbourhood_id or _NO_NEIGHBOURHOOD),
            }
            tx.execute(t.roles.delete().where(*(t.roles.c[k] == v for k, v in key.items())))
            if isinstance(event, RoleGranted):
                tx.execute(t.roles.insert().values(**key))
        case EmailClaimed():
            if not is_erased(event.email):  # read after erasure: released just after anyway
                digest = email_hash(lookup_key, event.email)
                tx.execute(t.emails.delete().where(t.emails.c.email_hash == digest))
                tx.execute(
                    t.emails.insert().values(
                        email_hash=digest, resident_id=str(event.resident_id), claim_stream=stream
                    )
                )
        case EmailReleased():
            tx.execute(t.emails.delete().where(t.emails.c.claim_stream == stream))
        case ResidentErased():
            _erase(tx, t, event)
        case _:
            apply_verification(tx, t, event)


def _erase(tx: Connection, t: SimpleNamespace, event: ResidentErased) -> None:
    tx.execute(
        t.residents.update()
        .where(where(t.residents, event.resident_id))
        .values(
            display_name=None,
            phone=None,
            address_disclosure="none",
            erased=True,
            erased_at=event.erased_at,
        )
    )
    for table in (t.roles, t.emails, t.verification, t.homes, t.review_queue):
        tx.execute(table.delete().where(where(table, event.resident_id)))
