"""Opportunity scoring: the impact × effort matrix, and "what to do next".

An opportunity scored with ``impact`` and ``effort`` (1 to 5) falls in one of four quadrants: a
score of 3 or more is high. The ranked list puts quick wins first, then big bets, fill-ins and
time sinks; within a quadrant, the opportunity whose pain points weigh most comes first: each
pain point it fixes counts its severity (low 1 .. critical 4) times the steps where it occurs,
so a severe pain met in many journeys outranks a mild one met once. Done opportunities leave the
list. Both are Markdown tables, so they read as text, print, and work in any theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import Catalog
from ...format.model import SEVERITIES, Opportunity
from ...format.words import counted
from ...web import addresses
from ...web.markup import badge, link, relative, sortable, table
from ..memo import row

HIGH = 3  # a score from here up is high impact, or high effort


@dataclass(frozen=True)
class Quadrant:
    key: str
    title: str
    meaning: str
    high_impact: bool
    high_effort: bool


QUADRANTS = (
    Quadrant("quick-wins", "Quick wins", "high impact, low effort: do these first", True, False),
    Quadrant("big-bets", "Big bets", "high impact, high effort: plan them", True, True),
    Quadrant("fill-ins", "Fill-ins", "low impact, low effort: when there is time", False, False),
    Quadrant("time-sinks", "Time sinks", "low impact, high effort: question them", False, True),
)
NEXT_ROWS = 50  # the ranked list is for deciding, not a second index


def quadrant_of(opportunity: Opportunity) -> Quadrant | None:
    """Where a scored opportunity falls; None for one without both scores."""
    if opportunity.impact is None or opportunity.effort is None:
        return None
    return _quadrant(opportunity.impact >= HIGH, opportunity.effort >= HIGH)


def _quadrant(high_impact: bool, high_effort: bool) -> Quadrant:
    return next(
        q for q in QUADRANTS if (q.high_impact, q.high_effort) == (high_impact, high_effort)
    )


def pain_weight(catalog: Catalog, opportunity: Opportunity) -> int:
    """What the pain points it fixes weigh: severity (1..4) times the steps where each occurs."""
    return sum(
        (SEVERITIES.index(pain.severity) + 1) * len(pain.occurrences)
        for pain in (catalog.pain_points[p] for p in opportunity.fixes if p in catalog.pain_points)
    )


def ranked(catalog: Catalog) -> list[tuple[Opportunity, Quadrant]]:
    """The scored opportunities not yet done, with their quadrants, in the order to take them."""
    order = {q.key: n for n, q in enumerate(QUADRANTS)}
    scored = [
        (o, quadrant)
        for o in catalog.opportunities.values()
        if (quadrant := quadrant_of(o)) is not None and o.status != "done"
    ]
    return sorted(
        scored,
        key=lambda pair: (
            order[pair[1].key],
            -pain_weight(catalog, pair[0]),
            -(pair[0].impact or 0) / (pair[0].effort or 1),
            pair[0].id,
        ),
    )


def scoring_sections(catalog: Catalog, uri: str) -> list[str]:
    """The matrix and the ranked list, as Markdown blocks for the page at ``uri``."""
    if not catalog.opportunities:
        return []
    return [
        "## Impact and effort",
        matrix(catalog, uri),
        "## What to do next",
        next_list(catalog, uri),
    ]


def matrix(catalog: Catalog, uri: str) -> str:
    by_quadrant: dict[str, list[str]] = {q.key: [] for q in QUADRANTS}
    unscored: list[list[str]] = []
    for opportunity in catalog.opportunities.values():
        quadrant = quadrant_of(opportunity)
        inputs = (opportunity.id, opportunity.text, uri)
        entry = row(("matrix", opportunity.id), inputs, _opportunity_link)
        if quadrant is None:
            unscored.append([entry, badge(opportunity.status)])
        else:
            scores = f" ({opportunity.impact} × {opportunity.effort})"
            by_quadrant[quadrant.key].append(entry + scores)

    def cell(high_impact: bool, high_effort: bool) -> str:
        quadrant = _quadrant(high_impact, high_effort)
        entries = by_quadrant[quadrant.key] or ["none yet"]
        return f"**{quadrant.title}**: {quadrant.meaning}<br>" + "<br>".join(entries)

    parts = [
        "Each opportunity with an `impact` and an `effort` (1 to 5; 3 and up is high), "
        "shown as (impact × effort).",
        table(
            ("", f"Low effort (1 to {HIGH - 1})", f"High effort ({HIGH} to 5)"),
            [
                [f"**High impact** ({HIGH} to 5)", cell(True, False), cell(True, True)],
                [f"**Low impact** (1 to {HIGH - 1})", cell(False, False), cell(False, True)],
            ],
        ),
    ]
    if unscored:  # a table, which sorts and filters: a large site has thousands
        parts.append(
            f"Not scored yet ({counted(len(unscored), 'opportunity')}; give each an `impact` "
            "and an `effort`):"
        )
        parts.append(sortable(table(("Opportunity", "Status"), unscored)))
    return "\n\n".join(parts)


def next_list(catalog: Catalog, uri: str) -> str:
    order = ranked(catalog)
    if not order:
        return "No scored opportunity is waiting: give opportunities an `impact` and an `effort`."
    shown = order[:NEXT_ROWS]
    rows = []
    for rank, (opportunity, quadrant) in enumerate(shown, start=1):
        pains = [catalog.pain_points[p] for p in opportunity.fixes if p in catalog.pain_points]
        fixes = "<br>".join(
            link(p.text, relative(uri, addresses.pain_point(p.id)))
            + f" ({p.severity}, {counted(len(p.occurrences), 'step')})"
            for p in pains
        )
        rows.append(
            [
                str(rank),
                _link(opportunity, uri),
                quadrant.title,
                f"{opportunity.impact} × {opportunity.effort}",
                fixes,
                opportunity.status,
            ]
        )
    intro = (
        "Quick wins first, then big bets, fill-ins and time sinks; within each, the one whose "
        "pain points are most severe and met at the most steps comes first. Done ones are left "
        "out."
    )
    if len(shown) < len(order):
        intro += f" The first {len(shown)} of {len(order):,}."
    return (
        intro
        + "\n\n"
        + table(("#", "Opportunity", "Quadrant", "Impact × effort", "Fixes", "Status"), rows)
    )


def _link(opportunity: Opportunity, uri: str) -> str:
    return _opportunity_link(opportunity.id, opportunity.text, uri)


def _opportunity_link(opportunity_id: str, text: str, uri: str) -> str:
    target = relative(uri, addresses.OPPORTUNITIES)
    return link(text, f"{target}#{addresses.opportunity_anchor(opportunity_id)}")
