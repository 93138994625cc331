"""Metric overlays as series: the rows of ``journeys/data/*.csv`` grouped by metric and place,
in period order, a long series bounded to averages, a place's many metrics cut to the first.
The journey and item pages list them, the views draw them (``views/sparkline.py``)."""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..format.model import MetricRow
from ..web.markup import number

# A series drawn with more points than this is shown as averages of consecutive values (its
# latest value as it is): a 96-pixel line shows no more, and a page stays small whatever the
# size of the overlay (a 200,000-row CSV made 59 MB pages when every value was drawn).
MAX_POINTS = 60
# And a place (a step, a touchpoint) shows this many metrics at most, the others counted.
MAX_SERIES = 100


@dataclass(frozen=True)
class Series:
    """One metric aimed at one place: a step (``touchpoint`` is None) or a touchpoint."""

    metric: str
    touchpoint: str | None
    rows: tuple[MetricRow, ...]  # in period order, at most MAX_POINTS (see values)
    values: int = 0  # how many rows the overlays hold; more than len(rows) when averaged

    @property
    def averaged(self) -> bool:
        return self.values > len(self.rows)

    @property
    def latest(self) -> MetricRow:
        return self.rows[-1]

    @property
    def is_trend(self) -> bool:
        return len(self.rows) > 1


# Every step that uses a touchpoint sorts its series again: periods are read once.
@functools.lru_cache(maxsize=1 << 17)
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
        Series(
            metric,
            touchpoint or None,
            _bounded(sorted(group, key=lambda r: period_key(r.period))),
            len(group),
        )
        for (metric, touchpoint), group in sorted(groups.items())
    ]


def shown_series(rows: Iterable[MetricRow]) -> tuple[list[Series], int]:
    """The first MAX_SERIES series of the rows (by metric name), and how many are left out."""
    series = series_of(rows)
    return series[:MAX_SERIES], max(0, len(series) - MAX_SERIES)


def left_out_note(count: int) -> str:
    """Says how many metrics a place does not show."""
    return (
        f"{count:,} more metrics are not shown here (a place shows {MAX_SERIES} at most); "
        "journeys export gives every value"
    )


def _bounded(rows: Sequence[MetricRow]) -> tuple[MetricRow, ...]:
    """At most MAX_POINTS rows: the earlier ones averaged in runs of equal length, each run
    named by its first and last period; the latest row as it is."""
    if len(rows) <= MAX_POINTS:
        return tuple(rows)
    earlier = rows[:-1]
    size = math.ceil(len(earlier) / (MAX_POINTS - 1))
    runs = [earlier[start : start + size] for start in range(0, len(earlier), size)]
    return (*(_average(run) for run in runs), rows[-1])


def _average(run: Sequence[MetricRow]) -> MetricRow:
    first, last = run[0].period, run[-1].period
    period = first if first == last else f"{first or '?'} – {last or '?'}"
    return dataclasses.replace(
        run[-1], value=statistics.fmean(row.value for row in run), period=period
    )


def describe(series: Series) -> str:
    """The series in words: ``csat: 4.3 (2026-Q1), 4.6 (2026-Q3)``."""
    values = ", ".join(
        number(row.value) + (f" ({row.period})" if row.period else "") for row in series.rows
    )
    return f"{series.metric}{averaged_note(series)}: {values}"


def averaged_note(series: Series) -> str:
    """Says that the values shown are averages, when they are."""
    if not series.averaged:
        return ""
    return f" ({series.values:,} values, shown as averages of about {_run(series):,} each)"


def _run(series: Series) -> int:
    return math.ceil((series.values - 1) / (len(series.rows) - 1))
