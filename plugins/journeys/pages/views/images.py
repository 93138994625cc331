"""The swimlane map and the emotion curve as SVG files of their own, for slides and reports.

The site links each journey's pair from its page (``addresses.image``), and ``journeys images``
writes them for one journey or all. Each file stands alone: well-formed XML, its colours in a
``<style>`` of its own (light, as for a slide or paper), no script, no font or file to fetch.
SVG does not wrap text, so the texts of the map are wrapped here, by an estimate of their width.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import Catalog
from ...format.model import Journey, Step
from ...format.words import counted
from ...web import addresses
from ...web.html import esc, num
from ...web.markup import number
from .canvas import CURVE, SWIMLANE
from .curve import CHART, LANE, SVG_NAMESPACE, curve_svg

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

CURVE_STYLE = (
    "svg{color:#1f1f1f;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "background:#fff}"
    ".journeys-curve__svg text{fill:#5c5c5c;font-size:11px}"
    ".journeys-curve__svg .journeys-curve__stage{fill:#1f1f1f;font-weight:700}"
    ".journeys-curve__band--shaded{fill-opacity:.04}"
    ".journeys-curve__felt-line{stroke:#4051b5}"
    ".journeys-curve__expected-line,.journeys-curve__expected{stroke:#6b6b6b}"
    ".journeys-curve__gap-area{fill:#e53935;fill-opacity:.15}"
    ".journeys-curve__gap{stroke:#e53935;stroke-opacity:.45}"
    ".journeys-curve__point{stroke:#fff;stroke-width:2}"
    ".journeys-curve__svg .journeys-curve__value{fill:#1f1f1f;font-weight:700;font-size:12px}"
    ".journeys-curve__pain path{fill:#c62828}"
    ".journeys-curve__svg .journeys-curve__gap-label{fill:#d32f2f;font-weight:700}"
    ".journeys-curve__svg .journeys-curve__pain-count{fill:#c62828;font-weight:700}"
    ".journeys-emotion--1{fill:#c62828}.journeys-emotion--2{fill:#ef6c00}"
    ".journeys-emotion--3{fill:#9e8600}.journeys-emotion--4{fill:#558b2f}"
    ".journeys-emotion--5{fill:#2e7d32}"
)

SWIMLANE_STYLE = CURVE_STYLE + (
    ".journeys-map__title{fill:#1f1f1f;font-size:18px;font-weight:700}"
    ".journeys-map__lane{fill:#5c5c5c;font-size:12px;font-weight:700}"
    ".journeys-map__stage{fill:#1f1f1f;font-size:13px;font-weight:700}"
    ".journeys-map__text{fill:#1f1f1f;font-size:12px}"
    ".journeys-map__text--action{font-weight:700}"
    ".journeys-map__text--thought{font-style:italic}"
    ".journeys-map__text--quiet{fill:#5c5c5c}"
    ".journeys-map__text--critical,.journeys-map__text--high{fill:#b71c1c;font-weight:700}"
    ".journeys-map__head{fill:#f2f2f2}"
    ".journeys-map__backstage{fill:#f5f5f5}"
    ".journeys-map__rule{stroke:#d9d9d9;stroke-width:1}"
    ".journeys-map__stage-rule{stroke:#9e9e9e;stroke-width:2}"
)

MARGIN = 16
TITLE_HEIGHT = 40
LANE_WIDTH = 150
STEP_WIDTH = LANE.step_width  # the lane curve's own step width: its points sit mid-column
PADDING = 8
LINE = 16  # one line of 12 px text
ITEM_GAP = 4
CHARACTER = 6.4  # the average width of a 12 px character, for wrapping (bold is wider)


@dataclass(frozen=True)
class Item:
    """One entry of a cell: a text, wrapped to the column, drawn with a CSS class."""

    text: str
    css: str = ""


def curve_image(catalog: Catalog, journey: Journey) -> str:
    """The emotion curve's chart, axis words and stage names included, as an SVG document."""
    return XML_DECLARATION + curve_svg(catalog, journey, CHART, style=CURVE_STYLE) + "\n"


