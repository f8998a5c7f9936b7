"""Checkpointed subscribers: read models and policies fed from the log, exactly once in effect.

runner = SubscriptionRunner(store, connect_database(url), Subscriber("identity.profiles", ...))
runner.run_once()                 # woken by the store, the relay's message or a timer
runner.wait_for(position, 5.0)    # read-your-writes for queries
"""

from . import outbox
from .database import connect_database
from .lease import Lease
from .runner import ReadModelTooNew, SubscriptionRunner
from .subscriber import Subscriber, generations

__all__ = [
    "Lease",
    "ReadModelTooNew",
    "Subscriber",
    "SubscriptionRunner",
    "connect_database",
    "generations",
    "outbox",
]
