"""The portfolio: every journey by stage as a heatmap of average emotion and pain count, the
same for each persona, and the pain points ranked across journeys.

On a large site each folder's page is made on its own (``portfolio_makers``) from that folder's
journeys and the pain points they name, so that after an edit only the pages that show it are
made again; their rows come from ``memo.row``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from ...catalog import Catalog
from ...format.model import SEVERITIES, Journey, PainPoint, Stage
from ...format.slug import slugify
from ...format.words import counted
from ...web import addresses
from ...web.html import a, esc
from ...web.links import Links
from ...web.markup import EMOTION_WORDS, front_matter, link, relative, score, sortable, table
from ..indexes import group_title, journeys_by_group
from ..items import PersonaNames, named_persona_links, persona_names, severity_rank
from ..memo import row

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
    rows = [
        row(("heat", label, journey.id), (journey, links, width), _heat_row) for journey in journeys
    ]
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


def _heat_row(journey: Journey, links: Links, width: int) -> str:
    page = addresses.journey(journey.id)
    # The whole journey as one pseudo-stage (its id is empty) in the first column.
    total = cell_of(journey, Stage("", "Whole journey", journey.where, journey.steps))
    cells = [_heat_cell(total, links.to(page), "whole journey", whole=True) if total else _NO_STEPS]
    for stage in journey.stages:
        cell = cell_of(journey, stage)
        cells.append(
            _heat_cell(cell, links.to(page, f"stage-{stage.id}"), stage.name) if cell else _NO_STEPS
        )
    cells += ['<td class="journeys-heat--empty"></td>'] * (width - len(journey.stages))
    state = ' <span class="journeys-tag">future</span>' if journey.state == "future" else ""
    return (
        f'<tr><th scope="row">{a(links.to(page), esc(journey.title))}{state}</th>'
        f"{''.join(cells)}</tr>"
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
    return _ranked(catalog.pain_points.values())


def _ranked(pains: Iterable[PainPoint]) -> list[Priority]:
    ranked = [
        item for pain in pains if (item := row(("rank", pain.id), (pain,), _priority)) is not None
    ]
    return sorted(ranked, key=lambda p: (-p.value, severity_rank(p.pain), p.pain.id))


def _priority(pain: PainPoint) -> Priority | None:
    journeys: dict[str, Journey] = {}
    for occurrence in pain.occurrences:
        if occurrence.journey.state == "current":
            journeys.setdefault(occurrence.journey.id, occurrence.journey)
    if not journeys:
        return None
    personas = sorted({p for j in journeys.values() for p in j.personas})
    return Priority(pain, list(journeys.values()), personas)


def folder_priorities(catalog: Catalog, journeys: list[Journey]) -> list[Priority]:
    """The priorities of the pain points on some current-state journeys, ranked as in
    ``priorities``: reading only the pain points those journeys name."""
    mine = {j.id for j in journeys}
    named = dict.fromkeys(ref.id for j in journeys for step in j.steps for ref in step.pains)
    pains = (pain for pain_id in named if (pain := catalog.pain_points.get(pain_id)))
    return [item for item in _ranked(pains) if any(j.id in mine for j in item.journeys)]


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


def _journey_list(pain_id: str, journeys: tuple[tuple[str, str], ...], uri: str) -> str:
    """At most ``ROW_JOURNEYS`` journeys (id, title); the pain point's page lists every one."""
    shown = [link(title, relative(uri, addresses.journey(j))) for j, title in journeys]
    if len(shown) > ROW_JOURNEYS:
        rest = len(shown) - ROW_JOURNEYS
        more = link(f"and {rest} more", relative(uri, addresses.pain_point(pain_id)))
        shown = [*shown[:ROW_JOURNEYS], more]
    return "<br>".join(shown)


def _priority_table(catalog: Catalog, ranked: list[Priority], uri: str) -> str:
    rows = []
    for item in ranked:
        pain = item.pain
        fixes = catalog.opportunities_fixing(pain.id)
        fixed_by = (
            f"{len(fixes)} ({', '.join(sorted({o.status for o in fixes}))})"
            if fixes
            else "nothing yet"
        )
        inputs = (
            uri,
            pain.id,
            pain.text,
            pain.severity,
            tuple((j.id, j.title) for j in item.journeys),
            persona_names(catalog, item.personas),
            item.value,
            fixed_by,
        )
        rows.append(row(("priority", pain.id), inputs, _priority_row))
    return table(("Pain point", "Severity", "Journeys", "Personas", "Priority", "Fixed by"), rows)


