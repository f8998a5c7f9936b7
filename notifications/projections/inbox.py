"""The notifications read model and router: each event the routing table names becomes, for
each recipient, a row of their inbox (unless they turned it off) and an e-mail queued in the
outbox, now or when quiet hours end, or an item of their next daily digest, all in the
transaction that moves the checkpoint (services/subscriptions/outbox.py): a crash repeats
nothing and loses nothing.

A notification's id is uuid5 of the event's id, its type and the recipient: replaying the log
finds the same ids, and the outbox's idempotency key (`mail:<recipient>:<notification>`) sends
each e-mail once. Decisions use the event's recorded time, not the clock, so a rebuild decides
as the first run did.

An erased resident's inbox, digest and pending e-mails are dropped at once, and what their
events said in other residents' notifications is blanked.
"""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.errors import UnknownEventType
from contracts.notifications.types import ACCOUNT
from contracts.pii import plain
from notifications.domain import routing
from notifications.domain.delivery import DEFAULTS, DIGEST, Preferences, in_app, mail
from notifications.domain.preferences import evolve as evolve_preferences
from notifications.mailing import sending
from notifications.projections import facts
from notifications.projections import preferences as stored_preferences
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, outbox
from services.subscriptions.columns import serial_id
from services.subscriptions.subscriber import SUFFIX, Handler, generations

NAME = "notifications.inbox"
VERSION = 1
MAIL = "mail"
OWN_TYPES = (
    "notifications.PreferencesChanged",
    "notifications.TypeUnsubscribed",
    "notifications.NotificationRead",
    "notifications.AllNotificationsRead",
)
TYPES = tuple(dict.fromkeys((*facts.TYPES, *routing.EVENT_TYPES, *OWN_TYPES)))
SCRUB_AFTER = ("identity.ResidentErased",)
PERSONAL = ("title", "name", "text", "details", "reason", "token")
"""What a notification may show of someone's own words or name: blanked when they are erased."""
NOTIFICATION_NAMESPACE = uuid.UUID("6f1c1d0e-0a4e-4e0b-9a57-0d5f3c1a9e21")


def notification_id(event_id: uuid.UUID, kind: str, recipient: str) -> uuid.UUID:
    return uuid.uuid5(NOTIFICATION_NAMESPACE, f"{event_id}:{kind}:{recipient}")


def mail_key(recipient: str, notification: uuid.UUID | str) -> str:
    return f"{MAIL}:{recipient}:{notification}"


