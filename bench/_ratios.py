"""Ratios to a baseline on a noisy machine: each round's figure over the baseline measured in
that same round, then the median of those ratios with their range. A ratio of medians mixes a
quiet round's figure with a busy round's baseline. And the times of calls, one by one."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence


def per_round(figures: Sequence[float], baselines: Sequence[float]) -> list[float]:
    """Round i's figure over round i's baseline."""
    return [f / b for f, b in zip(figures, baselines, strict=True) if b]


def spread(ratios: Sequence[float]) -> str:
    """'0.86x (0.70-0.95x)': the median ratio and its range over the rounds."""
    if not ratios:
        return "-"
    median = f"{statistics.median(ratios):.2f}x"
    if len(ratios) == 1:
        return median
    return f"{median} ({min(ratios):.2f}-{max(ratios):.2f}x)"


def load() -> str:
    """The load averages (1, 5, 15 min): a figure on a shared machine is read beside them."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(work: Callable[[], object], calls: int) -> list[float]:
    """Milliseconds of each of `calls` calls of `work`."""
    took = []
    for _ in range(calls):
        started = time.perf_counter()
        work()
        took.append((time.perf_counter() - started) * 1000)
    return took
