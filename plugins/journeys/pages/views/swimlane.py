"""The swimlane map: stages as columns (one column per step), lanes down for what the customer
does, thinks and uses, how they feel, what hurts, what could change, what happens behind the
scenes and what the numbers say. Wide maps scroll sideways; the lane names stay in view."""

from __future__ import annotations

from collections.abc import Callable

from ...catalog import Catalog
from ...format.model import Journey, MetricRow, Step
from ...web import addresses
from ...web.html import a, esc
from ...web.links import Links
from ...web.markup import number
from ..series import left_out_note, shown_series
from .canvas import SWIMLANE, canvas_table, canvas_tools
from .curve import LANE, curve_svg
from .sparkline import metric_html

Cell = Callable[[Step], str]


def swimlane_view(catalog: Catalog, journey: Journey, links: Links) -> str:
    steps = journey.steps
    overlays = _overlays(catalog, journey)
    lanes: list[tuple[str, str, Cell]] = [
        ("actions", "Actions", lambda s: _action(journey, s, links)),
        ("thoughts", "Thoughts and questions", _thoughts),
        ("touchpoints", "Touchpoints and channels", lambda s: _touchpoint(catalog, s, links)),
        ("pains", "Pain points", lambda s: _pains(catalog, s, links)),
        ("opportunities", "Opportunities", lambda s: _opportunities(catalog, s, links)),
        ("backstage", "Backstage", lambda s: "<br>".join(esc(line) for line in s.backstage)),
        ("metrics", "Metrics", lambda s: _metrics(catalog, journey, overlays, s, links)),
    ]
    starts = _stage_starts(journey)
    rows = []
    for key, title, cell in lanes:
        cells = [cell(step) for step in steps]
        if key != "actions" and not any(cells):
            continue  # a lane the map never fills would only be noise
        rows.append((key, _lane(key, title, cells, starts)))
    # The emotion curve sits under the touchpoints, where the journey's high and low points
    # line up with the moments that cause them.
    above = sum(1 for key, _ in rows if key in ("actions", "thoughts", "touchpoints"))
    rows.insert(
        above,
        (
            "emotion",
            '<tr class="journeys-lane journeys-lane--emotion"><th scope="row">Emotion</th>'
            f'<td class="journeys-swimlane__curve" colspan="{len(steps)}">'
            f"{curve_svg(catalog, journey, LANE)}</td></tr>",
        ),
    )
    edge = ' class="journeys-stage-start"'
    stages = "".join(
        f'<th scope="colgroup" colspan="{len(stage.steps)}" id="stage-{stage.id}"'
        f"{edge if n else ''}>{esc(stage.name)}</th>"
        for n, stage in enumerate(s for s in journey.stages if s.steps)
    )
    return "\n".join(
        [
            '<div class="journeys-swimlane journeys-canvas journeys-canvas--swimlane">',
            canvas_tools(links, addresses.image(journey.id, SWIMLANE), "Download the map (SVG)"),
            *canvas_table(
                "journeys-swimlane",
                "Journey map: " + journey.title,
                len(steps),
                stages,
                (row for _, row in rows),
            ),
        ]
    )


def _stage_starts(journey: Journey) -> set[int]:
    """The columns where a new stage begins (after the first), drawn with a stronger edge."""
    starts, index = set(), 0
    for stage in journey.stages:
        if index:
            starts.add(index)
        index += len(stage.steps)
    return starts


def _lane(key: str, title: str, cells: list[str], starts: set[int]) -> str:
    return (
        f'<tr class="journeys-lane journeys-lane--{key}"><th scope="row">{title}</th>'
        + "".join(
            f'<td class="journeys-stage-start">{cell}</td>' if i in starts else f"<td>{cell}</td>"
            for i, cell in enumerate(cells)
        )
        + "</tr>"
    )


def _action(journey: Journey, step: Step, links: Links) -> str:
    # "#step-..." on the journey's page; the journey's page from a query block elsewhere.
    page = addresses.journey(journey.id)
    html = a(
        links.to(page, addresses.step_anchor(step.id)), esc(step.action), "journeys-lane__action"
    )
    if step.next:
        actions = {s.id: s.action for s in journey.steps}
        targets = ", ".join(
            a(links.to(page, addresses.step_anchor(t)), esc(actions[t]))
            for t in step.next
            if t in actions
        )
        html += f' <p class="journeys-lane__next">then: {targets}</p>'
    return html