def _priority_row(
    uri: str,
    pain_id: str,
    pain_text: str,
    severity: str,
    journeys: tuple[tuple[str, str], ...],
    personas: PersonaNames,
    value: int,
    fixed_by: str,
) -> list[str]:
    return [
        link(pain_text, relative(uri, addresses.pain_point(pain_id))),
        severity,
        _journey_list(pain_id, journeys, uri),
        named_persona_links(personas, uri),
        str(value),
        fixed_by,
    ]


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
    catalog: Catalog,
    journeys: list[Journey],
    ranked: list[Priority],
    links: Links,
    every_persona: bool,
) -> list[str]:
    """The heatmaps of some journeys, overall and by persona, and the priorities of their pains.
    A folder's page (not ``every_persona``) names only the personas who walk its journeys."""
    uri = links.page
    parts = ["## Journeys by stage"]
    if journeys:
        parts.append(heatmap(journeys, links, "Average emotion and pain points by stage"))
    else:
        parts.append("No journey yet.")
    parts.append("## By persona")
    for persona in catalog.personas.values():
        walked = [j for j in journeys if persona.id in j.personas]
        if not walked and not every_persona:
            continue
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
    folder_rows = [
        row(("folder", part.uri), (uri, part.title, part.uri, part.journeys), _folder_row)
        for part in parts
    ]
    persona_rows = []
    for persona in catalog.personas.values():
        walked = [j for j in catalog.journeys.values() if persona.id in j.personas]
        where = tuple(
            (p.title, p.uri) for p in parts if any(persona.id in j.personas for j in p.journeys)
        )
        inputs = (uri, persona.id, persona.name, walked, where)
        persona_rows.append(row(("persona", persona.id), inputs, _persona_row))
    shown = ranked[:SUMMARY_PRIORITIES]
    sections = [
        front_matter(
            title="Portfolio", description="Every folder of journeys, every persona, top pains"
        ),
        f"{len(catalog.journeys):,} journeys: too many for one heatmap, so each folder has a "
        "page of its own with its journeys by stage and by persona, and the priorities of the "
        "pain points on them. The tables sort by any column and filter by text.",
        _next_link(uri),
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


def _folder_row(uri: str, title: str, page: str, journeys: list[Journey]) -> list[str]:
    lowest = min(
        (j for j in journeys if j.average_emotion is not None),
        key=lambda j: (j.average_emotion, j.title.lower(), j.id),
        default=None,
    )
    return [
        link(title, relative(uri, page)),
        str(len(journeys)),
        score(_average(journeys)),
        str(_pain_count(journeys)),
        f"{link(lowest.title, relative(uri, addresses.journey(lowest.id)))} "
        f"({score(lowest.average_emotion)})"
        if lowest
        else "",
    ]


def _persona_row(
    uri: str,
    persona_id: str,
    name: str,
    walked: list[Journey],
    where: tuple[tuple[str, str], ...],
) -> list[str]:
    """``where``: the (title, page) of each folder page that shows the persona's journeys."""
    return [
        link(name, relative(uri, addresses.persona(persona_id))),
        str(len(walked)),
        score(_average(walked)),
        str(_pain_count(walked)),
        ", ".join(link(title, relative(uri, page)) for title, page in where),
    ]


def _folder_page(catalog: Catalog, part: FolderPart, links: Links) -> str:
    uri = part.uri
    sections = [
        front_matter(
            title=f"Portfolio: {part.title}",
            description="The journeys of one folder by stage and by persona, and their pains",
        ),
        f"[Portfolio: every folder]({relative(uri, addresses.PORTFOLIO)})",
        f"{counted(len(part.journeys), 'journey')}. {_HEATMAP_INTRO}",
    ]
    ranked = folder_priorities(catalog, part.journeys)
    sections += _detail(catalog, part.journeys, ranked, links, every_persona=False)
    return "\n\n".join(sections) + "\n"


def _next_link(uri: str) -> str:
    # A link on its own: in a sentence, Material's links differ from the text by colour only.
    return (
        "[What to do next: the opportunities ranked by impact, effort and the pain they fix]"
        f"({relative(uri, addresses.BACKLOG)}#what-to-do-next)"
    )


PortfolioMaker = tuple[str, Callable[[Catalog], list[tuple[str, str]]]]


def portfolio_makers(catalog: Catalog, directory_urls: bool = True) -> list[PortfolioMaker]:
    """How to make the portfolio's pages: (a name, pages from a catalog) each.

    On a large site a folder's page is made on its own, from the journeys of its folder (read
    by ``Catalog.journeys_in_folder``) and the pain points they name; the folders' layout
    (which page shows which slice of which folder) is in its name, so that a page whose slice
    moves is a new one.
    """
    if len(catalog.journeys) <= PAGE_JOURNEYS:
        return [(f"{addresses.PORTFOLIO} whole", partial(_whole, directory_urls=directory_urls))]
    makers: list[PortfolioMaker] = [(f"{addresses.PORTFOLIO} summary", _summary_page)]
    for part in folder_parts(catalog):
        render = partial(
            _folder_part,
            group=part.group,
            uri=part.uri,
            number=part.part,
            parts=part.parts,
            directory_urls=directory_urls,
        )
        makers.append((f"{part.uri} {(part.group, part.part, part.parts)!r}", render))
    return makers


def render_portfolio_pages(catalog: Catalog, directory_urls: bool = True) -> list[tuple[str, str]]:
    """The portfolio page, and a page per folder when there are too many journeys for one."""
    makers = portfolio_makers(catalog, directory_urls)
    return [page for _, render in makers for page in render(catalog)]


def _whole(catalog: Catalog, directory_urls: bool) -> list[tuple[str, str]]:
    """The portfolio of a small site: every journey on one page."""
    uri = addresses.PORTFOLIO
    journeys = [j for _, group in journeys_by_group(catalog) for j in group]
    sections = [
        front_matter(
            title="Portfolio",
            description="Every journey by stage, by persona, and pain priorities",
        ),
        _HEATMAP_INTRO,
        _next_link(uri),
        *_detail(
            catalog, journeys, priorities(catalog), Links(uri, directory_urls), every_persona=True
        ),
    ]
    return [(uri, "\n\n".join(sections) + "\n")]


def _summary_page(catalog: Catalog) -> list[tuple[str, str]]:
    uri = addresses.PORTFOLIO
    return [(uri, _summary(catalog, folder_parts(catalog), priorities(catalog), uri))]


def _folder_part(
    catalog: Catalog, group: str, uri: str, number: int, parts: int, directory_urls: bool
) -> list[tuple[str, str]]:
    """The page of one slice of one folder's journeys."""
    start = (number - 1) * PAGE_JOURNEYS
    journeys = catalog.journeys_in_folder(group)[start : start + PAGE_JOURNEYS]
    title = group_title(catalog, group) if group else "Top-level journeys"
    part = FolderPart(group, title, uri, journeys, number, parts)
    return [(uri, _folder_page(catalog, part, Links(uri, directory_urls)))]
