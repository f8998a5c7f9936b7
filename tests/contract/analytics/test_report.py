"""`report` on SQLite and PostgreSQL: every figure computed with DuckDB over an export, as an
HTML page with PNG charts and CSV tables; figures of events not recorded yet read zero."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from services.analytics.export import export_events
from services.analytics.report import build_report
from services.analytics.report.figures import FIGURES
from services.analytics.selection import Selection, selection
from services.analytics.sources import Log

from .history import History

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def report(log: Log, tmp_path: Path, chosen: Selection | None = None) -> Path:
    export = tmp_path / "events.parquet"
    export_events(log.store, log.codec, log.registry, Selection(), "parquet", str(export))
    out = tmp_path / "report"
    chosen = chosen or Selection()
    build_report(export, out, chosen.start, chosen.end, NOW)
    return out


def table(out: Path, name: str) -> list[dict[str, str]]:
    with (out / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_figure_has_its_table_and_chart_on_the_page(
    log: Log, history: History, tmp_path: Path
) -> None:
    out = report(log, tmp_path)
    page = (out / "index.html").read_text(encoding="utf-8")
    for figure in FIGURES:
        assert (out / f"{figure.name}.csv").exists()
        assert f'id="{figure.name}"' in page
        if figure.chart is not None:
            assert (out / f"{figure.name}.png").read_bytes().startswith(b"\x89PNG")
            assert f'src="{figure.name}.png"' in page


def test_the_figures_count_what_was_recorded(log: Log, history: History, tmp_path: Path) -> None:
    out = report(log, tmp_path)
    assert [int(r["sign_ups"]) for r in table(out, "sign_ups")] == [3]
    assert [(r["method"], r["verifications"]) for r in table(out, "verifications")] == [
        ("letter", "3")
    ]
    assert table(out, "neighbourhoods_at_end") == [{"state": "open", "neighbourhoods": "1"}]
    by_category = {r["category"]: r for r in table(out, "listings_by_category")}
    assert {c: r["offers"] for c, r in by_category.items()} == {"barter": "1", "loan": "1"}
    [hood] = table(out, "listings_by_neighbourhood")
    assert (hood["neighbourhood"], hood["listings"]) == ("Les Tilleuls", "2")
    rates = {r["category"]: r for r in table(out, "response_and_match_rates")}
    assert (rates["loan"]["response_rate"], rates["loan"]["match_rate"]) == ("1.0", "1.0")
    assert (rates["barter"]["response_rate"], rates["barter"]["match_rate"]) == ("0.0", "0.0")
    [funnel] = table(out, "match_conversion")
    assert (funnel["proposed"], funnel["connected"], funnel["conversion"]) == ("1", "1", "1.0")
    answered = {r["category"]: r["median_hours"] for r in table(out, "time_to_first_response")}
    assert set(answered) == {"all", "loan"}
    assert float(answered["loan"]) >= 0


def test_a_period_without_events_reads_zero_and_none(
    log: Log, history: History, tmp_path: Path
) -> None:
    out = report(log, tmp_path, selection("2020-01-01", "2020-01-31"))
    assert table(out, "sign_ups") == []
    [funnel] = table(out, "match_conversion")
    assert (funnel["proposed"], funnel["conversion"]) == ("0", "")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "No events in this period." in page
    assert "from 2020-01-01T00:00:00+00:00 until 2020-02-01T00:00:00+00:00" in page
