"""The columns a query table can show. Cells are Markdown; links are relative ``.md`` links,
which MkDocs resolves (and checks) like any link a page's author writes."""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog import Catalog
from ..format.model import Occurrence, Opportunity, PainPoint
from ..pages.items import journey_link, persona_links, step_link
from ..web import addresses
from ..web.markup import emotion_label, link, relative, text
from .kinds import Column, Row, opportunities_at_step, pains_at_step


def _pain_link(pain: PainPoint, uri: str) -> str:
    return link(pain.text, relative(uri, addresses.pain_point(pain.id)))


def _opportunity_link(opportunity: Opportunity, uri: str) -> str:
    target = relative(uri, addresses.OPPORTUNITIES)
    return link(opportunity.text, f"{target}#{addresses.opportunity_anchor(opportunity.id)}")


def _journeys(catalog: Catalog, row: Row[object], uri: str) -> str:
    journeys = {o.journey.id: o.journey for o in row.places}
    return ", ".join(journey_link(j, uri) for j in journeys.values())


def _steps(catalog: Catalog, row: Row[object], uri: str) -> str:
    return "<br>".join(step_link(o, uri) for o in row.places)


def _personas(catalog: Catalog, row: Row[object], uri: str) -> str:
    personas = dict.fromkeys(p for o in row.places for p in o.journey.personas)
    return persona_links(catalog, personas, uri)


def _lines(items: Iterable[str]) -> str:
    return "<br>".join(items)


def _pains(pains: Iterable[PainPoint], uri: str) -> str:
    """Pain points, linked, each with its severity; one a line."""
    return _lines(_pain_link(pain, uri) + f" ({pain.severity})" for pain in pains)


def _opportunities(opportunities: Iterable[Opportunity], uri: str) -> str:
    """Opportunities, linked, each with its status; one a line."""
    return _lines(_opportunity_link(o, uri) + f" ({o.status})" for o in opportunities)


def _emotion(score: int | None) -> str:
    return "" if score is None else f"{score} ({emotion_label(score)})"


_PLACES: dict[str, Column[object]] = {
    "journeys": Column("Journeys", _journeys, "the journeys where it matches, linked"),
    "steps": Column("Steps", _steps, "the steps where it matches, linked"),
    "personas": Column("Personas", _personas, "the personas of those journeys, linked"),
    "occurrences": Column(
        "Steps", lambda c, r, u: str(len(r.places)), "how many steps it matches at"
    ),
}

PAIN_POINT_COLUMNS: dict[str, Column[PainPoint]] = {
    "text": Column("Pain point", lambda c, r, u: _pain_link(r.item, u), "linked to its page"),
    "id": Column("Id", lambda c, r, u: text(r.item.id), "the pain point's id"),
    "severity": Column("Severity", lambda c, r, u: r.item.severity, "its severity"),
    "evidence": Column(
        "Evidence",
        lambda c, r, u: ", ".join(text(e) for e in r.item.evidence),
        "its evidence",
    ),
    **_PLACES,
    "fixed_by": Column(
        "Fixed by",
        lambda c, r, u: _opportunities(c.opportunities_fixing(r.item.id), u),
        "the opportunities that fix it, with their status",
    ),
}

OPPORTUNITY_COLUMNS: dict[str, Column[Opportunity]] = {
    "text": Column(
        "Opportunity",
        lambda c, r, u: _opportunity_link(r.item, u),
        "linked to the opportunities page",
    ),
    "id": Column("Id", lambda c, r, u: text(r.item.id), "the opportunity's id"),
    "status": Column("Status", lambda c, r, u: r.item.status, "its status"),
    "owner": Column("Owner", lambda c, r, u: text(r.item.owner or ""), "its owner"),
    "fixes": Column(
        "Fixes",
        lambda c, r, u: _pains([c.pain_points[p] for p in r.item.fixes], u),
        "the pain points it fixes, with their severity",
    ),
    **_PLACES,
}

STEP_COLUMNS: dict[str, Column[Occurrence]] = {
    "journey": Column(
        "Journey",
        lambda c, r, u: journey_link(r.item.journey, u),
        "the journey, linked",
    ),
    "stage": Column("Stage", lambda c, r, u: text(r.item.stage.name), "the stage's name"),
    "action": Column(
        "Step", lambda c, r, u: step_link(r.item, u), "the action, linked to the step"
    ),
    "step": Column("Id", lambda c, r, u: text(r.item.step.id), "the step's id"),
    "touchpoint": Column(
        "Touchpoint",
        lambda c, r, u: _touchpoint(c, r.item, u),
        "the touchpoint, linked",
    ),
    "channel": Column(
        "Channel", lambda c, r, u: text(c.channel_of(r.item.step) or ""), "the channel"
    ),
    "emotion": Column(
        "Emotion",
        lambda c, r, u: _emotion(r.item.step.emotion),
        "as the customer felt it",
    ),
    "expected": Column(
        "Expected",
        lambda c, r, u: _emotion(r.item.step.expected),
        "what the promise implies",
    ),
    "gap": Column(
        "Gap",
        lambda c, r, u: "" if r.item.step.gap is None else str(r.item.step.gap),
        "expected minus felt",
    ),
    "pains": Column(
        "Pain points",
        lambda c, r, u: _pains(pains_at_step(c, r.item), u),
        "its pain points, linked, with their severity",
    ),
    "opportunities": Column(
        "Opportunities",
        lambda c, r, u: _opportunities(opportunities_at_step(c, r.item), u),
        "its opportunities, linked, with their status",
    ),
    "thought": Column(
        "Thought",
        lambda c, r, u: text(r.item.step.thought or ""),
        "what the customer thinks",
    ),
    "actors": Column(
        "Actors",
        lambda c, r, u: ", ".join(text(a) for a in c.actors_of(r.item.journey, r.item.step)),
        "who takes part",
    ),
    "backstage": Column(
        "Backstage",
        lambda c, r, u: text(r.item.step.backstage or ""),
        "behind the scenes",
    ),
    "personas": Column("Personas", _personas, "the journey's personas, linked"),
}


def _touchpoint(catalog: Catalog, occurrence: Occurrence, uri: str) -> str:
    touchpoint_id = occurrence.step.touchpoint
    if not touchpoint_id:
        return ""
    item = catalog.touchpoints.get(touchpoint_id)
    return link(
        item.name if item else touchpoint_id, relative(uri, addresses.touchpoint(touchpoint_id))
    )
