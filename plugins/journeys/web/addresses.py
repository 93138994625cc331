"""Where each generated page lives: docs-relative ``.md`` paths built from ids only, so a link
stays valid when a title changes.

An item's page is ``<kind>/<id>.md``, not ``<kind>/<id>/index.md``: MkDocs, Material's
``navigation.indexes`` and mkdocs-section-index take an ``index.md`` for its folder's own page.
It is served at ``<kind>/<id>/`` all the same (``<kind>/<id>/index.html`` without
``use_directory_urls``: the plugin keeps that address, see ``url``)."""

from __future__ import annotations

import hashlib
import posixpath

from ..format.slug import slugify

# A file name has at most 255 bytes on common file systems, and some tools stop at 260
# characters of path: the page of a longer id (the slug of a long text) is named by the id's
# start and a hash of the whole id.
MAX_NAME = 100
# The file name of an item whose id is "index" (no id has an underscore).
INDEX_STAND_IN = "index_"

JOURNEYS = "journeys/index.md"
PERSONAS = "personas/index.md"
PAIN_POINTS = "pain-points/index.md"
TOUCHPOINTS = "touchpoints/index.md"
OPPORTUNITIES = "opportunities/index.md"
PORTFOLIO = "portfolio/index.md"
BACKLOG = "backlog/index.md"
FRESHNESS = "freshness/index.md"


def journey(journey_id: str) -> str:
    return f"journeys/{_name(journey_id)}.md"


def persona(persona_id: str) -> str:
    return f"personas/{_name(persona_id)}.md"


def pain_point(pain_id: str) -> str:
    return f"pain-points/{_name(pain_id)}.md"


def touchpoint(touchpoint_id: str) -> str:
    return f"touchpoints/{_name(touchpoint_id)}.md"


def persona_image(persona_id: str, image: str) -> str:
    """A persona's picture, served from a folder named like its page: ``personas/<id>/x.png``."""
    return f"personas/{_name(persona_id)}/{posixpath.basename(image)}"


def portfolio_part(name: str) -> str:
    """A page of the portfolio for one folder of journeys (or a part of a large folder)."""
    return f"portfolio/{_name(name)}.md"


def url(src_uri: str, directory_urls: bool = True) -> str:
    """Where a generated page is served, relative to the site root: ``journeys/x.md`` and
    ``journeys/x/index.md`` -> ``journeys/x/`` (``journeys/x/index.html`` without directory URLs).
    """
    parts = src_uri.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts.pop()
    elif parts[-1] == INDEX_STAND_IN:
        parts[-1] = "index"
    folder = "".join(f"{part}/" for part in parts)
    return folder if directory_urls else f"{folder}index.html"


def _name(item_id: str) -> str:
    if item_id == "index":  # `<kind>/index.md` is the index page; `url` serves this at index/
        return INDEX_STAND_IN
    if len(item_id) <= MAX_NAME:
        return item_id
    digest = hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8]
    return f"{item_id[: MAX_NAME - 9].rstrip('-')}-{digest}"


def step_anchor(step_id: str) -> str:
    return f"step-{step_id}"


def opportunity_anchor(opportunity_id: str) -> str:
    return f"opportunity-{opportunity_id}"


def folder_anchor(group: str) -> str:
    """The target of a folder's table on the journeys index (``group``: ``b2b/retail``)."""
    slug = slugify(group.replace("/", " "))
    if slug and slug == group.replace("/", "-"):
        return f"folder-{slug}"
    digest = hashlib.sha256(group.encode("utf-8")).hexdigest()[:8]
    return f"folder-{slug}-{digest}" if slug else f"folder-{digest}"


def anchor(anchor_id: str) -> str:
    """An invisible link target; ids are slugs, so they need no escaping."""
    return f'<span id="{anchor_id}"></span>'


def image(journey_id: str, view: str) -> str:
    """A journey's map view as an SVG file of its own, in the folder its page is served from
    (``journeys/<id>/``, with or without directory URLs): ``journeys/<id>/swimlane.svg``."""
    return f"journeys/{_name(journey_id)}/{view}.svg"
