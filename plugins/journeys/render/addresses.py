"""Where each generated page lives: docs-relative ``.md`` paths built from ids only, so a link
stays valid when a title changes. ``<kind>/<id>/index.md`` becomes ``<kind>/<id>/``."""

from __future__ import annotations

import hashlib

# A file name has at most 255 bytes on common file systems, and some tools stop at 260
# characters of path: the page of a longer id (the slug of a long text) is named by the id's
# start and a hash of the whole id.
MAX_NAME = 100

JOURNEYS = "journeys/index.md"
PERSONAS = "personas/index.md"
PAIN_POINTS = "pain-points/index.md"
TOUCHPOINTS = "touchpoints/index.md"
OPPORTUNITIES = "opportunities/index.md"
PORTFOLIO = "portfolio/index.md"
BACKLOG = "backlog/index.md"
FRESHNESS = "freshness/index.md"


def journey(journey_id: str) -> str:
    return f"journeys/{_name(journey_id)}/index.md"


def persona(persona_id: str) -> str:
    return f"personas/{_name(persona_id)}/index.md"


def pain_point(pain_id: str) -> str:
    return f"pain-points/{_name(pain_id)}/index.md"


def touchpoint(touchpoint_id: str) -> str:
    return f"touchpoints/{_name(touchpoint_id)}/index.md"


def portfolio_part(name: str) -> str:
    """A page of the portfolio for one folder of journeys (or a part of a large folder)."""
    return f"portfolio/{_name(name)}/index.md"


def _name(item_id: str) -> str:
    if len(item_id) <= MAX_NAME:
        return item_id
    digest = hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8]
    return f"{item_id[: MAX_NAME - 9].rstrip('-')}-{digest}"


def step_anchor(step_id: str) -> str:
    return f"step-{step_id}"


def opportunity_anchor(opportunity_id: str) -> str:
    return f"opportunity-{opportunity_id}"


def anchor(anchor_id: str) -> str:
    """An invisible link target; ids are slugs, so they need no escaping."""
    return f'<span id="{anchor_id}"></span>'


def image(journey_id: str, view: str) -> str:
    """A journey's map view as an SVG file of its own, beside the journey's page:
    ``journeys/<id>/swimlane.svg``. The folder is the page's address with directory URLs."""
    return f"journeys/{_name(journey_id)}/{view}.svg"
