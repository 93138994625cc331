"""The emotion curve: felt emotion per step as a line, expected emotion where the map gives it,
the shortfall between them shaded, pain points marked, and the steps with the largest gap named.

The same drawing serves two places: the emotion lane of the swimlane map (one column per
step, aligned with the table) and the chart of its own, which carries axis labels and a text
equivalent (a caption and a table).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import Catalog
from ...format.model import Journey, Step
from ...format.words import counted
from ...web import addresses
from ...web.html import a, esc, num
from ...web.links import Links
from ...web.markup import EMOTION_WORDS, score
from .canvas import CURVE, canvas_tools

LOWEST, HIGHEST = 1, 5
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class CurveLayout:
    """Where things go, in SVG user units (CSS pixels at scale 1)."""

    name: str  # makes the element ids of this drawing unique in the page
    step_width: float
    left: float  # room for the axis labels
    top: float  # room for the stage names
    unit: float  # the height of one emotion point
    labels: bool  # axis words, stage names and step numbers

    def x(self, index: int) -> float:
        return self.left + self.step_width * (index + 0.5)

    def y(self, emotion: float) -> float:
        return self.top + (HIGHEST - emotion) * self.unit

    @property
    def plot_bottom(self) -> float:
        return self.y(LOWEST)

    @property
    def pain_row(self) -> float:
        return self.plot_bottom + 16

    @property
    def height(self) -> float:
        return self.pain_row + (30 if self.labels else 12)

    def width(self, steps: int) -> float:
        return self.left + self.step_width * steps


# The lane's drawing is scaled to the width of the step columns (journeys.css:
# --journeys-step-width, 9rem); any step width keeps the points centred on their columns.
LANE = CurveLayout("lane", step_width=180, left=0, top=16, unit=24, labels=False)
CHART = CurveLayout("chart", step_width=56, left=84, top=30, unit=30, labels=True)


def largest_gap_steps(journey: Journey) -> tuple[int, list[Step]]:
    """The largest shortfall (expected above felt) and the steps that have it; (0, []) if none."""
    gaps = [(step.gap, step) for step in journey.steps if step.gap is not None and step.gap > 0]
    if not gaps:
        return 0, []
    largest = max(gap for gap, _ in gaps)
    return largest, [step for gap, step in gaps if gap == largest]


def curve_svg(
    catalog: Catalog, journey: Journey, layout: CurveLayout, *, style: str | None = None
) -> str:
    """The inline SVG of the curve, with a title and a description for assistive technology.

    With ``style`` (a CSS text) it is an SVG document of its own instead, as the export writes
    it: namespaced, well-formed XML, its colours in a ``<style>`` of its own.
    """
    steps = journey.steps
    width, height = layout.width(len(steps)), layout.height
    prefix = f"journeys-curve-{layout.name}-{journey.id}"
    page_only = (
        # Out of Material's search index: axis words and numbers are noise there, and the
        # caption and the table below the chart carry its text.
        "data-search-exclude " if style is None else f'xmlns="{SVG_NAMESPACE}" '
    )
    parts = [
        f'<svg class="journeys-curve__svg journeys-curve__svg--{layout.name}" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" focusable="false" '
        f"{page_only}"
        f'data-top="{num(layout.top)}" data-unit="{num(layout.unit)}">',
        f"<style>{style}</style>" if style is not None else "",
        f'<title id="{prefix}-title">{esc("Emotion curve: " + journey.title)}</title>',
        f'<desc id="{prefix}-desc">{esc(_description(journey))}</desc>',
        *_stage_bands(journey, layout, prefix),
        *_grid(layout, width),
        *_gap_areas(journey, layout),
        *_expected(journey, layout),
        *_felt(catalog, journey, layout),
        *_pain_marks(catalog, journey, layout),
        *_largest_gap_labels(journey, layout),
    ]
    if layout.labels:
        parts.extend(
            f'<text class="journeys-curve__step-number" x="{num(layout.x(i))}" '
            f'y="{num(layout.pain_row + 24)}" text-anchor="middle">{i + 1}</text>'
            for i in range(len(steps))
        )
    parts.append("</svg>")
    return "".join(parts)


def _steps(count: int) -> str:
    return counted(count, "step")


def _description(journey: Journey) -> str:
    steps = journey.steps
    text = (
        f"Felt emotion for each of {_steps(len(steps))}, from 1 (very bad) to 5 (delighted), "
        f"average {score(journey.average_emotion)}."
    )
    with_expected = [step for step in steps if step.expected is not None]
    if with_expected:
        text += f" Expected emotion is given for {_steps(len(with_expected))}."
    gap, worst = largest_gap_steps(journey)
    if worst:
        points = "1 point" if gap == 1 else f"{gap} points"
        text += f" Largest gap, {points}: " + "; ".join(step.action for step in worst) + "."
    return text


def _stage_bands(journey: Journey, layout: CurveLayout, prefix: str) -> list[str]:
    parts = []
    first = 0
    for number, stage in enumerate(journey.stages):
        x = layout.left + layout.step_width * first
        w = layout.step_width * len(stage.steps)
        shade = " journeys-curve__band--shaded" if number % 2 else ""
        parts.append(
            f'<rect class="journeys-curve__band{shade}" x="{num(x)}" y="0" width="{num(w)}" '
            f'height="{num(layout.pain_row + 8)}" fill="currentColor" fill-opacity="0"/>'
        )
        if number:
            parts.append(
                f'<line class="journeys-curve__stage-edge" x1="{num(x)}" x2="{num(x)}" y1="0" '
                f'y2="{num(layout.pain_row + 8)}" stroke="currentColor" stroke-opacity=".25"/>'
            )
        if layout.labels and stage.steps:
            clip = f"{prefix}-stage-{number}"
            parts.append(
                f'<clipPath id="{clip}"><rect x="{num(x + 2)}" y="0" width="{num(w - 4)}" '
                f'height="{num(layout.top)}"/></clipPath>'
                f'<text class="journeys-curve__stage" x="{num(x + 4)}" y="16" '
                f'clip-path="url(#{clip})"><title>{esc(stage.name)}</title>'
                f"{esc(stage.name)}</text>"
            )
        first += len(stage.steps)
    return parts


def _grid(layout: CurveLayout, width: float) -> list[str]:
    parts = []
    for emotion in range(LOWEST, HIGHEST + 1):
        y = num(layout.y(emotion))
        parts.append(
            f'<line class="journeys-curve__grid" x1="{num(layout.left)}" x2="{num(width)}" '
            f'y1="{y}" y2="{y}" stroke="currentColor" stroke-opacity=".12"/>'
        )
        if layout.labels:
            parts.append(
                f'<text class="journeys-curve__axis" x="{num(layout.left - 8)}" '
                f'y="{num(layout.y(emotion) + 4)}" text-anchor="end">'
                f"{emotion} {EMOTION_WORDS[emotion]}</text>"
            )
    return parts


def _gap_areas(journey: Journey, layout: CurveLayout) -> list[str]:
    """Shade where expected lies above felt: between neighbouring steps that both give an
    expected score (cut where the two lines cross), and a bar at every step that falls short."""
    steps = journey.steps
    parts = []
    for index in range(len(steps) - 1):
        here, there = steps[index], steps[index + 1]
        if here.expected is None or there.expected is None:
            continue
        x0, x1 = layout.x(index), layout.x(index + 1)
        g0, g1 = here.expected - here.emotion, there.expected - there.emotion
        polygon: list[tuple[float, float]] = []
        if g0 >= 0 and g1 >= 0 and (g0 or g1):
            polygon = [(x0, here.expected), (x1, there.expected), (x1, there.emotion)]
            polygon.append((x0, here.emotion))
        elif g0 * g1 < 0:
            t = g0 / (g0 - g1)
            crossing = (x0 + t * (x1 - x0), here.emotion + t * (there.emotion - here.emotion))
            if g0 > 0:
                polygon = [(x0, here.expected), crossing, (x0, here.emotion)]
            else:
                polygon = [crossing, (x1, there.expected), (x1, there.emotion)]
        if polygon:
            points = " ".join(f"{num(x)},{num(layout.y(e))}" for x, e in polygon)
            parts.append(
                f'<polygon class="journeys-curve__gap-area" points="{points}" '
                f'fill="currentColor" fill-opacity=".15"/>'
            )
    for index, step in enumerate(steps):
        gap = step.gap
        if step.expected is not None and gap is not None and gap > 0:
            x = num(layout.x(index))
            parts.append(
                f'<line class="journeys-curve__gap" x1="{x}" x2="{x}" '
                f'y1="{num(layout.y(step.expected))}" y2="{num(layout.y(step.emotion))}" '
                f'data-step="{step.id}" data-gap="{gap}" stroke="currentColor" '
                f'stroke-opacity=".35" stroke-width="6"><title>'
                f"{esc(f'{step.action}: expected {step.expected}, felt {step.emotion}, gap {gap}')}"
                "</title></line>"
            )
    return parts


def _largest_gap_labels(journey: Journey, layout: CurveLayout) -> list[str]:
    """The largest gap is named on the chart too, left of its bar (the value sits right)."""
    gap, worst = largest_gap_steps(journey)
    index = {step.id: i for i, step in enumerate(journey.steps)}
    return [
        f'<text class="journeys-curve__gap-label" x="{num(layout.x(index[step.id]) - 7)}" '
        f'y="{num(layout.y(step.emotion + gap / 2) + 4)}" text-anchor="end" '
        f'data-step="{step.id}">'
        f"gap {gap}</text>"
        for step in worst
    ]


def _expected(journey: Journey, layout: CurveLayout) -> list[str]:
    """A dashed line through runs of steps that give an expected score, and a marker on each."""
    parts = []
    run: list[tuple[float, float]] = []
    runs = []
    for index, step in enumerate(journey.steps):
        if step.expected is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append((layout.x(index), layout.y(step.expected)))
    if run:
        runs.append(run)
    for points in runs:
        if len(points) > 1:
            parts.append(
                '<polyline class="journeys-curve__expected-line" points="'
                + " ".join(f"{num(x)},{num(y)}" for x, y in points)
                + '" fill="none" stroke="currentColor" stroke-width="1.5" '
                'stroke-dasharray="5 4"/>'
            )
    for index, step in enumerate(journey.steps):
        if step.expected is not None:
            x, y = layout.x(index), layout.y(step.expected)
            parts.append(
                f'<path class="journeys-curve__expected" d="M{num(x)} {num(y - 5)}l5 5-5 5-5-5z" '
                f'data-step="{step.id}" data-expected="{step.expected}" fill="none" '
                f'stroke="currentColor" stroke-width="1.5"/>'
            )
    return parts


def _felt(catalog: Catalog, journey: Journey, layout: CurveLayout) -> list[str]:
    steps = journey.steps
    line = " ".join(
        f"{num(layout.x(i))},{num(layout.y(step.emotion))}" for i, step in enumerate(steps)
    )
    parts = [
        f'<polyline class="journeys-curve__felt-line" points="{line}" fill="none" '
        f'stroke="currentColor" stroke-width="2.5" stroke-linejoin="round"/>'
    ]
    for index, step in enumerate(steps):
        x, y = layout.x(index), layout.y(step.emotion)
        label = f"{step.action}: felt {step.emotion} ({EMOTION_WORDS.get(step.emotion, '')})"
        if step.expected is not None:
            label += f", expected {step.expected}"
        number = (
            f'<text class="journeys-curve__value" x="{num(x + 9)}" y="{num(y - 7)}">'
            f"{step.emotion}</text>"
            if not layout.labels
            else ""
        )
        # No <a> in the SVG: Material's instant navigation rewrites every link's href, which
        # an SVG link does not allow (a script error); the steps are linked beside the chart.
        parts.append(
            f'<g class="journeys-curve__step"><title>{esc(label)}</title>'
            f'<circle class="journeys-curve__point journeys-emotion--{step.emotion}" '
            f'cx="{num(x)}" cy="{num(y)}" r="6" data-step="{step.id}" '
            f'data-emotion="{step.emotion}" fill="currentColor"/>{number}</g>'
        )
    return parts


def _pain_marks(catalog: Catalog, journey: Journey, layout: CurveLayout) -> list[str]:
    parts = []
    for index, step in enumerate(journey.steps):
        pains = [catalog.pain_heads[r.id] for r in step.pains if r.id in catalog.pain_heads]
        if not pains:
            continue
        x, y = layout.x(index), layout.pain_row
        names = "; ".join(f"{pain.text} ({pain.severity})" for pain in pains)
        count = (
            f'<text class="journeys-curve__pain-count" x="{num(x + 9)}" y="{num(y + 4)}">'
            f"{len(pains)}</text>"
            if len(pains) > 1
            else ""
        )
        parts.append(
            f'<g class="journeys-curve__pain" '
            f'data-step="{step.id}" data-pains="{len(pains)}"><title>'
            f"{esc('Pain points: ' + names)}</title>"
            f'<path d="M{num(x)} {num(y - 7)}l7 7-7 7-7-7z" fill="currentColor"/>{count}</g>'
        )
    return parts


def curve_view(catalog: Catalog, journey: Journey, links: Links | None = None) -> str:
    """The chart of its own: the curve, its caption with the largest gap and a legend, and the
    values as a table (the text equivalent). With ``links``, a link downloads it as SVG."""
    gap, worst = largest_gap_steps(journey)
    if worst:
        named = ", ".join(
            a(f"#{addresses.step_anchor(step.id)}", esc(step.action))
            + f" (expected {step.expected}, felt {step.emotion})"
            for step in worst
        )
        finding = (
            f'<p class="journeys-curve__finding"><strong>Largest gap: {gap} '
            f"point{'s' if gap > 1 else ''}</strong> at {named}.</p>"
        )
    elif any(step.expected is not None for step in journey.steps):
        finding = (
            '<p class="journeys-curve__finding">No step falls short of the expected emotion.</p>'
        )
    else:
        finding = (
            '<p class="journeys-curve__finding">The map gives no expected emotion, so there is '
            "no gap to show.</p>"
        )
    legend = (
        '<ul class="journeys-curve__legend">'
        '<li><span class="journeys-key journeys-key--felt"></span>felt emotion</li>'
        '<li><span class="journeys-key journeys-key--expected"></span>expected emotion</li>'
        '<li><span class="journeys-key journeys-key--gap"></span>gap: expected above felt</li>'
        '<li><span class="journeys-key journeys-key--pain"></span>pain points</li>'
        "</ul>"
    )
    average = (
        f'<p class="journeys-curve__average">Average emotion '
        f"{score(journey.average_emotion)} of 5 over {_steps(len(journey.steps))}.</p>"
    )
    tools = (
        canvas_tools(links, addresses.image(journey.id, CURVE), "Download the curve (SVG)")
        if links is not None
        else ""
    )
    return "\n".join(
        [
            '<div class="journeys-curve journeys-canvas journeys-canvas--curve">',
            *([tools] if tools else []),
            '<figure class="journeys-curve__figure">',
            '<div class="journeys-canvas__frame journeys-curve__frame">'
            '<div class="journeys-curve__chart journeys-canvas__scroll">'
            f"{curve_svg(catalog, journey, CHART)}</div></div>",
            f'<figcaption class="journeys-curve__caption">{finding}{average}{legend}</figcaption>',
            "</figure>",
            _table(catalog, journey),
            "</div>",
        ]
    )


def _table(catalog: Catalog, journey: Journey) -> str:
    rows = []
    number = 0
    for stage in journey.stages:
        for step in stage.steps:
            number += 1
            pains = [catalog.pain_heads[r.id] for r in step.pains if r.id in catalog.pain_heads]
            gap = step.gap
            rows.append(
                "<tr>"
                f"<td>{number}</td><td>{esc(stage.name)}</td>"
                f"<td>{a(f'#{addresses.step_anchor(step.id)}', esc(step.action))}</td>"
                f"<td>{step.emotion} ({EMOTION_WORDS.get(step.emotion, '')})</td>"
                f"<td>{'' if step.expected is None else step.expected}</td>"
                f"<td>{gap if gap is not None and gap > 0 else ''}</td>"
                f"<td>{'; '.join(esc(p.text) for p in pains)}</td>"
                "</tr>"
            )
    return (
        '<details class="journeys-curve__data"><summary>The curve as a table</summary>'
        '<table class="journeys-table"><thead><tr><th scope="col">#</th>'
        '<th scope="col">Stage</th><th scope="col">Step</th><th scope="col">Felt</th>'
        '<th scope="col">Expected</th><th scope="col">Gap</th><th scope="col">Pain points</th>'
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></details>"
    )
