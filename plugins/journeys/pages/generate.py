"""Every page a build generates, as Markdown, independent of MkDocs.

The plugin hands these pages to MkDocs; ``journeys render`` writes the very same files.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog import Catalog
from ..web import addresses
from ..web.body import rewrite_links
from ..web.sanitize import mark_body
from .indexes import (
    render_journeys_index,
    render_opportunities_index,
    render_pain_points_index,
    render_personas_index,
    render_touchpoints_index,
)
from .items import render_pain_point, render_persona, render_touchpoint
from .journey import render_journey

if TYPE_CHECKING:
    from .views import ViewOptions


@dataclass(frozen=True)
class GeneratedPage:
    """A page to add to the site: its docs-relative path and Markdown."""

    src_uri: str
    markdown: str
    in_nav: bool  # per-item pages are reached from their index pages, not the nav


@dataclass(frozen=True)
class CopiedFile:
    """A file from the journeys folder that the site serves as it is (a persona's image)."""

    src_uri: str
    source: Path


def _source_pages(catalog: Catalog) -> dict[str, str]:
    """Source files (relative to the journeys folder) -> their generated pages."""
    pages = {
        "touchpoints.yml": addresses.TOUCHPOINTS,
        "personas": addresses.PERSONAS,
    }
    for journey in catalog.journeys.values():
        pages[_relative(catalog, journey.source)] = addresses.journey(journey.id)
    for persona in catalog.personas.values():
        pages[_relative(catalog, persona.source)] = addresses.persona(persona.id)
    return pages


def _relative(catalog: Catalog, path: Path) -> str:
    return path.relative_to(catalog.root).as_posix()


def generate_pages(catalog: Catalog, options: ViewOptions | None = None) -> list[GeneratedPage]:
    """All generated pages, in a stable order; ``options`` tune the map views."""
    # Imported here: the views build on this package's helpers, so a module-level import
    # would be circular.
    from .views import ViewOptions, journey_views, touchpoint_views, view_pages

    options = options or ViewOptions()
    sources = _source_pages(catalog)
    pages = [
        GeneratedPage(addresses.JOURNEYS, render_journeys_index(catalog), True),
        GeneratedPage(addresses.PERSONAS, render_personas_index(catalog), True),
        GeneratedPage(addresses.PAIN_POINTS, render_pain_points_index(catalog), True),
        GeneratedPage(addresses.TOUCHPOINTS, render_touchpoints_index(catalog), True),
        GeneratedPage(addresses.OPPORTUNITIES, render_opportunities_index(catalog), True),
    ]
    for journey in catalog.journeys.values():
        uri = addresses.journey(journey.id)
        body = mark_body(
            rewrite_links(journey.body, _relative(catalog, journey.source), uri, sources)
        )
        views = journey_views(catalog, journey, options)
        pages.append(GeneratedPage(uri, render_journey(catalog, journey, body, views), True))
    for persona in catalog.personas.values():
        uri = addresses.persona(persona.id)
        body = mark_body(
            rewrite_links(persona.body, _relative(catalog, persona.source), uri, sources)
        )
        pages.append(GeneratedPage(uri, render_persona(catalog, persona, body), False))
    for pain in catalog.pain_points.values():
        pages.append(
            GeneratedPage(addresses.pain_point(pain.id), render_pain_point(catalog, pain), False)
        )
    for touchpoint in catalog.touchpoints.values():
        markdown = render_touchpoint(catalog, touchpoint)
        trends = touchpoint_views(catalog, touchpoint)
        if trends:
            markdown = markdown.rstrip("\n") + "\n\n" + trends + "\n"
        pages.append(GeneratedPage(addresses.touchpoint(touchpoint.id), markdown, False))
    pages.extend(
        GeneratedPage(uri, markdown, True) for uri, markdown in view_pages(catalog, options)
    )
    return pages


def copied_files(catalog: Catalog) -> list[CopiedFile]:
    """Files served beside the generated pages: each persona's image next to its page."""
    files = []
    for persona in catalog.personas.values():
        if persona.image:
            folder = posixpath.dirname(addresses.persona(persona.id))
            name = posixpath.basename(persona.image)
            files.append(CopiedFile(f"{folder}/{name}", persona.source.parent / persona.image))
    return files
