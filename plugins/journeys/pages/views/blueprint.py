"""The service blueprint: what makes each step happen, under the step, in blueprint order.

Physical evidence, the customer's actions, then across the line of interaction what staff do in
the customer's view (frontstage), across the line of visibility what they do out of view
(backstage), and across the line of internal interaction the systems and processes behind them
(support). Columns are the steps, grouped by stage, as in the swimlane map. The lines are rows of
their own with a label, so the table reads the same as text, to a screen reader, and in print.
"""

from __future__ import annotations

from ...format.model import LANE_TITLES, Journey, Step
from ...web import addresses
from ...web.html import a, esc
from ...web.links import Links
from .canvas import canvas_table

# Top to bottom: (lane, or the line drawn above the next lane).
ORDER = (
    ("lane", "physical_evidence"),
    ("lane", "actions"),
    ("line", "interaction"),
    ("lane", "frontstage"),
    ("line", "visibility"),
    ("lane", "backstage"),
    ("line", "internal-interaction"),
    ("lane", "support"),
)
LINE_TITLES = {
    "interaction": "Line of interaction",
    "visibility": "Line of visibility",
    "internal-interaction": "Line of internal interaction",
}
LINE_MEANINGS = {
    "interaction": "the customer and staff meet",
    "visibility": "what the customer cannot see",
    "internal-interaction": "staff and the systems behind them",
}


def uses_lanes(journey: Journey) -> bool:
    """Whether a step of the map fills a blueprint lane: only then is a blueprint drawn.

    ``backstage`` alone does not count: maps had it before blueprints, in the swimlane map,
    and a map that uses no new lane keeps the page it had."""
    return any(step.frontstage or step.support or step.physical_evidence for step in journey.steps)


def blueprint_view(journey: Journey, links: Links) -> str:
    """The blueprint of a map that uses any lane, as an HTML block ("" for one that uses none)."""
    if not uses_lanes(journey):
        return ""
    steps = journey.steps
    rows = []
    for kind, name in ORDER:
        if kind == "line":
            # The label in the lane column (it stays in view as the map scrolls), the rule
            # drawn across the steps' cell, which says what lies below it.
            rows.append(
                f'<tr class="journeys-blueprint__line journeys-blueprint__line--{name}">'
                f'<th scope="row">{LINE_TITLES[name]}</th>'
                f'<td class="journeys-blueprint__rule" colspan="{len(steps)}">'
                f'<span class="journeys-blueprint__line-meaning">below: '
                f"{LINE_MEANINGS[name]}</span></td></tr>"
            )
            continue
        title = "Customer actions" if name == "actions" else LANE_TITLES[name]
        cells = "".join(f"<td>{_cell(journey, step, name, links)}</td>" for step in steps)
        rows.append(
            f'<tr class="journeys-blueprint__lane journeys-blueprint__lane--{name}">'
            f'<th scope="row">{title}</th>{cells}</tr>'
        )
    stages = "".join(
        f'<th scope="colgroup" colspan="{len(stage.steps)}">{esc(stage.name)}</th>'
        for stage in journey.stages
        if stage.steps
    )
    return "\n".join(
        [
            # A map canvas (canvas.js): the window's width, full screen, printed whole.
            '<div class="journeys-blueprint journeys-canvas journeys-canvas--blueprint">',
            '<p class="journeys-blueprint__legend">Read each step down: what the customer sees, '
            "what they do, and across each line what staff do in view, out of view, and the "
            "systems behind them.</p>",
            '<p class="journeys-canvas__tools"></p>',
            *canvas_table(
                "journeys-blueprint",
                "Service blueprint: " + journey.title,
                len(steps),
                stages,
                rows,
            ),
        ]
    )


def _cell(journey: Journey, step: Step, lane: str, links: Links) -> str:
    if lane == "actions":
        page = addresses.journey(journey.id)
        return a(links.to(page, addresses.step_anchor(step.id)), esc(step.action))
    texts: list[str] = getattr(step, lane)
    if len(texts) == 1:
        return esc(texts[0])
    return "".join(f"<p>{esc(text)}</p>" for text in texts)
