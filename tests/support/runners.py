"""Subscription runners driven by hand, as contract tests do without a service around them."""

from __future__ import annotations

from collections.abc import Iterable

from services.subscriptions import SubscriptionRunner


def settle(runners: Iterable[SubscriptionRunner]) -> None:
    """Run every runner until none has anything left to apply, the events a policy among them
    appends included."""
    runners = list(runners)
    busy = True
    while busy:
        busy = False
        for runner in runners:
            while runner.run_once():
                busy = True
