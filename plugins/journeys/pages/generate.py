"""Every page a build generates, as Markdown, independent of MkDocs.

The plugin hands these pages to MkDocs; ``journeys render`` writes the very same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..format.folder import TOUCHPOINTS_FILE
from ..web import addresses
from ..web.body import rewrite_links
from ..web.sanitize import mark_body
from .indexes import (
    folder_title,
    journeys_by_group,
    render_journeys_index,
    render_opportunities_index,
    render_pain_points_index,
    render_personas_index,
    render_touchpoints_index,
)
from .items import render_pain_point, render_persona, render_touchpoint
from .journey import render_journey
from .views import ViewOptions, journey_views, touchpoint_views, view_pages


@dataclass(frozen=True)
class NavFolder:
    """A sub-section of the navigation's journeys section: a folder of journeys."""

    path: str  # the folder under the journeys folder: "b2b/retail"
    title: str  # text (themes write nav titles unescaped: escape it for HTML)


@dataclass(frozen=True)
class GeneratedPage:
    """A page to add to the site: its docs-relative path and Markdown."""

    src_uri: str
    markdown: str
    nav: tuple[NavFolder, ...] | None = None
    """Its place in the navigation's journeys section: the folders it sits in, outermost first
    (``()``: the section itself). ``None``: reached from an index page, which keeps every page
    small on a large site. The pages with a place come in navigation order."""
    source: Path | None = None
    """The file the page is made from, whose dates and authors it carries."""


IN_SECTION: tuple[NavFolder, ...] = ()


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
    options = options or ViewOptions()
    sources = _source_pages(catalog)
    pages = [GeneratedPage(addresses.JOURNEYS, render_journeys_index(catalog), IN_SECTION)]
    for group, journeys in journeys_by_group(catalog):
        place = _nav_folders(catalog, group)
        for journey in journeys:
            uri = addresses.journey(journey.id)
            body = mark_body(
                rewrite_links(journey.body, _relative(catalog, journey.source), uri, sources)
            )
            views = journey_views(catalog, journey, options)
            markdown = render_journey(catalog, journey, body, views)
            pages.append(GeneratedPage(uri, markdown, place, journey.source))
    pages += [
        GeneratedPage(addresses.PERSONAS, render_personas_index(catalog), IN_SECTION),
        GeneratedPage(addresses.PAIN_POINTS, render_pain_points_index(catalog), IN_SECTION),
        GeneratedPage(addresses.TOUCHPOINTS, render_touchpoints_index(catalog), IN_SECTION),
        GeneratedPage(addresses.OPPORTUNITIES, render_opportunities_index(catalog), IN_SECTION),
    ]
    for uri, markdown in view_pages(catalog, options):
        # A view's own page is in the section; the portfolio's folder pages hang off its page.
        own_page = uri.endswith("/index.md")
        pages.append(GeneratedPage(uri, markdown, IN_SECTION if own_page else None))
    for persona in catalog.personas.values():
        uri = addresses.persona(persona.id)
        body = mark_body(
            rewrite_links(persona.body, _relative(catalog, persona.source), uri, sources)
        )
        markdown = render_persona(catalog, persona, body)
        pages.append(GeneratedPage(uri, markdown, source=persona.source))
    for pain in catalog.pain_points.values():
        pages.append(GeneratedPage(addresses.pain_point(pain.id), render_pain_point(catalog, pain)))
    registry = catalog.root / TOUCHPOINTS_FILE
    for touchpoint in catalog.touchpoints.values():
        markdown = render_touchpoint(catalog, touchpoint)
        trends = touchpoint_views(catalog, touchpoint)
        if trends:
            markdown = markdown.rstrip("\n") + "\n\n" + trends + "\n"
        source = registry if touchpoint.registered else None
        pages.append(GeneratedPage(addresses.touchpoint(touchpoint.id), markdown, source=source))
    return pages


def _nav_folders(catalog: Catalog, group: str) -> tuple[NavFolder, ...]:
    """``b2b/retail`` -> the sections B2B and B2B's Retail."""
    if not group:
        return IN_SECTION
    parts = group.split("/")
    paths = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    return tuple(NavFolder(path, folder_title(catalog, path)) for path in paths)


def copied_files(catalog: Catalog) -> list[CopiedFile]:
    """Files served beside the generated pages: each persona's image next to its page."""
    files = []
    for persona in catalog.personas.values():
        if persona.image:
            uri = addresses.persona_image(persona.id, persona.image)
            files.append(CopiedFile(uri, persona.source.parent / persona.image))
    return files
