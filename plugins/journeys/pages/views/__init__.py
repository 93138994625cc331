"""The map views: swimlane map, emotion curve, metric trends, current against future, the path
of a non-linear journey, portfolio, opportunity backlog, freshness and evidence.

Each view is Markdown, or a raw HTML block inside the Markdown, made here server-side from the
catalog; ``assets/journeys.css`` styles them for Material's light and dark schemes and print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...catalog import Catalog
from ...format.model import Journey, Touchpoint
from ...web import addresses
from ...web.links import Links
from .backlog import render_backlog_page
from .blueprint import blueprint_view, uses_lanes
from .compare import compare_view
from .curve import curve_view
from .flow import flow_view
from .freshness import journey_freshness, render_freshness_page
from .options import DEFAULT_REVIEW_AFTER_DAYS, TODAY_VARIABLE, ViewOptions, today_from_environment
from .portfolio import portfolio_makers
from .swimlane import swimlane_view
from .trends import touchpoint_trends

__all__ = [
    "DEFAULT_REVIEW_AFTER_DAYS",
    "STYLESHEET",
    "STYLESHEET_SITE_PATH",
    "TODAY_VARIABLE",
    "ViewOptions",
    "journey_views",
    "today_from_environment",
    "touchpoint_views",
    "view_page_makers",
    "view_pages",
]

STYLESHEET = Path(__file__).resolve().parents[2] / "assets" / "journeys.css"
STYLESHEET_SITE_PATH = "assets/stylesheets/journeys.css"


def journey_views(catalog: Catalog, journey: Journey, options: ViewOptions) -> list[str]:
    """The Markdown blocks the views add to a journey's page, in order."""
    links = Links(addresses.journey(journey.id), options.directory_urls)
    parts = [journey_freshness(catalog, journey, links, options)]
    if journey.steps:  # a map whose every step has an error still gets its page
        parts += [
            "## Journey map",
            swimlane_view(catalog, journey, links),
            "## Emotion curve",
            curve_view(catalog, journey, links),
        ]
        if uses_lanes(journey):
            parts += ["## Service blueprint", blueprint_view(journey, links)]
    parts += [view for view in (compare_view(catalog, journey), flow_view(journey)) if view]
    return parts


def touchpoint_views(catalog: Catalog, touchpoint: Touchpoint) -> str:
    """Markdown to append to a touchpoint's page ("" when there is nothing to add)."""
    return touchpoint_trends(catalog, touchpoint)


def view_pages(catalog: Catalog, options: ViewOptions) -> list[tuple[str, str]]:
    """The pages of their own: (docs-relative path, Markdown)."""
    return [page for _, render in view_page_makers(catalog, options) for page in render(catalog)]


def view_page_makers(
    catalog: Catalog, options: ViewOptions
) -> list[tuple[str, Callable[[Catalog], list[tuple[str, str]]]]]:
    """How to make the pages of their own, each group under a name: (docs-relative path,
    Markdown) from a catalog. ``catalog`` says only how the portfolio is split in pages (the
    name of each says how); each is made from the catalog it is given."""
    return [
        *portfolio_makers(catalog, options.directory_urls),
        (
            addresses.BACKLOG,
            lambda c: [(addresses.BACKLOG, render_backlog_page(c, options.directory_urls))],
        ),
        (addresses.FRESHNESS, lambda c: [(addresses.FRESHNESS, render_freshness_page(c, options))]),
    ]
