"""The opportunity backlog: every opportunity on a board by status, with its owner, the pain
points it fixes and where it occurs; then the pain points that nothing fixes yet."""

from __future__ import annotations

from ...catalog import Catalog
from ...format.model import STATUSES, Opportunity, PainPoint
from ...format.words import counted
from ...web import addresses
from ...web.html import a, esc
from ...web.links import Links
from ...web.markup import front_matter, link, relative, table
from ..items import severity_rank
from ..memo import row
from .scoring import scoring_sections

# The unfixed pain points the backlog lists, most severe first: past a few hundred a table is no
# longer read, and on a large site it would make the page many megabytes. The pain-points index
# lists every one (its "Fixed by" column says "none"), and the page says so.
UNFIXED_ROWS = 500
# Journeys named in one row; the pain point's page lists the rest.
ROW_JOURNEYS = 10

STATUS_TITLES = {"idea": "Idea", "planned": "Planned", "in-progress": "In progress", "done": "Done"}


def _card(catalog: Catalog, item: Opportunity, links: Links) -> str:
    pains = [catalog.pain_points[p] for p in item.fixes if p in catalog.pain_points]
    fixed = tuple(
        (p.id, p.text, p.severity) for p in sorted(pains, key=lambda p: (severity_rank(p), p.id))
    )
    return row(("card", item.id), (item, fixed, links), _card_of)


def _card_of(item: Opportunity, pains: tuple[tuple[str, str, str], ...], links: Links) -> str:
    """``pains``: the (id, text, severity) of each pain point it fixes, most severe first."""
    fixes = (
        '<ul class="journeys-card__fixes">'
        + "".join(
            "<li>"
            + a(links.to(addresses.pain_point(pain_id)), esc(pain_text))
            + f' <span class="journeys-badge journeys-badge--{severity}">{severity}</span>'
            "</li>"
            for pain_id, pain_text, severity in pains
        )
        + "</ul>"
        if pains
        else '<p class="journeys-card__none">Fixes no recorded pain point.</p>'
    )
    journeys = {o.journey.id: o.journey for o in item.occurrences}
    where = ", ".join(a(links.to(addresses.journey(j.id)), esc(j.title)) for j in journeys.values())
    owner = esc(item.owner) if item.owner else "<em>no owner</em>"
    title = a(
        links.to(addresses.OPPORTUNITIES, addresses.opportunity_anchor(item.id)), esc(item.text)
    )
    return (
        f'<li class="journeys-card" id="backlog-{item.id}" data-opportunity="{item.id}" '
        f'data-status="{item.status}">'
        f'<p class="journeys-card__title">{title}</p>'
        f'<p class="journeys-card__owner">Owner: {owner}</p>'
        f"{fixes}" + (f'<p class="journeys-card__where">On: {where}</p>' if where else "") + "</li>"
    )


def board(catalog: Catalog, links: Links) -> str:
    columns = []
    for status in STATUSES:
        items = [o for o in catalog.opportunities.values() if o.status == status]
        cards = "".join(_card(catalog, o, links) for o in items)
        columns.append(
            f'<section class="journeys-board__column journeys-board__column--{status}" '
            f'data-status="{status}" aria-label="{STATUS_TITLES[status]}">'
            # A heading for assistive technology, not an <h3>: the search index splits pages
            # at heading tags and drops text under headings that the table of contents lacks.
            f'<p class="journeys-board__title" role="heading" aria-level="3">'
            f'{STATUS_TITLES[status]} <span class="journeys-board__count">{len(items)}</span></p>'
            + (f'<ul class="journeys-board__cards">{cards}</ul>' if items else "<p>None.</p>")
            + "</section>"
        )
    return "\n".join(['<div class="journeys-board">', *columns, "</div>"])


def render_backlog_page(catalog: Catalog, directory_urls: bool = True) -> str:
    uri = addresses.BACKLOG
    links = Links(uri, directory_urls)
    counts = {s: sum(1 for o in catalog.opportunities.values() if o.status == s) for s in STATUSES}
    unfixed = sorted(
        (p for p in catalog.pain_points.values() if not catalog.opportunities_fixing(p.id)),
        key=lambda p: (severity_rank(p), p.id),
    )
    summary = ", ".join(f"{counts[s]} {STATUS_TITLES[s].lower()}" for s in STATUSES)
    parts = [
        front_matter(
            title="Opportunity backlog",
            description="Every opportunity by status, and the pain points nothing fixes",
        ),
        f"{counted(len(catalog.opportunities), 'opportunity')}: {summary}. "
        f"{len(unfixed)} of {counted(len(catalog.pain_points), 'pain point')} "
        f"{'has' if len(unfixed) == 1 else 'have'} no opportunity that fixes "
        f"{'it' if len(unfixed) == 1 else 'them'}.",
        # A link on its own: in a sentence, Material's links differ from the text by colour only.
        f"[Opportunities: the same in one table]({relative(uri, addresses.OPPORTUNITIES)})",
        "## By status",
        board(catalog, links),
        *scoring_sections(catalog, uri),
        "## Pain points nothing fixes",
    ]
    if unfixed:
        shown = unfixed[:UNFIXED_ROWS]
        if len(shown) < len(unfixed):
            parts.append(
                f"The {len(shown)} most severe of {len(unfixed):,}. The "
                f"[pain points index]({relative(uri, addresses.PAIN_POINTS)}) lists every one: "
                "type none in its filter to see those nothing fixes."
            )
        rows = [row(("unfixed", pain.id), (pain,), _unfixed_row) for pain in shown]
        parts.append(table(("Pain point", "Severity", "Journeys", "Personas"), rows))
    else:
        parts.append("None: an opportunity names every pain point in its `fixes`.")
    return "\n\n".join(parts) + "\n"


def _unfixed_row(pain: PainPoint) -> list[str]:
    uri = addresses.BACKLOG
    journeys = {o.journey.id: o.journey for o in pain.occurrences}
    personas = sorted({p for j in journeys.values() for p in j.personas})
    named = [link(j.title, relative(uri, addresses.journey(j.id))) for j in journeys.values()]
    if len(named) > ROW_JOURNEYS:
        more = len(named) - ROW_JOURNEYS
        page = relative(uri, addresses.pain_point(pain.id))
        named = [*named[:ROW_JOURNEYS], link(f"and {more} more", page)]
    return [
        link(pain.text, relative(uri, addresses.pain_point(pain.id))),
        pain.severity,
        "<br>".join(named),
        str(len(personas)),
    ]
