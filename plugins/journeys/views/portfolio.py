"""The portfolio: every journey by stage as a heatmap of average emotion and pain count, the
same for each persona, and the pain points ranked across journeys."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import SEVERITIES, Journey, PainPoint, Stage
from ..render import addresses
from ..render.indexes import journeys_by_group
from ..render.items import persona_links, severity_rank
from ..render.markup import EMOTION_WORDS, front_matter, link, relative, score, table
from .html import a, esc
from .links import Links

# Severity weights for the priority score: critical counts four times as much as low.
SEVERITY_WEIGHT = {severity: rank + 1 for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Cell:
    journey: Journey
    stage: Stage
    average: float
    pains: int


def cell_of(journey: Journey, stage: Stage) -> Cell | None:
    if not stage.steps:
        return None
    average = sum(step.emotion for step in stage.steps) / len(stage.steps)
    pains = len({ref.id for step in stage.steps for ref in step.pains})
    return Cell(journey, stage, average, pains)


def heat_class(average: float) -> str:
    """Half-point buckets: ``journeys-heat--25`` for an average from 2.25 up to 2.75."""
    bucket = min(50, max(10, math.floor(average * 2 + 0.5) * 5))
    return f"journeys-heat--{bucket}"


def _pains_label(count: int) -> str:
    return "no pains" if count == 0 else "1 pain" if count == 1 else f"{count} pains"


def _heat_cell(cell: Cell, href: str, name: str, *, whole: bool = False) -> str:
    title = (
        f"{cell.journey.title}, {name}: average emotion {score(cell.average)} over "
        f"{len(cell.stage.steps)} steps, {_pains_label(cell.pains)}"
    )
    # The whole-journey column needs no name in each cell: its header says it.
    # Spaces between the parts: they read as separate words without the stylesheet too.
    label = "" if whole else f'<span class="journeys-heat__stage">{esc(name)}</span> '
    return (
        f'<td class="journeys-heat {heat_class(cell.average)}'
        f'{" journeys-heat--whole" if whole else ""}" data-journey="{cell.journey.id}" '
        f'data-stage="{cell.stage.id}" data-average="{score(cell.average)}" '
        f'data-pains="{cell.pains}" title="{esc(title)}"><a href="{href}">{label}'
        f'<span class="journeys-heat__average">{score(cell.average)}</span> '
        f'<span class="journeys-heat__pains">{_pains_label(cell.pains)}</span></a></td>'
    )


_NO_STEPS = '<td class="journeys-heat journeys-heat--none"></td>'


def heatmap(journeys: list[Journey], links: Links, label: str) -> str:
    """One row per journey: the whole journey, then its stages in its own order.

    Journeys seldom share their stages, so stages are not forced into common columns (that
    leaves a sparse grid); each cell names its stage, and maps that keep stage ids (a current
    map and its future state) line up stage by stage.
    """
    width = max((len(j.stages) for j in journeys), default=0)
    head = "".join(f'<th scope="col">Stage {n}</th>' for n in range(1, width + 1))
    rows = []
    for journey in journeys:
        page = addresses.journey(journey.id)
        # The whole journey as one pseudo-stage (its id is empty) in the first column.
        total = cell_of(journey, Stage("", "Whole journey", journey.where, journey.steps))
        cells = [
            _heat_cell(total, links.to(page), "whole journey", whole=True) if total else _NO_STEPS
        ]
        for stage in journey.stages:
            cell = cell_of(journey, stage)
            cells.append(
                _heat_cell(cell, links.to(page, f"stage-{stage.id}"), stage.name)
                if cell
                else _NO_STEPS
            )
        cells += ['<td class="journeys-heat--empty"></td>'] * (width - len(journey.stages))
        state = ' <span class="journeys-tag">future</span>' if journey.state == "future" else ""
        rows.append(
            f'<tr><th scope="row">{a(links.to(page), esc(journey.title))}{state}</th>'
            f"{''.join(cells)}</tr>"
        )
    return "\n".join(
        [
            '<div class="journeys-heatmap">',
            f'<div class="journeys-heatmap__scroll" role="region" tabindex="0" '
            f'aria-label="{esc(label)}">',
            '<table class="journeys-heatmap__table">',
            f"<caption>{esc(label)}</caption>",
            f'<thead><tr><th scope="col">Journey</th><th scope="col">Whole journey</th>{head}'
            "</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
            _legend(),
            "</div>",
        ]
    )


def _legend() -> str:
    keys = "".join(
        f'<li><span class="journeys-heat journeys-heat--{value * 10}"></span>{value} {word}</li>'
        for value, word in sorted(EMOTION_WORDS.items())
    )
    return f'<ul class="journeys-heatmap__legend" aria-label="Colour key">{keys}</ul>'


@dataclass(frozen=True)
class Priority:
    pain: PainPoint
    journeys: list[Journey]
    personas: list[str]

    @property
    def value(self) -> int:
        return SEVERITY_WEIGHT[self.pain.severity] * len(self.journeys) * len(self.personas)


def priorities(catalog: Catalog) -> list[Priority]:
    """Pain points on current-state maps, highest priority first: severity weight × the number
    of journeys × the number of personas it reaches. Future-state maps describe pains that are
    planned, not felt, so they do not add reach."""
    ranked = []
    for pain in catalog.pain_points.values():
        journeys: dict[str, Journey] = {}
        for occurrence in pain.occurrences:
            if occurrence.journey.state == "current":
                journeys.setdefault(occurrence.journey.id, occurrence.journey)
        if not journeys:
            continue
        personas = sorted({p for j in journeys.values() for p in j.personas})
        ranked.append(Priority(pain, list(journeys.values()), personas))
    return sorted(ranked, key=lambda p: (-p.value, severity_rank(p.pain), p.pain.id))


def render_portfolio_page(catalog: Catalog, directory_urls: bool = True) -> str:
    uri = addresses.PORTFOLIO
    links = Links(uri, directory_urls)
    journeys = [j for _, group in journeys_by_group(catalog) for j in group]
    parts = [
        front_matter(
            title="Portfolio", description="Every journey by stage, by persona, and pain priorities"
        ),
        "Each cell is one stage of one journey: its average emotion, from 1 (very bad) to "
        "5 (delighted), and how many pain points occur there. Stages are matched across "
        "journeys by id. A cell links to the stage on its map.",
        "## Journeys by stage",
    ]
    if journeys:
        parts.append(heatmap(journeys, links, "Average emotion and pain points by stage"))
    else:
        parts.append("No journey yet.")
    parts.append("## By persona")
    for persona in catalog.personas.values():
        parts.append(f"### {link(persona.name, relative(uri, addresses.persona(persona.id)))}")
        walked = [j for j in journeys if persona.id in j.personas]
        parts.append(
            heatmap(walked, links, f"Journeys of {persona.name} by stage")
            if walked
            else "No journey names this persona yet."
        )
    parts.append("## Pain priorities")
    parts.append(
        "Priority = severity weight (low 1, medium 2, high 3, critical 4) × the number of "
        "current-state journeys where the pain occurs × the number of personas who walk them."
    )
    ranked = priorities(catalog)
    rows = []
    for item in ranked:
        fixes = catalog.opportunities_fixing(item.pain.id)
        rows.append(
            [
                link(item.pain.text, relative(uri, addresses.pain_point(item.pain.id))),
                item.pain.severity,
                "<br>".join(
                    link(j.title, relative(uri, addresses.journey(j.id))) for j in item.journeys
                ),
                persona_links(catalog, item.personas, uri),
                str(item.value),
                f"{len(fixes)} ({', '.join(sorted({o.status for o in fixes}))})"
                if fixes
                else "nothing yet",
            ]
        )
    parts.append(
        table(("Pain point", "Severity", "Journeys", "Personas", "Priority", "Fixed by"), rows)
        if rows
        else "No pain point on a current-state map."
    )
    return "\n\n".join(parts) + "\n"
