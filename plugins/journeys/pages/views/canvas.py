"""What every map view on a page shares: the canvas.

A map view (the swimlane map, the emotion curve, the journey diagram, and any view added
later) is a ``journeys-canvas``: a box that ``assets/canvas.js`` gives a full-screen control,
whose scrolling part shows at its edges that there is more to see, and that prints whole.
Its markup carries classes only: never an ``id``, ``name`` or ``data-*`` attribute of ours
that Material could take for one of its own components.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...web.html import esc
from ...web.links import Links

SWIMLANE = "swimlane"
CURVE = "emotion-curve"
VIEWS = (SWIMLANE, CURVE)


def canvas_tools(links: Links, image_uri: str, label: str) -> str:
    """The bar above a canvas: a link that downloads the view as an SVG file. canvas.js puts
    the full-screen button beside it (a control that needs the script is made by it)."""
    # Saved as <journey>-<view>.svg, so that the maps of several journeys do not overwrite
    # each other in a downloads folder (the file on the site is <journey>/<view>.svg).
    saved_as = image_uri.split("/")[-2] + "-" + image_uri.split("/")[-1]
    return (
        '<p class="journeys-canvas__tools">'
        f'<a class="journeys-canvas__download" href="{esc(links.file(image_uri))}" '
        f'download="{esc(saved_as)}">{esc(label)}</a></p>'
    )


def canvas_table(block: str, label: str, steps: int, stages: str, rows: Iterable[str]) -> list[str]:
    """The scrolling frame and table of a map view (``block``: its CSS block, "journeys-swimlane"):
    a lane column, then a column per step under the stage headers ``stages``, then ``rows``.
    The caller opens the canvas ``<div>`` and adds its tools; this closes it."""
    columns = f'<col class="{block}__lane-column">' + "".join(
        f'<col class="{block}__step-column">' for _ in range(steps)
    )
    return [
        '<div class="journeys-canvas__frame">',
        f'<div class="{block}__scroll journeys-canvas__scroll" role="region" '
        f'tabindex="0" aria-label="{esc(label)}">',
        f'<table class="{block}__table journeys-canvas__table">',
        f"<colgroup>{columns}</colgroup>",
        f'<thead><tr><th scope="col" class="{block}__corner">Stage</th>{stages}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</div>",
        "</div>",
        "</div>",
    ]
