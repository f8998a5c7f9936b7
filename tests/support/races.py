"""Processes started together, for tests of what concurrent writers leave behind."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


def race(target: Callable[..., Any], *arguments: tuple[Any, ...], timeout: float = 120) -> None:
    """`target` in a spawned process per tuple of `arguments`, each given a start event last:
    set once every process has started, so that they run at once. Each must exit 0."""
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=target, args=(*args, start)) for args in arguments]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout)
        assert p.exitcode == 0
