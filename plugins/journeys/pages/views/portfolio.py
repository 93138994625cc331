"""The portfolio: every journey by stage as a heatmap of average emotion and pain count, the
same for each persona, and the pain points ranked across journeys."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...catalog import Catalog
from ...format.model import SEVERITIES, Journey, PainPoint, Stage
from ...format.slug import slugify
from ...format.words import counted
from ...web import addresses
from ...web.html import a, esc
from ...web.links import Links
from ...web.markup import EMOTION_WORDS, front_matter, link, relative, score, table
from ..indexes import group_title, journeys_by_group, sortable
from ..items import persona_links, severity_rank

# Above this many journeys the portfolio page sums up each folder and persona, and each folder
# gets a page of its own (a large folder one per this many journeys): a heatmap row is about
# 2 kB, twice that with the persona heatmaps, so no page grows past a megabyte or two.
PAGE_JOURNEYS = 200
# The pain priorities the summary ranks; each folder's page ranks every pain on its journeys.
SUMMARY_PRIORITIES = 100
# Journeys named in a priority row; the rest link to the pain point's page, which lists all.
ROW_JOURNEYS = 10

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
    return "no pains" if count == 0 else counted(count, "pain")


def _heat_cell(cell: Cell, href: str, name: str, *, whole: bool = False) -> str:
    title = (
        f"{cell.journey.title}, {name}: average emotion {score(cell.average)} over "
        f"{counted(len(cell.stage.steps), 'step')}, {_pains_label(cell.pains)}"
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


@dataclass(frozen=True)
class FolderPart:
    """The portfolio page of one folder's journeys, or of a slice of a large folder."""

    group: str
    name: str  # the folder's title
    uri: str
    journeys: list[Journey]
    part: int  # 1-based
    parts: int

    @property
    def title(self) -> str:
        name = self.name
        return name if self.parts == 1 else f"{name} (part {self.part} of {self.parts})"


def folder_parts(catalog: Catalog) -> list[FolderPart]:
    """Each folder's journeys in slices of at most ``PAGE_JOURNEYS``, with a page name each."""
    parts: list[FolderPart] = []
    taken: set[str] = set()
    for group, journeys in journeys_by_group(catalog):
        base = slugify(group) or "top-level"
        slices = [
            journeys[start : start + PAGE_JOURNEYS]
            for start in range(0, len(journeys), PAGE_JOURNEYS)
        ]
        for number, chunk in enumerate(slices, start=1):
            name = base if number == 1 else f"{base}-part-{number}"
            # Two folders can share a slug ("a b" and "a-b"): the later one gets a suffix.
            unique, suffix = name, 2
            while addresses.portfolio_part(unique) in taken:
                unique, suffix = f"{name}-{suffix}", suffix + 1
            uri = addresses.portfolio_part(unique)
            taken.add(uri)
            title = group_title(catalog, group) if group else "Top-level journeys"
            parts.append(FolderPart(group, title, uri, chunk, number, len(slices)))
    return parts


def _journey_list(item: Priority, uri: str) -> str:
    """At most ``ROW_JOURNEYS`` journeys; the pain point's page lists every one."""
    shown = [link(j.title, relative(uri, addresses.journey(j.id))) for j in item.journeys]
    if len(shown) > ROW_JOURNEYS:
        rest = len(shown) - ROW_JOURNEYS
        more = link(f"and {rest} more", relative(uri, addresses.pain_point(item.pain.id)))
        shown = [*shown[:ROW_JOURNEYS], more]
    return "<br>".join(shown)


def _priority_table(catalog: Catalog, ranked: list[Priority], uri: str) -> str:
    rows = []
    for item in ranked:
        fixes = catalog.opportunities_fixing(item.pain.id)
        rows.append(
            [
                link(item.pain.text, relative(uri, addresses.pain_point(item.pain.id))),
                item.pain.severity,
                _journey_list(item, uri),
                persona_links(catalog, item.personas, uri),
                str(item.value),
                f"{len(fixes)} ({', '.join(sorted({o.status for o in fixes}))})"
                if fixes
                else "nothing yet",
            ]
        )
    return table(("Pain point", "Severity", "Journeys", "Personas", "Priority", "Fixed by"), rows)


_HEATMAP_INTRO = (
    "Each cell is one stage of one journey: its average emotion, from 1 (very bad) to "
    "5 (delighted), and how many pain points occur there. Stages are matched across "
    "journeys by id. A cell links to the stage on its map."
)
_PRIORITY_RULE = (
    "Priority = severity weight (low 1, medium 2, high 3, critical 4) × the number of "
    "current-state journeys where the pain occurs × the number of personas who walk them."
)


