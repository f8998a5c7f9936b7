"""The `notifications` Nameko service: the in-app inbox, e-mails and preferences.

Thin doors over NotificationHandlers (marks, preferences) and the inbox read model (queries),
reached over RPC by the gateway. The read model routes every event the routing table names
(notifications/domain/routing.py) to its recipients' inboxes and the outbox; the timers send
the outbox's e-mails and queue the daily digests (service/sweeps.py). Ids are UUID strings;
the resident acting is named by the caller (the gateway, from the session).
"""

from __future__ import annotations

from notifications.service import doors, queries, sweeps, wiring
from notifications.service.errors import ServiceError
from services.runtime.health import Readiness, health
from services.runtime.read_models import ReadModels
from services.runtime.wiring import Handlers, with_doors

__all__ = ["NotificationsService", "ServiceError"]


class NotificationsService:
    name = "notifications"

    handlers = Handlers(wiring.handlers)
    mailing = wiring.Mailing()
    read = ReadModels(wiring.subscribers, queried=wiring.QUERIED)
    readiness = Readiness()


DOORS = (
    doors.mark_read,
    doors.mark_all_read,
    doors.change_preferences,
    doors.unsubscription,
    doors.unsubscribe,
    queries.inbox,
    queries.unread_count,
    queries.since,
    queries.preferences,
    sweeps.send_mail,
    sweeps.queue_digests,
    health,
)
with_doors(NotificationsService, DOORS)