def images(catalog: Catalog, journey: Journey) -> list[tuple[str, str]]:
    """The journey's SVG files, (site path, text); none for a journey without steps."""
    if not journey.steps:
        return []
    return [
        (addresses.image(journey.id, SWIMLANE), swimlane_image(catalog, journey)),
        (addresses.image(journey.id, CURVE), curve_image(catalog, journey)),
    ]


def all_images(catalog: Catalog) -> list[tuple[str, str]]:
    return [image for journey in catalog.journeys.values() for image in images(catalog, journey)]


def swimlane_image(catalog: Catalog, journey: Journey) -> str:
    """The swimlane map as an SVG document: stages across, lanes down, the curve in its lane."""
    steps = journey.steps
    lanes: list[tuple[str, str, list[list[Item]]]] = [
        ("action", "Actions", [[Item(s.action, "journeys-map__text--action")] for s in steps]),
        ("thought", "Thoughts and questions", [_thoughts(s) for s in steps]),
        ("touchpoint", "Touchpoints and channels", [_touchpoint(catalog, s) for s in steps]),
        ("emotion", "Emotion", []),
        ("pains", "Pain points", [_pains(catalog, s) for s in steps]),
        ("opportunities", "Opportunities", [_opportunities(catalog, s) for s in steps]),
        ("backstage", "Backstage", [[Item(line) for line in s.backstage] for s in steps]),
        ("metrics", "Metrics", [_metrics(catalog, journey, s) for s in steps]),
    ]
    lanes = [lane for lane in lanes if lane[0] in ("action", "emotion") or any(lane[2])]
    left, width = MARGIN + LANE_WIDTH, MARGIN * 2 + LANE_WIDTH + STEP_WIDTH * len(steps)
    y = MARGIN + TITLE_HEIGHT
    body: list[str] = []
    # The stage row: a band over each stage's columns, its name wrapped to fit.
    stage_lines = [
        _wrap(stage.name, STEP_WIDTH * len(stage.steps) - 2 * PADDING, bold=True)
        for stage in journey.stages
        if stage.steps
    ]
    head = max(len(lines) for lines in stage_lines) * LINE + 2 * PADDING
    body.append(
        f'<rect class="journeys-map__head" x="{MARGIN}" y="{y}" '
        f'width="{num(width - 2 * MARGIN)}" height="{head}"/>'
    )
    body.append(_text(MARGIN + PADDING, y + PADDING, ["Stage"], "journeys-map__lane"))
    column = 0
    for lines, stage in zip(stage_lines, (s for s in journey.stages if s.steps), strict=True):
        body.append(
            _text(left + column * STEP_WIDTH + PADDING, y + PADDING, lines, "journeys-map__stage")
        )
        column += len(stage.steps)
    y += head
    rules = [y]
    for key, title, cells in lanes:
        if key == "emotion":
            height = int(LANE.height)
            curve = curve_svg(catalog, journey, LANE, style="")
            body.append(curve.replace("<svg ", f'<svg x="{left}" y="{y}" ', 1))
        else:
            drawn = [_cell(items) for items in cells]
            height = max([LINE + 2 * PADDING] + [h for h, _ in drawn])
            if key == "backstage":
                body.append(
                    f'<rect class="journeys-map__backstage" x="{left}" y="{y}" '
                    f'width="{STEP_WIDTH * len(steps)}" height="{height}"/>'
                )
            for index, (_, entries) in enumerate(drawn):
                x = left + index * STEP_WIDTH + PADDING
                body.extend(_items(x, y + PADDING, entries))
        body.append(
            _text(
                MARGIN + PADDING,
                y + PADDING,
                _wrap(title, LANE_WIDTH - 2 * PADDING, bold=True),
                "journeys-map__lane",
            )
        )
        y += height
        rules.append(y)
    height = y + MARGIN
    right = width - MARGIN
    lines = [
        f'<line class="journeys-map__rule" x1="{MARGIN}" x2="{right}" y1="{r}" y2="{r}"/>'
        for r in rules
    ]
    starts, column = [], 0
    for stage in journey.stages:
        if column and stage.steps:
            starts.append(column)
        column += len(stage.steps)
    top = MARGIN + TITLE_HEIGHT
    for index in range(len(steps) + 1):
        x = left + index * STEP_WIDTH
        css = "journeys-map__stage-rule" if index in starts else "journeys-map__rule"
        lines.append(f'<line class="{css}" x1="{x}" x2="{x}" y1="{top}" y2="{y}"/>')
    title = f"Journey map: {journey.title}"
    description = (
        f"{counted(len(steps), 'step')} in {counted(len(journey.stages), 'stage')}; lanes: "
        + ", ".join(lane[1] for lane in lanes)
        + "."
    )
    return (
        XML_DECLARATION
        + f'<svg xmlns="{SVG_NAMESPACE}" class="journeys-map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-labelledby="journeys-map-title journeys-map-desc">'
        f"<style>{SWIMLANE_STYLE}</style>"
        f'<title id="journeys-map-title">{esc(title)}</title>'
        f'<desc id="journeys-map-desc">{esc(description)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>'
        + _text(
            MARGIN,
            MARGIN,
            _wrap(journey.title, width - 2 * MARGIN, bold=True)[:1],
            "journeys-map__title",
            line=22,
        )
        + "".join(body)
        + "".join(lines)
        + "</svg>\n"
    )


