"""Counts of what the maps hold, three times over: as read and validated, as written on the
generated pages, and as exported. ``journeys validate --stats`` shows them side by side, so that
nothing is lost on the way from the sources to the site or the export without anyone seeing it.

The pages are counted from the Markdown the plugin hands MkDocs, by the marks a reader sees: a
journey's step rows (their anchors) and stage tables, the pages of pain points, touchpoints and
personas, the rows where a pain point occurs, the opportunities' anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, fields
from typing import Any

from .catalog import Catalog
from .export import export_json
from .pages.generate import GeneratedPage, generate_pages
from .pages.journey import STEP_COLUMNS
from .web import addresses
from .web.sanitize import BODY_END, BODY_START


@dataclass(frozen=True)
class Counts:
    journeys: int
    stages: int
    steps: int
    pain_points: int
    pain_occurrences: int
    opportunities: int
    touchpoints: int
    personas: int


LABELS = {
    "journeys": "journeys",
    "stages": "stages",
    "steps": "steps",
    "pain_points": "pain points",
    "pain_occurrences": "pain point occurrences",
    "opportunities": "opportunities",
    "touchpoints": "touchpoints",
    "personas": "personas",
}


def from_catalog(catalog: Catalog) -> Counts:
    journeys = catalog.journeys.values()
    return Counts(
        journeys=len(catalog.journeys),
        stages=sum(len(j.stages) for j in journeys),
        steps=sum(len(j.steps) for j in journeys),
        pain_points=len(catalog.pain_points),
        pain_occurrences=sum(len(p.occurrences) for p in catalog.pain_points.values()),
        opportunities=len(catalog.opportunities),
        touchpoints=len(catalog.touchpoints),
        personas=len(catalog.personas),
    )


_STEP_ROW = re.compile(r'<span id="step-[a-z0-9-]+"></span>')
_STAGE_TABLE = "| " + " | ".join(STEP_COLUMNS) + " |"
_OCCURRENCE = re.compile(r"\]\([^)\s]*#step-[a-z0-9-]+\)")
_OPPORTUNITY = re.compile(r'<span id="opportunity-[a-z0-9-]+"></span>')


def _item_pages(pages: Mapping[str, str], index: str) -> list[str]:
    """The Markdown of the per-item pages under an index page's folder."""
    folder = index.removesuffix("index.md")
    return [markdown for uri, markdown in pages.items() if uri.startswith(folder) and uri != index]


def _without_body(markdown: str) -> str:
    """A page without its map's free Markdown, which may hold anything."""
    start = markdown.find(BODY_START)
    return markdown if start < 0 else markdown[:start] + markdown[markdown.rfind(BODY_END) :]


def from_pages(generated: Iterable[GeneratedPage]) -> Counts:
    pages = {page.src_uri: page.markdown for page in generated}
    journeys = [_without_body(m) for m in _item_pages(pages, addresses.JOURNEYS)]
    pains = _item_pages(pages, addresses.PAIN_POINTS)
    return Counts(
        journeys=len(journeys),
        stages=sum(m.count(_STAGE_TABLE) for m in journeys),
        steps=sum(len(_STEP_ROW.findall(m)) for m in journeys),
        pain_points=len(pains),
        pain_occurrences=sum(len(_OCCURRENCE.findall(m)) for m in pains),
        opportunities=len(_OPPORTUNITY.findall(pages.get(addresses.OPPORTUNITIES, ""))),
        touchpoints=len(_item_pages(pages, addresses.TOUCHPOINTS)),
        personas=len(_item_pages(pages, addresses.PERSONAS)),
    )


def from_export(exported: Mapping[str, Any]) -> Counts:
    """Counts of ``journeys export --format json``."""
    return Counts(
        journeys=len(exported["journeys"]),
        stages=len(exported["stages"]),
        steps=len(exported["steps"]),
        pain_points=len(exported["pain_points"]),
        pain_occurrences=sum(len(p["occurrences"]) for p in exported["pain_points"]),
        opportunities=len(exported["opportunities"]),
        touchpoints=len(exported["touchpoints"]),
        personas=len(exported["personas"]),
    )


def left_out(catalog: Catalog) -> int:
    """Steps that the sources hold but that an error of their own keeps off every output."""
    return sum(len(journey.dropped_steps) for journey in catalog.journeys.values())


def table(columns: Mapping[str, Counts]) -> str:
    """The counts as a text table, one row per kind of item, one column per place."""
    names = list(columns)
    width = max(len(label) for label in LABELS.values())
    lines = [" " * width + "".join(f"{name:>10}" for name in names)]
    for index, field in enumerate(fields(Counts)):
        values = [astuple(columns[name])[index] for name in names]
        lines.append(f"{LABELS[field.name]:<{width}}" + "".join(f"{v:>10}" for v in values))
    return "\n".join(lines)


def differences(columns: Mapping[str, Counts]) -> list[str]:
    """What differs between the columns, in words; empty when every count agrees."""
    first, *others = columns
    found = []
    for field in fields(Counts):
        expected = getattr(columns[first], field.name)
        for other in others:
            got = getattr(columns[other], field.name)
            if got != expected:
                found.append(
                    f"{LABELS[field.name]}: {expected} in the {first}, {got} in the {other}"
                )
    return found


def count_everywhere(catalog: Catalog) -> dict[str, Counts]:
    """The counts as read ("maps"), on the generated pages ("site") and in the export."""
    return {
        "maps": from_catalog(catalog),
        "site": from_pages(generate_pages(catalog)),
        "export": from_export(export_json(catalog)),
    }
