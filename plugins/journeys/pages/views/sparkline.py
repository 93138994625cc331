"""Metric overlays drawn: a series (``pages/series.py``) shown as its latest value and, over
several periods, a small inline SVG trend with its periods."""

from __future__ import annotations

from ...web.html import esc, num
from ...web.markup import number
from ..series import Series, describe

WIDTH = 96
HEIGHT = 24
PAD = 3


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
    averaged = f"averages of {series.values:,} values" if series.averaged else ""
    context = ", ".join(part for part in (via, periods, averaged) if part)
    return (
        f'<span class="journeys-metric" data-metric="{esc(series.metric)}">'
        f'<a href="{href}" class="journeys-metric__name">{esc(series.metric)}</a> '
        f'<strong class="journeys-metric__value">{number(latest.value)}</strong>'
        + (f" {sparkline(series)}" if series.is_trend else "")
        + (f' <span class="journeys-metric__context">{esc(context)}</span>' if context else "")
        + "</span>"
    )