def _detail(
    catalog: Catalog, journeys: list[Journey], ranked: list[Priority], links: Links
) -> list[str]:
    """The heatmaps of some journeys, overall and by persona, and the priorities of their pains."""
    uri = links.page
    parts = ["## Journeys by stage"]
    if journeys:
        parts.append(heatmap(journeys, links, "Average emotion and pain points by stage"))
    else:
        parts.append("No journey yet.")
    parts.append("## By persona")
    for persona in catalog.personas.values():
        walked = [j for j in journeys if persona.id in j.personas]
        if not walked and len(journeys) < len(catalog.journeys):
            continue  # a folder's page names only the personas who walk its journeys
        parts.append(f"### {link(persona.name, relative(uri, addresses.persona(persona.id)))}")
        parts.append(
            heatmap(walked, links, f"Journeys of {persona.name} by stage")
            if walked
            else "No journey names this persona yet."
        )
    parts += ["## Pain priorities", _PRIORITY_RULE]
    parts.append(
        _priority_table(catalog, ranked, uri) if ranked else "No pain point on a current-state map."
    )
    return parts


def _average(journeys: list[Journey]) -> float | None:
    scores = [step.emotion for j in journeys for step in j.steps]
    return sum(scores) / len(scores) if scores else None


def _pain_count(journeys: list[Journey]) -> int:
    return len({ref.id for j in journeys for step in j.steps for ref in step.pains})


def _summary(catalog: Catalog, parts: list[FolderPart], ranked: list[Priority], uri: str) -> str:
    """The portfolio page of a large site: a row per folder and per persona, the top pains."""
    folder_rows = []
    for part in parts:
        lowest = min(
            (j for j in part.journeys if j.average_emotion is not None),
            key=lambda j: (j.average_emotion, j.title.lower(), j.id),
            default=None,
        )
        folder_rows.append(
            [
                link(part.title, relative(uri, part.uri)),
                str(len(part.journeys)),
                score(_average(part.journeys)),
                str(_pain_count(part.journeys)),
                f"{link(lowest.title, relative(uri, addresses.journey(lowest.id)))} "
                f"({score(lowest.average_emotion)})"
                if lowest
                else "",
            ]
        )
    persona_rows = []
    for persona in catalog.personas.values():
        walked = [j for j in catalog.journeys.values() if persona.id in j.personas]
        where = [p for p in parts if any(persona.id in j.personas for j in p.journeys)]
        persona_rows.append(
            [
                link(persona.name, relative(uri, addresses.persona(persona.id))),
                str(len(walked)),
                score(_average(walked)),
                str(_pain_count(walked)),
                ", ".join(link(p.title, relative(uri, p.uri)) for p in where),
            ]
        )
    shown = ranked[:SUMMARY_PRIORITIES]
    sections = [
        front_matter(
            title="Portfolio", description="Every folder of journeys, every persona, top pains"
        ),
        f"{len(catalog.journeys):,} journeys: too many for one heatmap, so each folder has a "
        "page of its own with its journeys by stage and by persona, and the priorities of the "
        "pain points on them. The tables sort by any column and filter by text.",
        "## Folders",
        sortable(
            table(
                ("Folder", "Journeys", "Average emotion", "Pain points", "Lowest journey"),
                folder_rows,
            )
        ),
        "## By persona",
        sortable(
            table(
                ("Persona", "Journeys", "Average emotion", "Pain points", "Folders"), persona_rows
            )
        ),
        "## Pain priorities",
        _PRIORITY_RULE,
    ]
    if len(shown) < len(ranked):
        sections.append(
            f"The {len(shown)} highest of {len(ranked):,}: each folder's page ranks the pain "
            "points on its journeys, and the "
            f"[pain points index]({relative(uri, addresses.PAIN_POINTS)}) lists every one."
        )
    sections.append(
        _priority_table(catalog, shown, uri) if shown else "No pain point on a current-state map."
    )
    return "\n\n".join(sections) + "\n"


def _folder_page(catalog: Catalog, part: FolderPart, ranked: list[Priority], links: Links) -> str:
    uri = part.uri
    mine = {j.id for j in part.journeys}
    sections = [
        front_matter(
            title=f"Portfolio: {part.title}",
            description="The journeys of one folder by stage and by persona, and their pains",
        ),
        f"[Portfolio: every folder]({relative(uri, addresses.PORTFOLIO)})",
        f"{counted(len(part.journeys), 'journey')}. {_HEATMAP_INTRO}",
    ]
    sections += _detail(
        catalog,
        part.journeys,
        [item for item in ranked if any(j.id in mine for j in item.journeys)],
        links,
    )
    return "\n\n".join(sections) + "\n"


def render_portfolio_pages(catalog: Catalog, directory_urls: bool = True) -> list[tuple[str, str]]:
    """The portfolio page, and a page per folder when there are too many journeys for one."""
    uri = addresses.PORTFOLIO
    ranked = priorities(catalog)
    if len(catalog.journeys) <= PAGE_JOURNEYS:
        journeys = [j for _, group in journeys_by_group(catalog) for j in group]
        sections = [
            front_matter(
                title="Portfolio",
                description="Every journey by stage, by persona, and pain priorities",
            ),
            _HEATMAP_INTRO,
            *_detail(catalog, journeys, ranked, Links(uri, directory_urls)),
        ]
        return [(uri, "\n\n".join(sections) + "\n")]
    parts = folder_parts(catalog)
    return [(uri, _summary(catalog, parts, ranked, uri))] + [
        (part.uri, _folder_page(catalog, part, ranked, Links(part.uri, directory_urls)))
        for part in parts
    ]
