"""Every page a build generates, as Markdown, independent of MkDocs.

The plugin hands these pages to MkDocs; ``journeys render`` writes the very same files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

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
from .views import ViewOptions, journey_views, touchpoint_views, view_page_makers
from .views.images import images
from .views.scoring import scoring_sections


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


@dataclass(frozen=True)
class PageInputs:
    """What pages are made from: the catalog, and where each source file's page is."""

    catalog: Catalog
    sources: Mapping[str, str]  # source files (relative to the journeys folder) -> their pages

    @classmethod
    def of(cls, catalog: Catalog) -> PageInputs:
        return cls(catalog, _source_pages(catalog))


T = TypeVar("T")


@dataclass(frozen=True)
class Maker(Generic[T]):
    """How to make one output (or the few made together) from the inputs: a page, an image.

    ``key`` names it from one generation to the next; ``make`` reads only what it is given, so
    ``incremental`` can tell which makers must run again after an edit.
    """

    key: str
    make: Callable[[PageInputs], list[T]]


PageMaker = Maker[GeneratedPage]


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
    inputs = PageInputs.of(catalog)
    return [page for maker in page_makers(catalog, options) for page in maker.make(inputs)]


def page_makers(catalog: Catalog, options: ViewOptions | None = None) -> list[PageMaker]:
    """A maker for every page of ``catalog``, in the pages' stable order."""
    options = options or ViewOptions()
    makers = [
        PageMaker(
            addresses.JOURNEYS,
            partial(_index, uri=addresses.JOURNEYS, render=render_journeys_index),
        )
    ]
    makers += [
        PageMaker(addresses.journey(j.id), partial(_journey_page, journey_id=j.id, options=options))
        for _, journeys in journeys_by_group(catalog)
        for j in journeys
    ]
    makers += [
        PageMaker(uri, partial(_index, uri=uri, render=render))
        for uri, render in (
            (addresses.PERSONAS, render_personas_index),
            (addresses.PAIN_POINTS, render_pain_points_index),
            (addresses.TOUCHPOINTS, render_touchpoints_index),
            (addresses.OPPORTUNITIES, _opportunities_page),
        )
    ]
    makers += [
        PageMaker(key, partial(_view_pages, render=render))
        for key, render in view_page_makers(catalog, options)
    ]
    makers += [
        PageMaker(addresses.persona(i), partial(_persona_page, persona_id=i))
        for i in catalog.personas
    ]
    makers += [
        PageMaker(addresses.pain_point(i), partial(_pain_page, pain_id=i))
        for i in catalog.pain_points
    ]
    makers += [
        PageMaker(addresses.touchpoint(i), partial(_touchpoint_page, touchpoint_id=i))
        for i in catalog.touchpoints
    ]
    return makers


def image_makers(catalog: Catalog) -> list[Maker[tuple[str, str]]]:
    """A maker of each journey's SVG files (site path, text), in the journeys' order."""
    return [Maker(f"images:{i}", partial(_images, journey_id=i)) for i in catalog.journeys]


def _images(inputs: PageInputs, journey_id: str) -> list[tuple[str, str]]:
    return images(inputs.catalog, inputs.catalog.journeys[journey_id])


def _opportunities_page(catalog: Catalog) -> str:
    """The opportunities index, then their impact × effort matrix and what to do next."""
    sections = scoring_sections(catalog, addresses.OPPORTUNITIES)
    return "\n\n".join([render_opportunities_index(catalog).rstrip("\n"), *sections]) + "\n"


def _index(inputs: PageInputs, uri: str, render: Callable[[Catalog], str]) -> list[GeneratedPage]:
    return [GeneratedPage(uri, render(inputs.catalog), IN_SECTION)]


def _view_pages(
    inputs: PageInputs, render: Callable[[Catalog], list[tuple[str, str]]]
) -> list[GeneratedPage]:
    # A view's own page is in the section; the portfolio's folder pages hang off its page.
    return [
        GeneratedPage(uri, markdown, IN_SECTION if uri.endswith("/index.md") else None)
        for uri, markdown in render(inputs.catalog)
    ]


def _journey_page(inputs: PageInputs, journey_id: str, options: ViewOptions) -> list[GeneratedPage]:
    catalog = inputs.catalog
    journey = catalog.journeys[journey_id]
    uri = addresses.journey(journey.id)
    body = mark_body(
        rewrite_links(journey.body, _relative(catalog, journey.source), uri, inputs.sources)
    )
    views = journey_views(catalog, journey, options)
    markdown = render_journey(catalog, journey, body, views)
    return [GeneratedPage(uri, markdown, _nav_folders(catalog, journey.group), journey.source)]


def _persona_page(inputs: PageInputs, persona_id: str) -> list[GeneratedPage]:
    catalog = inputs.catalog
    persona = catalog.personas[persona_id]
    uri = addresses.persona(persona.id)
    body = mark_body(
        rewrite_links(persona.body, _relative(catalog, persona.source), uri, inputs.sources)
    )
    markdown = render_persona(catalog, persona, body)
    return [GeneratedPage(uri, markdown, source=persona.source)]


def _pain_page(inputs: PageInputs, pain_id: str) -> list[GeneratedPage]:
    catalog = inputs.catalog
    pain = catalog.pain_points[pain_id]
    return [GeneratedPage(addresses.pain_point(pain.id), render_pain_point(catalog, pain))]


def _touchpoint_page(inputs: PageInputs, touchpoint_id: str) -> list[GeneratedPage]:
    catalog = inputs.catalog
    touchpoint = catalog.touchpoints[touchpoint_id]
    markdown = render_touchpoint(catalog, touchpoint)
    trends = touchpoint_views(catalog, touchpoint)
    if trends:
        markdown = markdown.rstrip("\n") + "\n\n" + trends + "\n"
    source = catalog.root / TOUCHPOINTS_FILE if touchpoint.registered else None
    return [GeneratedPage(addresses.touchpoint(touchpoint.id), markdown, source=source)]


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
