"""Freshness and evidence: which maps are due for a review (not reviewed within
``review_after_days`` of today), and which pain points name no evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ...catalog import Catalog
from ...format.model import Journey, PainPoint
from ...format.words import counted
from ...web import addresses
from ...web.html import a, esc
from ...web.links import Links
from ...web.markup import front_matter, link, relative, table, text
from ..items import journey_link, severity_rank, step_link
from .options import ViewOptions


@dataclass(frozen=True)
class Freshness:
    journey: Journey
    days: int | None  # days since the review; None when the map gives no date
    due: dt.date | None  # when the next review is due
    stale: bool


def freshness_of(journey: Journey, options: ViewOptions) -> Freshness:
    if journey.reviewed is None:
        return Freshness(journey, None, None, True)
    days = (options.today - journey.reviewed).days
    try:
        due = journey.reviewed + dt.timedelta(days=options.review_after_days)
    except OverflowError:  # reviewed near 9999-12-31: due past the end of the calendar
        due = dt.date.max
    return Freshness(journey, days, due, days > options.review_after_days)


def pains_without_evidence(catalog: Catalog, journey: Journey | None = None) -> list[PainPoint]:
    """Pain points that name no evidence (on one journey, or anywhere), most severe first."""
    # One journey's pains are looked up by id: reading every pain point would make each journey
    # page depend on all of them (pages/incremental.py).
    pains: Iterable[PainPoint]
    if journey is None:
        pains = catalog.pain_points.values()
    else:
        ids = {ref.id for step in journey.steps for ref in step.pains}
        pains = [catalog.pain_heads[i] for i in ids if i in catalog.pain_heads]
    return sorted((p for p in pains if not p.evidence), key=lambda p: (severity_rank(p), p.id))


def _days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def journey_freshness(
    catalog: Catalog, journey: Journey, links: Links, options: ViewOptions
) -> str:
    """The note on a journey page: how fresh the map is and which of its pains lack evidence."""
    fresh = freshness_of(journey, options)
    every = f"maps are due for review every {_days(options.review_after_days)}"
    if fresh.days is None:
        kind, title = "warning", "Never reviewed"
        body = (
            "This map gives no <code>reviewed</code> date. Walk the journey again, then add "
            f"the date you did to its front matter; {every}."
        )
    elif fresh.stale:
        kind, title = "warning", "Due for review"
        body = (
            f"Last reviewed on {journey.reviewed}, {_days(fresh.days)} ago; {every}, so this "
            f"one has been due since {fresh.due}."
        )
    elif fresh.days < 0:
        kind, title = "warning", "Reviewed in the future"
        body = f"The <code>reviewed</code> date, {journey.reviewed}, is after {options.today}."
    else:
        kind, title = "info", "Up to date"
        body = (
            f"Reviewed on {journey.reviewed}, {_days(fresh.days)} ago; the next review is due "
            f"by {fresh.due}."
        )
    lines = [f'<p class="admonition-title">{title}</p>', f"<p>{body}</p>"]
    all_pains = {ref.id for step in journey.steps for ref in step.pains}
    missing = pains_without_evidence(catalog, journey)
    if missing:
        named = ", ".join(a(links.to(addresses.pain_point(p.id)), esc(p.text)) for p in missing)
        lines.append(
            f"<p>{len(missing)} of {counted(len(all_pains), 'pain point')} on this map "
            f"{'names' if len(missing) == 1 else 'name'} no evidence: "
            f"{named}.</p>"
        )
    elif all_pains:
        lines.append("<p>Every pain point on this map names its evidence.</p>")
    state = "stale" if fresh.stale or (fresh.days is not None and fresh.days < 0) else "fresh"
    return "\n".join(
        [
            f'<div class="admonition {kind} journeys-freshness journeys-freshness--{state}">',
            *lines,
            "</div>",
        ]
    )


def render_freshness_page(catalog: Catalog, options: ViewOptions) -> str:
    uri = addresses.FRESHNESS
    every = _days(options.review_after_days)
    all_fresh = [freshness_of(j, options) for j in catalog.journeys.values()]
    stale = sorted(
        (f for f in all_fresh if f.stale),
        key=lambda f: (f.journey.reviewed or dt.date.min, f.journey.id),
    )
    current = sorted(
        (f for f in all_fresh if not f.stale), key=lambda f: (f.due or dt.date.max, f.journey.id)
    )
    missing = pains_without_evidence(catalog)
    parts = [
        front_matter(
            title="Freshness and evidence",
            description="Maps due for review and pain points without evidence",
        ),
        f"A map is due for review {every} after its `reviewed` date (the plugin option "
        f"`review_after_days`). Checked against {options.today.isoformat()}: "
        f"{len(stale)} of {counted(len(all_fresh), 'map')} {'is' if len(stale) == 1 else 'are'} "
        f"due, and {len(missing)} of {counted(len(catalog.pain_points), 'pain point')} "
        f"{'names' if len(missing) == 1 else 'name'} no evidence.",
        "## Maps due for review",
    ]
    if stale:
        rows = [
            [
                journey_link(f.journey, uri),
                text(f.journey.owner or ""),
                f.journey.reviewed.isoformat() if f.journey.reviewed else "never",
                "" if f.days is None else str(f.days),
                f.due.isoformat() if f.due else "",
            ]
            for f in stale
        ]
        parts.append(
            table(("Journey", "Owner", "Reviewed", "Days since review", "Due since"), rows)
        )
    else:
        parts.append(f"None: every map was reviewed within the last {every}.")
    parts.append("## Maps reviewed in time")
    if current:
        rows = [
            [
                journey_link(f.journey, uri),
                text(f.journey.owner or ""),
                f.journey.reviewed.isoformat() if f.journey.reviewed else "",
                str(f.days),
                f.due.isoformat() if f.due else "",
            ]
            for f in current
        ]
        parts.append(
            table(("Journey", "Owner", "Reviewed", "Days since review", "Next review due"), rows)
        )
    else:
        parts.append("None.")
    parts.append("## Pain points without evidence")
    if missing:
        rows = []
        for pain in missing:
            journeys = {o.journey.id: o.journey for o in pain.occurrences}
            rows.append(
                [
                    link(pain.text, relative(uri, addresses.pain_point(pain.id))),
                    pain.severity,
                    ", ".join(journey_link(j, uri) for j in journeys.values()),
                    "<br>".join(step_link(o, uri) for o in pain.occurrences),
                ]
            )
        parts.append(table(("Pain point", "Severity", "Journeys", "Steps"), rows))
    else:
        parts.append("None: every pain point names its evidence.")
    return "\n\n".join(parts) + "\n"