def _thoughts(step: Step) -> list[Item]:
    items = [Item(f"“{step.thought}”", "journeys-map__text--thought")] if step.thought else []
    return items + [Item(f"? {question}") for question in step.questions]


def _touchpoint(catalog: Catalog, step: Step) -> list[Item]:
    items = []
    for touchpoint_id in step.touchpoints:
        item = catalog.touchpoints.get(touchpoint_id)
        items.append(Item(item.name if item else touchpoint_id))
    channel = catalog.channel_of(step)
    if channel:
        items.append(Item(channel, "journeys-map__text--quiet"))
    return items


def _pains(catalog: Catalog, step: Step) -> list[Item]:
    pains = [catalog.pain_heads[r.id] for r in step.pains if r.id in catalog.pain_heads]
    return [
        Item(f"{pain.text} ({pain.severity})", f"journeys-map__text--{pain.severity}")
        for pain in pains
    ]


def _opportunities(catalog: Catalog, step: Step) -> list[Item]:
    found = [
        catalog.opportunities[r.id] for r in step.opportunities if r.id in catalog.opportunities
    ]
    return [Item(f"{item.text} ({item.status})") for item in found]


def _metrics(catalog: Catalog, journey: Journey, step: Step) -> list[Item]:
    items = [Item(f"{name}: {number(value)}") for name, value in step.metrics.items()]
    for row in catalog.metrics_of_step(journey, step):
        period = f" ({row.period})" if row.period else ""
        items.append(Item(f"{row.metric}: {number(row.value)}{period}"))
    return items


def _wrap(text: str, width: float, *, bold: bool = False) -> list[str]:
    """Words in lines of at most the characters that fit ``width``; a longer word is cut.
    Greedy and plain (textwrap took most of the time of a site's images)."""
    limit = max(4, int(width / (CHARACTER * (1.15 if bold else 1))))
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > limit:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:limit])
            word = word[limit:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= limit:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def _cell(items: list[Item]) -> tuple[int, list[tuple[list[str], str]]]:
    """A cell's height and its items' lines."""
    lines = [
        (_wrap(item.text, STEP_WIDTH - 2 * PADDING, bold="action" in item.css), item.css)
        for item in items
    ]
    height = sum(len(text) for text, _ in lines) * LINE + max(0, len(lines) - 1) * ITEM_GAP
    return height + 2 * PADDING, lines


def _items(x: float, y: float, items: list[tuple[list[str], str]]) -> list[str]:
    parts = []
    for lines, css in items:
        parts.append(_text(x, y, lines, f"journeys-map__text {css}".strip()))
        y += len(lines) * LINE + ITEM_GAP
    return parts


def _text(x: float, y: float, lines: list[str], css: str, line: int = LINE) -> str:
    """Lines of text whose first line's top is at ``y``."""
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{line if n else line - 4}">{esc(text)}</tspan>'
        for n, text in enumerate(lines)
    )
    return f'<text class="{css}" x="{num(x)}" y="{num(y)}">{spans}</text>'
