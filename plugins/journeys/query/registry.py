"""The kinds of query block, each described once: its fields, options, columns, sort keys,
noun, where its items come from and where the export keeps them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..catalog import Catalog
from ..format.model import Occurrence, Opportunity, PainPoint
from .columns import OPPORTUNITY_COLUMNS, PAIN_POINT_COLUMNS, STEP_COLUMNS
from .kinds import (
    JOURNEY_DIAGRAM,
    JOURNEY_DIAGRAM_FIELDS,
    OPPORTUNITIES,
    OPPORTUNITY_FIELDS,
    PAIN_POINT_FIELDS,
    PAIN_POINTS,
    STEP_FIELDS,
    STEPS,
    Kind,
)
from .language import DIAGRAM_OPTIONS, TABLE_OPTIONS
from .select import OPPORTUNITY_SORT_KEYS, PAIN_POINT_SORT_KEYS, STEP_SORT_KEYS


def _pain_points(catalog: Catalog) -> Iterator[tuple[PainPoint, Sequence[Occurrence]]]:
    return ((pain, pain.occurrences) for pain in catalog.pain_points.values())


def _opportunities(catalog: Catalog) -> Iterator[tuple[Opportunity, Sequence[Occurrence]]]:
    return ((o, o.occurrences) for o in catalog.opportunities.values())


def _steps(catalog: Catalog) -> Iterator[tuple[Occurrence, Sequence[Occurrence]]]:
    """Every step, in the order of its map; a step occurs only where it is."""
    for journey in catalog.journeys.values():
        for stage in journey.stages:
            for step in stage.steps:
                occurrence = Occurrence(journey, stage, step)
                yield occurrence, (occurrence,)


PAIN_POINTS_KIND: Kind[PainPoint] = Kind(
    PAIN_POINTS,
    "pain points",
    PAIN_POINT_FIELDS,
    TABLE_OPTIONS,
    _pain_points,
    PAIN_POINT_COLUMNS,
    ("text", "severity", "journeys", "personas", "fixed_by"),
    PAIN_POINT_SORT_KEYS,
    # Without `sort:`, the worst pain points come first; the rest keep the catalog's order (by
    # id, and steps in the order of their map).
    (("severity", True),),
    "pain_points",
    lambda pain: pain.id,
)
OPPORTUNITIES_KIND: Kind[Opportunity] = Kind(
    OPPORTUNITIES,
    "opportunities",
    OPPORTUNITY_FIELDS,
    TABLE_OPTIONS,
    _opportunities,
    OPPORTUNITY_COLUMNS,
    ("text", "status", "owner", "fixes", "journeys"),
    OPPORTUNITY_SORT_KEYS,
    (),
    "opportunities",
    lambda opportunity: opportunity.id,
)
STEPS_KIND: Kind[Occurrence] = Kind(
    STEPS,
    "steps",
    STEP_FIELDS,
    TABLE_OPTIONS,
    _steps,
    STEP_COLUMNS,
    ("journey", "stage", "action", "touchpoint", "emotion", "pains"),
    STEP_SORT_KEYS,
    (),
    "steps",
    lambda occurrence: f"{occurrence.journey.id}/{occurrence.step.id}",
)
JOURNEY_DIAGRAM_KIND: Kind[Occurrence] = Kind(
    JOURNEY_DIAGRAM, "journeys", JOURNEY_DIAGRAM_FIELDS, DIAGRAM_OPTIONS, _steps
)

# By the name of their fence; Any: each kind is typed by its items where it is described.
TABLE_KINDS: dict[str, Kind[Any]] = {
    kind.name: kind for kind in (PAIN_POINTS_KIND, OPPORTUNITIES_KIND, STEPS_KIND)
}
KINDS: dict[str, Kind[Any]] = {**TABLE_KINDS, JOURNEY_DIAGRAM: JOURNEY_DIAGRAM_KIND}
