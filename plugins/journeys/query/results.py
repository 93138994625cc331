"""A query block as Markdown: a table of the rows it selects, or a journey's diagram."""

from __future__ import annotations

import dataclasses

from ..catalog import Catalog
from ..format.model import Journey
from ..format.problems import Problem, Problems
from ..pages.items import journey_link
from ..pages.journey import diagram, diagram_block
from ..pages.views.swimlane import swimlane_view
from ..web import addresses
from ..web.links import Links
from ..web.markup import relative, sortable, table, text
from .kinds import JOURNEY_DIAGRAM, Item, Kind
from .language import Query, hint
from .select import select


def render_table(
    catalog: Catalog,
    kind: Kind[Item],
    query: Query,
    page_uri: str,
    *,
    sortable_in_page: bool = True,
) -> str:
    """The rows as a table (sortable in a page), or a sentence that says nothing matches."""
    rows = select(catalog, kind, query)
    noun = kind.noun
    if not rows:
        asked = f" ({text(query.describe())})" if query.conditions else ""
        return f'<p class="journeys-query-empty">No {noun} match this query{asked}.</p>'
    shown = rows[: query.limit] if query.limit else rows
    names = query.columns or kind.default_columns
    columns = [kind.columns[name] for name in names]
    body = [[column.cell(catalog, row, page_uri) for column in columns] for row in shown]
    markdown = table([column.header for column in columns], body)
    if sortable_in_page:
        markdown = sortable(markdown)
    if len(shown) < len(rows):
        markdown += f"\n\n*The first {len(shown)} of {len(rows)} {noun}.*"
    return markdown


def render_diagrams(
    catalog: Catalog, query: Query, page_uri: str, path: str, directory_urls: bool
) -> tuple[str, list[Problem]]:
    """Each journey the block names, drawn as a Mermaid diagram or a swimlane map."""
    problems = Problems()
    stages = [str(s) for s in query.values_of("stage")]
    parts = []
    for journey_id in dict.fromkeys(str(j) for j in query.values_of("journey")):
        journey = catalog.journeys[journey_id]
        chosen = [s for s in journey.stages if not stages or s.id in stages]
        title = f"**{journey_link(journey, page_uri)}**"
        if stages:
            title += ": " + ", ".join(text(s.name) for s in chosen)
        parts.append(title)
        if not any(stage.steps for stage in chosen):
            parts.append('<p class="journeys-query-empty">No steps match this query.</p>')
            continue
        part = dataclasses.replace(journey, stages=chosen)
        if query.view == "swimlane":
            parts.append(
                swimlane_view(catalog, part, Links(page_uri, directory_urls, generated=False))
            )
        else:
            parts.append(_diagram(catalog, part, page_uri))
    known = list(
        dict.fromkeys(
            s.id for j in query.values_of("journey") for s in catalog.journeys[str(j)].stages
        )
    )
    for stage in stages:
        if stage not in known:
            problems.warning(
                path,
                next(c.line for c in query.conditions if c.field.name == "stage"),
                f"{JOURNEY_DIAGRAM}.stage",
                f"no stage '{stage}' in the journeys of this block "
                f"({hint(stage, known, 'their stages')})",
            )
    return "\n\n".join(parts), problems.sorted()


def _diagram(catalog: Catalog, journey: Journey, page_uri: str) -> str:
    page = relative(page_uri, addresses.journey(journey.id))
    source = diagram(catalog, journey, "The journey's page gives every step in text.")
    return diagram_block(source, journey, f"The [journey's page]({page}) gives every step.")
