"""The report's HTML page: the headline numbers, then each figure's chart and table."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, select_autoescape

if TYPE_CHECKING:
    from . import Result

ROWS_SHOWN = 50  # beyond, the CSV holds the rest

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quartier: key figures {{ period }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; }
.headline td:first-child { font-weight: 600; }
</style>
</head>
<body>
<h1>Quartier: key figures</h1>
<p>Events recorded {{ period }}. Computed {{ now }} from a pseudonymised export: no figure
names a resident or quotes their words.</p>
<table class="headline">
<caption>At a glance</caption>
{% for label, value in headline %}<tr><td>{{ label }}</td><td class="n">{{ show(value) }}</td></tr>
{% endfor %}</table>
{% for r in results %}
<section id="{{ r.figure.name }}">
<h2>{{ r.figure.title }}</h2>
<p>{{ r.figure.explains }}</p>
{% if r.png %}<img src="{{ r.png }}" alt="Chart: {{ r.figure.title }}">{% endif %}
{% if r.rows %}
<table>
<thead><tr>{% for c in r.columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in r.rows[:rows_shown] %}<tr>{% for c in r.columns %}
<td{% if row[c] is number %} class="n"{% endif %}>{{ show(row[c]) }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% else %}<p>No events in this period.</p>{% endif %}
<p><a href="{{ r.csv }}">{{ r.csv }}</a> (the whole table, CSV)</p>
</section>
{% endfor %}
</body>
</html>
"""


def render(
    headline: list[tuple[str, Any]],
    results: list[Result],
    start: datetime | None,
    end: datetime | None,
    now: datetime,
) -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(TEMPLATE)
    return template.render(
        headline=headline,
        results=results,
        period=_period(start, end),
        now=now.isoformat(timespec="seconds"),
        rows_shown=ROWS_SHOWN,
        show=_show,
    )


def _period(start: datetime | None, end: datetime | None) -> str:
    since = f"from {start.isoformat()}" if start else "since the start"
    until = f"until {end.isoformat()}" if end else "until now"
    return f"{since} {until}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
