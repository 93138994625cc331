"""Where each generated page lives: docs-relative ``.md`` paths built from ids only, so a link
stays valid when a title changes. ``<kind>/<id>/index.md`` becomes ``<kind>/<id>/``."""

from __future__ import annotations

JOURNEYS = "journeys/index.md"
PERSONAS = "personas/index.md"
PAIN_POINTS = "pain-points/index.md"
TOUCHPOINTS = "touchpoints/index.md"
OPPORTUNITIES = "opportunities/index.md"
PORTFOLIO = "portfolio/index.md"
BACKLOG = "backlog/index.md"
FRESHNESS = "freshness/index.md"


def journey(journey_id: str) -> str:
    return f"journeys/{journey_id}/index.md"


def persona(persona_id: str) -> str:
    return f"personas/{persona_id}/index.md"


def pain_point(pain_id: str) -> str:
    return f"pain-points/{pain_id}/index.md"


def touchpoint(touchpoint_id: str) -> str:
    return f"touchpoints/{touchpoint_id}/index.md"


def step_anchor(step_id: str) -> str:
    return f"step-{step_id}"


def opportunity_anchor(opportunity_id: str) -> str:
    return f"opportunity-{opportunity_id}"


def anchor(anchor_id: str) -> str:
    """An invisible link target; ids are slugs, so they need no escaping."""
    return f'<span id="{anchor_id}"></span>'
