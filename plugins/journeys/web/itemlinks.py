"""Links to the site-wide items a step names, as Markdown."""

from __future__ import annotations

from ..catalog import Catalog
from ..format.model import Step
from . import addresses
from .markup import link, relative


def touchpoint_links(catalog: Catalog, step: Step, uri: str) -> list[str]:
    """Each touchpoint of a step, by its registered name, linked to its page."""
    links = []
    for touchpoint_id in step.touchpoints:
        item = catalog.touchpoints.get(touchpoint_id)
        name = item.name if item else touchpoint_id
        links.append(link(name, relative(uri, addresses.touchpoint(touchpoint_id))))
    return links
