"""Metric overlays: the rows of ``journeys/data/*.csv`` grouped into series, each shown as its
latest value and, over several periods, a small inline SVG trend with its periods."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...format.model import MetricRow
from ...web.html import esc, num
from ...web.markup import number

WIDTH = 96
HEIGHT = 24
PAD = 3


@dataclass(frozen=True)
class Series:
    """One metric aimed at one place: a step (``touchpoint`` is None) or a touchpoint."""

    metric: str
    touchpoint: str | None
    rows: tuple[MetricRow, ...]  # in period order

    @property
    def latest(self) -> MetricRow:
        return self.rows[-1]

    @property
    def is_trend(self) -> bool:
        return len(self.rows) > 1


def period_key(period: str | None) -> tuple[tuple[int, int | str], ...]:
    """Natural order, so that ``2026-Q2`` < ``2026-Q10`` and ``2026-9`` < ``2026-10``;
    a row without a period comes first."""
    parts = re.findall(r"\d+|\D+", period or "")
    # isdecimal(), not isdigit(): '¹' is a digit that int() cannot read.
    return tuple((0, int(part)) if part.isdecimal() else (1, part.lower()) for part in parts)


def series_of(rows: Iterable[MetricRow]) -> list[Series]:
    """Rows grouped by metric and target, ordered by metric name, each in period order."""
    groups: dict[tuple[str, str], list[MetricRow]] = {}
    for row in rows:
        groups.setdefault((row.metric, row.touchpoint or ""), []).append(row)
    return [
        Series(metric, touchpoint or None, tuple(sorted(group, key=lambda r: period_key(r.period))))
        for (metric, touchpoint), group in sorted(groups.items())
    ]


def describe(series: Series) -> str:
    """The series in words: ``csat: 4.3 (2026-Q1), 4.6 (2026-Q3)``."""
    values = ", ".join(
        number(row.value) + (f" ({row.period})" if row.period else "") for row in series.rows
    )
    return f"{series.metric}: {values}"


def sparkline(series: Series) -> str:
    """A small line chart of the series, oldest period on the left; empty for a single value."""
    if not series.is_trend:
        return ""
    values = [row.value for row in series.rows]
    low, high = min(values), max(values)
    step = (WIDTH - 2 * PAD) / (len(values) - 1)

    def y(value: float) -> float:
        if high == low:
            return HEIGHT / 2
        return PAD + (high - value) / (high - low) * (HEIGHT - 2 * PAD)

    points = [(PAD + index * step, y(value)) for index, value in enumerate(values)]
    line = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    dots = "".join(
        f'<circle class="journeys-spark__point{" journeys-spark__point--last" if last else ""}" '
        f'cx="{num(x)}" cy="{num(y)}" r="{2.5 if last else 1.5}" '
        f'data-period="{esc(row.period or "")}" data-value="{number(row.value)}"/>'
        for (x, y), row, last in zip(
            points, series.rows, [i == len(points) - 1 for i in range(len(points))], strict=True
        )
    )
    return (
        f'<svg class="journeys-spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" focusable="false" data-search-exclude>'
        f"<title>{esc(describe(series))}</title>"
        f'<polyline class="journeys-spark__line" points="{line}" fill="none" '
        f'stroke="currentColor" stroke-width="1.5"/>{dots}</svg>'
    )


def metric_html(series: Series, href: str, via: str = "") -> str:
    """The metric's name (linked), its latest value, and its trend with the first and last period.

    ``via`` names the touchpoint the row is aimed at, when the metric is shown on a step.
    """
    latest = series.latest
    periods = ""
    if series.is_trend:
        first = series.rows[0].period or "?"
        periods = f"{first} – {latest.period or '?'}"
    elif latest.period:
        periods = latest.period
    context = ", ".join(part for part in (via, periods) if part)
    return (
        f'<span class="journeys-metric" data-metric="{esc(series.metric)}">'
        f'<a href="{href}" class="journeys-metric__name">{esc(series.metric)}</a> '
        f'<strong class="journeys-metric__value">{number(latest.value)}</strong>'
        + (f" {sparkline(series)}" if series.is_trend else "")
        + (f' <span class="journeys-metric__context">{esc(context)}</span>' if context else "")
        + "</span>"
    )
