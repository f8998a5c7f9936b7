"""One PNG per figure (matplotlib, Agg: no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from .figures import Chart

Rows = list[dict[str, Any]]


def draw(chart: Chart, title: str, rows: Rows, path: Path) -> None:
    """Bars of the chart's values along its x axis; an empty figure says so."""
    labels, series = _series(chart, rows)
    figure, axes = plt.subplots(figsize=(8, 4.2), dpi=100)
    try:
        axes.set_title(title)
        if not labels:
            axes.text(0.5, 0.5, "no events in this period", ha="center", va="center")
            axes.set_axis_off()
        else:
            width = 0.8 / max(len(series), 1)
            for i, (name, values) in enumerate(series.items()):
                places = [n + i * width - 0.4 + width / 2 for n in range(len(labels))]
                if chart.horizontal:
                    axes.barh(places, values, height=width, label=name)
                else:
                    axes.bar(places, values, width=width, label=name)
            ticks = range(len(labels))
            if chart.horizontal:
                axes.set_yticks(list(ticks), labels)
                axes.invert_yaxis()
            else:
                axes.set_xticks(list(ticks), labels, rotation=45, ha="right")
            if len(series) > 1:
                axes.legend()
        figure.tight_layout()
        figure.savefig(path, format="png")
    finally:
        plt.close(figure)


def _series(chart: Chart, rows: Rows) -> tuple[list[str], dict[str, list[float]]]:
    labels = list(dict.fromkeys(str(row[chart.x]) for row in rows))
    at = {label: n for n, label in enumerate(labels)}
    series: dict[str, list[float]] = {}
    for row in rows:
        names = (
            [(str(row[chart.series]), chart.values[0])]
            if chart.series
            else [(value, value) for value in chart.values]
        )
        for name, column in names:
            values = series.setdefault(name, [0.0] * len(labels))
            values[at[str(row[chart.x])]] += float(row[column] or 0)
    return labels, series
