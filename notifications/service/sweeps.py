"""The notifications service's timers: the outbox's e-mails sent (every second by default, so
an immediate e-mail leaves within seconds of its event) and the daily digests that are due
queued (every minute). Every replica runs them: the dispatcher's lease lets one send at a time,
and a digest is taken in the transaction that queues it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from notifications.mailing import digests
from notifications.service.errors import DOOR
from services.runtime.sweeps import sweep
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.notifications")
DISPATCH_SETTING = "QUARTIER_MAIL_DISPATCH_SECONDS"
DIGEST_SETTING = "QUARTIER_DIGEST_SWEEP_SECONDS"


@configured_timer(DISPATCH_SETTING, default=1.0)
def send_mail(service: Any) -> None:
    mailing, read = service.mailing, service.read
    mailing.tables = lambda: read.inbox

    def send() -> Any:
        return range(mailing.dispatcher.dispatch_once())

    sweep(log, DOOR.translated, "mail", send, "mail: %d e-mails sent")


@configured_timer(DIGEST_SETTING, default=60.0)
def queue_digests(service: Any) -> None:
    def queue() -> Any:
        return digests.send_due(service.read.engine, service.read.inbox, datetime.now(UTC))

    sweep(log, DOOR.translated, "digests", queue, "digests: %d queued")