def _thoughts(step: Step) -> str:
    html = f'<q class="journeys-lane__thought">{esc(step.thought)}</q>' if step.thought else ""
    if step.questions:
        html += (
            '<ul class="journeys-lane__questions">'
            + "".join(f"<li>{esc(q)}</li>" for q in step.questions)
            + "</ul>"
        )
    return html


def _touchpoint(catalog: Catalog, step: Step, links: Links) -> str:
    names = []
    for touchpoint_id in step.touchpoints:
        item = catalog.touchpoints.get(touchpoint_id)
        name = item.name if item else touchpoint_id
        names.append(a(links.to(addresses.touchpoint(touchpoint_id)), esc(name)))
    html = "<br>".join(names)
    channel = catalog.channel_of(step)
    if channel:
        html += f' <span class="journeys-tag">{esc(channel)}</span>'
    return html


def _pains(catalog: Catalog, step: Step, links: Links) -> str:
    items = []
    for ref in step.pains:
        pain = catalog.pain_heads.get(ref.id)
        if pain is None:
            continue
        items.append(
            f'<li class="journeys-severity--{pain.severity}">'
            + a(links.to(addresses.pain_point(pain.id)), esc(pain.text))
            + f' <span class="journeys-badge journeys-badge--{pain.severity}">{pain.severity}'
            "</span></li>"
        )
    return '<ul class="journeys-lane__list">' + "".join(items) + "</ul>" if items else ""


def _opportunities(catalog: Catalog, step: Step, links: Links) -> str:
    items = []
    for ref in step.opportunities:
        item = catalog.opportunities.get(ref.id)
        if item is None:
            continue
        href = links.to(addresses.OPPORTUNITIES, addresses.opportunity_anchor(item.id))
        items.append(
            "<li>"
            + a(href, esc(item.text))
            + f' <span class="journeys-badge journeys-badge--{item.status}">{item.status}</span>'
            + "</li>"
        )
    return '<ul class="journeys-lane__list">' + "".join(items) + "</ul>" if items else ""


def _overlays(catalog: Catalog, journey: Journey) -> dict[str, list[MetricRow]]:
    """The overlay rows of each step (as ``Catalog.metrics_of_step``), in one pass over the
    rows rather than one per step: a large site has thousands of both."""
    by_touchpoint: dict[str, list[MetricRow]] = {}
    by_step: dict[str, list[MetricRow]] = {}
    for row in catalog.metrics:
        if row.touchpoint is not None:
            by_touchpoint.setdefault(row.touchpoint, []).append(row)
        elif row.journey == journey.id and row.step is not None:
            by_step.setdefault(row.step, []).append(row)
    return {
        step.id: by_step.get(step.id, []) + by_touchpoint.get(step.touchpoint or "", [])
        for step in journey.steps
    }


def _metrics(
    catalog: Catalog,
    journey: Journey,
    overlays: dict[str, list[MetricRow]],
    step: Step,
    links: Links,
) -> str:
    here = links.to(addresses.journey(journey.id), addresses.step_anchor(step.id))
    items = [
        f'<li><span class="journeys-metric" data-metric="{esc(name)}">'
        f"{a(here, esc(name), 'journeys-metric__name')} "
        f'<strong class="journeys-metric__value">{number(value)}</strong></span></li>'
        for name, value in step.metrics.items()
    ]
    shown, more = shown_series(overlays.get(step.id, []))
    for series in shown:
        if series.touchpoint:
            item = catalog.touchpoints.get(series.touchpoint)
            via = item.name if item else series.touchpoint
            href = links.to(addresses.touchpoint(series.touchpoint))
            items.append(f"<li>{metric_html(series, href, via)}</li>")
        else:
            items.append(f"<li>{metric_html(series, here)}</li>")
    if more:
        items.append(f'<li class="journeys-metric__more">{esc(left_out_note(more))}</li>')
    return '<ul class="journeys-lane__list">' + "".join(items) + "</ul>" if items else ""
