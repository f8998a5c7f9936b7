"""One pass of a service's periodic sweep (a timer's body): a failure is logged and left for
the next tick, since a timer has no caller to answer, and told as the service's door would
tell it (by type and code only: a store error's text may quote a row).

    @configured_timer(SWEEP_SETTING, default=60.0)
    def release_stale_reservations(service):
        sweep(log, translated, "stale reservations", lambda: service.handlers.release(...),
              "stale reservations: places freed for %d residents")
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sized

from .doors import ServiceError


def sweep(
    log: logging.Logger,
    translated: Callable[[Exception], ServiceError | None],
    what: str,
    job: Callable[[], Sized],
    done: str,
) -> None:
    """Run `job`; log `done` with how many things it handled, if any. On failure, log `what`
    failed with the service's answer for it (`translated`), and return: the next tick retries."""
    try:
        handled = job()
    except Exception as exc:
        answer = translated(exc)
        log.warning(
            "%s: %s; tried again at the next tick",
            what,
            answer.message if answer is not None else type(exc).__name__,
        )
        return
    if handled:
        log.info(done, len(handled))
