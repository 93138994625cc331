"""Metric trends on a touchpoint's page: every metric aimed at the touchpoint, its latest value,
a sparkline over its periods and every value in words."""

from __future__ import annotations

from ...catalog import Catalog
from ...format.model import Touchpoint
from ...web.html import esc
from ...web.markup import number
from ..series import left_out_note, shown_series
from .sparkline import sparkline


def touchpoint_trends(catalog: Catalog, touchpoint: Touchpoint) -> str:
    """Markdown for the end of the touchpoint page; empty when no metric is aimed at it."""
    series, more = shown_series(catalog.metrics_of_touchpoint(touchpoint.id))
    if not series:
        return ""
    rows = []
    for item in series:
        values = ", ".join(
            number(row.value) + (f" ({row.period})" if row.period else "") for row in item.rows
        )
        if item.averaged:
            values = f"{item.values:,} values, shown as {len(item.rows)} averages: {values}"
        sources = sorted({row.source for row in item.rows if row.source})
        rows.append(
            f'<tr data-metric="{esc(item.metric)}"><th scope="row">{esc(item.metric)}</th>'
            f"<td><strong>{number(item.latest.value)}</strong></td>"
            f"<td>{sparkline(item)}</td><td>{esc(values)}</td>"
            f"<td>{esc(', '.join(sources))}</td></tr>"
        )
    return "\n\n".join(
        [
            "## Metric trends",
            "\n".join(
                [
                    '<div class="journeys-trends">',
                    '<table class="journeys-table">',
                    '<thead><tr><th scope="col">Metric</th><th scope="col">Latest</th>'
                    '<th scope="col">Trend</th><th scope="col">Values by period</th>'
                    '<th scope="col">Source</th></tr></thead>',
                    "<tbody>",
                    *rows,
                    "</tbody>",
                    "</table>",
                    "</div>",
                ]
            ),
            *([f"<p><em>{esc(left_out_note(more))}</em></p>"] if more else []),
        ]
    )