_meta = sa.MetaData()
INBOX = sa.Table(
    "notifications_inbox",
    _meta,
    serial_id("seq"),
    sa.Column("notification_id", sa.String(36), nullable=False, unique=True),
    sa.Column("recipient_id", sa.String(36), nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("subject_id", sa.String(36), index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("read", sa.Boolean, nullable=False),
    sa.Index(f"notifications_inbox_recipient{SUFFIX}", "recipient_id", "seq"),
)
DIGEST_TABLE = sa.Table(
    "notifications_digest",
    _meta,
    sa.Column("notification_id", sa.String(36), primary_key=True),
    sa.Column("recipient_id", sa.String(36), nullable=False, index=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("subject_id", sa.String(36), index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False, index=True),
)
define = generations(
    residents=facts.RESIDENTS,
    places=facts.PLACES,
    members=facts.MEMBERS,
    listings=facts.LISTINGS,
    inbox=INBOX,
    digest=DIGEST_TABLE,
    preferences=stored_preferences.PREFERENCES,
)


def read_model(codec: Codec) -> Subscriber:
    return Subscriber(
        NAME, handler(codec), define=define, types=TYPES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def handler(codec: Codec) -> Handler:
    def handle(tx: Connection, t: Any, recorded: RecordedEvent) -> None:
        data = fields(codec, recorded)
        apply(tx, t, recorded, data)

    return handle


def fields(codec: Codec, recorded: RecordedEvent) -> Any:
    """The event's fields as attributes: decoded (personal data opened) when its contract is
    known here; the recorded data as it is for a type this deployment does not know yet."""
    try:
        return codec.decode(recorded).event
    except UnknownEventType:
        return SimpleNamespace(**recorded.data)


def apply(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent, data: Any) -> None:
    kind = recorded.type
    if kind in facts.TYPES:
        facts.apply(tx, t, kind, data, recorded.version)
    if kind == "identity.ResidentErased":
        forget(tx, t, str(data.resident_id))
        return
    if kind in OWN_TYPES:
        _own(tx, t, kind, data)
        return
    values = vars(data) if not hasattr(data, "__dataclass_fields__") else _as_dict(data)
    for row in routing.route(kind, values):
        notify(tx, t, recorded, row, recipients(tx, t, row, values), values)


def _as_dict(data: Any) -> dict[str, Any]:
    return {name: getattr(data, name) for name in data.__dataclass_fields__}


def recipients(tx: Connection, t: SimpleNamespace, row: routing.Row, data: Any) -> list[str]:
    found: list[str] = []
    for audience in row.audience:
        match audience.kind:
            case "author":
                listing = facts.listing(tx, t, str(data.get(audience.name)))
                found += [] if listing is None else [listing.author_id]
            case "members":
                found += facts.members(tx, t, routing.listed(data.get(audience.name)))
            case "moderators":
                found += facts.moderators(tx, t, str(data.get(audience.name)))
            case "operators":
                found += facts.operators(tx, t)
            case _:
                found += routing.direct(audience, data)
    excluded = str(data.get(row.exclude)) if row.exclude else None
    return [r for r in dict.fromkeys(found) if r != excluded]


def notify(
    tx: Connection,
    t: SimpleNamespace,
    recorded: RecordedEvent,
    row: routing.Row,
    recipients: list[str],
    data: Any,
) -> None:
    """The notification `row` makes of the event for each of `recipients`, in their order.
    What it shows is the same for all of them and read once; their names, preferences and
    past digests are read together, and their rows written together: a post to a
    neighbourhood of a thousand members costs a few statements, not five per member."""
    if not recipients:
        return
    people = facts.residents(tx, t, recipients)
    choices = stored_preferences.of_each(tx, t, recipients)
    params = shown(tx, t, row, data)
    text = json.dumps(params)
    subject = str(data[row.subject]) if row.subject and data.get(row.subject) else None
    at = recorded.recorded_at
    inbox_rows: list[dict[str, Any]] = []
    digest_rows: list[dict[str, Any]] = []
    mails: list[tuple[str, dict[str, Any], Any]] = []
    for recipient in recipients:
        who = people.get(recipient)
        if who is not None and who.erased:
            continue
        prefs = choices.get(recipient, DEFAULTS)
        nid = notification_id(recorded.event_id, row.type, recipient)
        # As the inbox shows it and as the digest will: the same row in either table.
        notification = {
            "notification_id": str(nid),
            "recipient_id": recipient,
            "type": row.type,
            "params": text,
            "subject_id": subject,
            "created_at": at,
        }
        if in_app(row.type, prefs):
            inbox_rows.append({**notification, "read": False})
        planned = mail(row.type, prefs, at, who is not None and who.confirmed)
        if planned is None or (who is None and row.type not in ACCOUNT):
            continue
        if planned.how == DIGEST:
            digest_rows.append({**notification, "due_at": planned.due})
        else:
            payload = {"recipient_id": recipient, "notification_id": str(nid), "type": row.type}
            mails.append((mail_key(recipient, nid), {**payload, "params": params}, planned.due))
    if inbox_rows:
        tx.execute(t.inbox.insert(), inbox_rows)
    # A replay (a rebuild) of what a past digest sent queues it no more.
    sent = sending.digested_among(tx, [n["notification_id"] for n in digest_rows])
    if digest_rows := [n for n in digest_rows if n["notification_id"] not in sent]:
        tx.execute(t.digest.insert(), digest_rows)
    outbox.add_each(tx, MAIL, mails)


def shown(tx: Connection, t: SimpleNamespace, row: routing.Row, data: Any) -> dict[str, Any]:
    """What the notification's texts show: the row's fields, and the names the ids stand for."""
    params: dict[str, Any] = {}
    for name in row.shown:
        value = plain(data.get(name))
        params[name] = (
            value if isinstance(value, str | int | float | bool | type(None)) else _text(value)
        )
    listing_id = data.get("listing_id")
    if listing_id is not None:
        listing = facts.listing(tx, t, str(listing_id))
        if listing is not None and "title" not in params:
            params["title"] = listing.title
    nid = data.get("neighbourhood_id")
    if nid is not None:
        params["neighbourhood"] = facts.place_name(tx, t, str(nid))
    if row.subject and data.get(row.subject):
        other = facts.resident(tx, t, str(data[row.subject]))
        params["name"] = None if other is None else other.display_name
    return params


def _text(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_text(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}
    return str(value) if value is not None else None


def _own(tx: Connection, t: SimpleNamespace, kind: str, data: Any) -> None:
    rid = str(data.resident_id)
    i = t.inbox
    match kind:
        case "notifications.NotificationRead":
            tx.execute(
                i.update()
                .where(i.c.recipient_id == rid, i.c.notification_id == str(data.notification_id))
                .values(read=True)
            )
        case "notifications.AllNotificationsRead":
            tx.execute(
                i.update()
                .where(i.c.recipient_id == rid, i.c.created_at <= data.up_to, i.c.read.is_(False))
                .values(read=True)
            )
        case _:
            before: Preferences = stored_preferences.of(tx, t, rid)
            stored_preferences.store(tx, t, rid, evolve_preferences(before, data))


def forget(tx: Connection, t: SimpleNamespace, resident_id: str) -> None:
    """An erased resident: nothing more for them, nothing of them in anyone's notifications."""
    tx.execute(t.inbox.delete().where(t.inbox.c.recipient_id == resident_id))
    tx.execute(t.digest.delete().where(t.digest.c.recipient_id == resident_id))
    for table in (t.inbox, t.digest):
        key = table.c.notification_id
        held = tx.execute(sa.select(key, table.c.params).where(table.c.subject_id == resident_id))
        for notification, params in held.all():
            kept = {k: v for k, v in json.loads(params).items() if k not in PERSONAL}
            tx.execute(table.update().where(key == notification).values(params=json.dumps(kept)))
    tx.execute(t.preferences.delete().where(t.preferences.c.resident_id == resident_id))
    facts.forget_author(tx, t, resident_id)
    outbox.drop(tx, f"{MAIL}:{resident_id}:")
    sending.forget(tx, resident_id)
