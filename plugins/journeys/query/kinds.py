"""What a kind of query block is (``Kind``: its fields, columns, sort keys and noun, described
once in ``registry.py``), and the fields each kind can filter on: their values and where a row's
values come from. Field names are the keys of ``journeys export --format json`` (singular where
the export holds a list), so a script can reuse a block's filter on the export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from ..catalog import Catalog
from ..format.model import SEVERITIES, STATES, STATUSES, Occurrence, Opportunity, PainPoint

PAIN_POINTS = "pain-points"
OPPORTUNITIES = "opportunities"
STEPS = "steps"
JOURNEY_DIAGRAM = "journey-diagram"

Value = str | int
# The item a row of a kind holds: a pain point, an opportunity, or a step where it occurs.
Item = TypeVar("Item")
# A field, column or sort key that reads only where an item occurs serves every kind of item.
Reads = TypeVar("Reads", contravariant=True)
Holds = TypeVar("Holds", covariant=True)


class Type(StrEnum):
    ID = "id"  # an id, compared exactly
    TEXT = "text"  # free text (owner, channel, tag), compared without regard to case
    RANK = "rank"  # one of an ordered list of words (severity, status)
    NUMBER = "number"  # a whole number (emotion, gap)


@dataclass(frozen=True)
class Field(Generic[Reads]):
    """What a block can filter on. ``get`` gives a row's values for it, from an item and one of
    the steps where it occurs (for a step, the step itself): pain points and opportunities match
    when one of their steps meets every line."""

    name: str
    type: Type
    get: Callable[[Catalog, Reads, Occurrence], Sequence[Value]]
    about: str  # one line for the docs and the messages
    export: str  # where the export keeps it
    known: Callable[[Catalog], Iterable[str]] | None = None  # the values a map uses
    order: tuple[str, ...] = ()  # a rank's words, lowest first
    bounds: tuple[int, int] | None = None  # a number's range
    presence: bool = False  # `yes` / `no` ask whether there is any value at all


@dataclass(frozen=True)
class Row(Generic[Holds]):
    """An item the query selects, and the steps where it matches (for a step: itself)."""

    item: Holds
    places: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Column(Generic[Reads]):
    """A column a table can show: its header, and its cell (Markdown) for a row on a page
    (the page's docs-relative path, where links start from)."""

    header: str
    cell: Callable[[Catalog, Row[Reads], str], str]
    about: str


# A row's value to sort on; rows without one go last.
SortKey = Callable[[Catalog, Row[Item]], str | int | float | None]


@dataclass(frozen=True)
class Kind(Generic[Item]):
    """One kind of query block, described once: the fence's name, the noun for its rows, the
    fields it filters on, its options, and for a table its columns and sort keys; where its items
    come from and where the export keeps them."""

    name: str
    noun: str
    fields: tuple[Field[Item], ...]
    options: tuple[str, ...]
    items: Callable[[Catalog], Iterable[tuple[Item, Sequence[Occurrence]]]]
    columns: Mapping[str, Column[Item]] = field(default_factory=dict)
    default_columns: tuple[str, ...] = ()
    sort_keys: Mapping[str, SortKey[Item]] = field(default_factory=dict)
    default_sort: tuple[tuple[str, bool], ...] = ()  # (sort key, descending)
    export_list: str = ""  # the list of the JSON export that holds the items
    export_id: Callable[[Item], str] = str  # an item's id there (see ``export_entry_id``)

    def field_named(self, name: str) -> Field[Item] | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    @property
    def field_names(self) -> list[str]:
        return [spec.name for spec in self.fields]


def export_entry_id(entry: Mapping[str, Any]) -> str:
    """An entry of the export by the id ``Kind.export_id`` gives: a step's is journey/step."""
    return f"{entry['journey']}/{entry['id']}" if "stage" in entry else str(entry["id"])


def _one(value: Value | None) -> Sequence[Value]:
    return [] if value is None or value == "" else [value]


def _stage_ids(catalog: Catalog) -> Iterable[str]:
    return {stage.id for j in catalog.journeys.values() for stage in j.stages}


def _step_ids(catalog: Catalog) -> Iterable[str]:
    return {step.id for j in catalog.journeys.values() for step in j.steps}


def _channels(catalog: Catalog) -> Iterable[str]:
    used = {catalog.channel_of(s) for j in catalog.journeys.values() for s in j.steps}
    used |= {t.channel for t in catalog.touchpoints.values()}
    return {channel for channel in used if channel}


def _evidence(catalog: Catalog) -> Iterable[str]:
    return {e for pain in catalog.pain_points.values() for e in pain.evidence}


def _journey_owners(catalog: Catalog) -> Iterable[str]:
    return {j.owner for j in catalog.journeys.values() if j.owner}


def _pains_of(catalog: Catalog, occurrence: Occurrence) -> list[PainPoint]:
    return [catalog.pain_points[r.id] for r in occurrence.step.pains if r.id in catalog.pain_points]


def _opportunities_of(catalog: Catalog, occurrence: Occurrence) -> list[Opportunity]:
    refs = occurrence.step.opportunities
    return [catalog.opportunities[r.id] for r in refs if r.id in catalog.opportunities]


# Where a pain point or opportunity occurs: the same for every kind of block.
_PLACE: tuple[Field[object], ...] = (
    Field(
        "journey",
        Type.ID,
        lambda c, i, o: [o.journey.id],
        "the journey's id",
        "journeys[].id",
        known=lambda c: c.journeys,
    ),
    Field(
        "stage",
        Type.ID,
        lambda c, i, o: [o.stage.id],
        "the stage's id (in any journey, unless `journey` says which)",
        "stages[].id",
        known=_stage_ids,
    ),
    Field(
        "step",
        Type.ID,
        lambda c, i, o: [o.step.id],
        "the step's id",
        "steps[].id",
        known=_step_ids,
    ),
    Field(
        "persona",
        Type.ID,
        lambda c, i, o: o.journey.personas,
        "a persona id of the journey",
        "journeys[].personas",
        known=lambda c: c.personas,
    ),
    Field(
        "touchpoint",
        Type.ID,
        lambda c, i, o: _one(o.step.touchpoint),
        "the step's touchpoint id",
        "steps[].touchpoint",
        known=lambda c: c.touchpoints,
        presence=True,
    ),
    Field(
        "channel",
        Type.TEXT,
        lambda c, i, o: _one(c.channel_of(o.step)),
        "the step's channel (or its touchpoint's)",
        "steps[].channel",
        known=_channels,
        presence=True,
    ),
    Field(
        "emotion",
        Type.NUMBER,
        lambda c, i, o: [o.step.emotion],
        "the emotion at the step, 1 to 5",
        "steps[].emotion",
        bounds=(1, 5),
    ),
    Field(
        "tag",
        Type.TEXT,
        lambda c, i, o: o.journey.tags,
        "a tag of the journey",
        "journeys[].tags",
        known=lambda c: {t for j in c.journeys.values() for t in j.tags},
        presence=True,
    ),
    Field(
        "state",
        Type.ID,
        lambda c, i, o: [o.journey.state],
        "the journey's state: current or future",
        "journeys[].state",
        known=lambda c: STATES,
    ),
)

_JOURNEY_OWNER: Field[object] = Field(
    "owner",
    Type.TEXT,
    lambda c, i, o: _one(o.journey.owner),
    "the owner of the journey map",
    "journeys[].owner",
    known=_journey_owners,
    presence=True,
)

PAIN_POINT_FIELDS: tuple[Field[PainPoint], ...] = (
    Field(
        "id",
        Type.ID,
        lambda c, i, o: [i.id],
        "the pain point's id",
        "pain_points[].id",
        known=lambda c: c.pain_points,
    ),
    Field(
        "severity",
        Type.RANK,
        lambda c, i, o: [i.severity],
        "low, medium, high or critical",
        "pain_points[].severity",
        order=SEVERITIES,
    ),
    Field(
        "evidence",
        Type.ID,
        lambda c, i, o: i.evidence,
        "an evidence id; `yes` or `no`: whether it has any",
        "pain_points[].evidence",
        known=_evidence,
        presence=True,
    ),
    Field(
        "fixed_by",
        Type.ID,
        lambda c, i, o: [x.id for x in c.opportunities_fixing(i.id)],
        "the id of an opportunity that fixes it; `yes` or `no`: whether any does",
        "pain_points[].fixed_by",
        known=lambda c: c.opportunities,
        presence=True,
    ),
    Field(
        "status",
        Type.RANK,
        lambda c, i, o: [x.status for x in c.opportunities_fixing(i.id)],
        "the status of an opportunity that fixes it",
        "opportunities[].status",
        order=STATUSES,
    ),
    *_PLACE,
    _JOURNEY_OWNER,
)

OPPORTUNITY_FIELDS: tuple[Field[Opportunity], ...] = (
    Field(
        "id",
        Type.ID,
        lambda c, i, o: [i.id],
        "the opportunity's id",
        "opportunities[].id",
        known=lambda c: c.opportunities,
    ),
    Field(
        "status",
        Type.RANK,
        lambda c, i, o: [i.status],
        "idea, planned, in-progress or done",
        "opportunities[].status",
        order=STATUSES,
    ),
    Field(
        "owner",
        Type.TEXT,
        lambda c, i, o: _one(i.owner),
        "who owns the opportunity",
        "opportunities[].owner",
        known=lambda c: {x.owner for x in c.opportunities.values() if x.owner},
        presence=True,
    ),
    Field(
        "fixes",
        Type.ID,
        lambda c, i, o: i.fixes,
        "the id of a pain point it fixes; `yes` or `no`: whether it names any",
        "opportunities[].fixes",
        known=lambda c: c.pain_points,
        presence=True,
    ),
    Field(
        "severity",
        Type.RANK,
        lambda c, i, o: [c.pain_points[p].severity for p in i.fixes],
        "the severity of a pain point it fixes",
        "pain_points[].severity",
        order=SEVERITIES,
    ),
    Field(
        "evidence",
        Type.ID,
        lambda c, i, o: [e for p in i.fixes for e in c.pain_points[p].evidence],
        "evidence of a pain point it fixes; `yes` or `no`: whether there is any",
        "pain_points[].evidence",
        known=_evidence,
        presence=True,
    ),
    *_PLACE,
)

STEP_FIELDS: tuple[Field[Occurrence], ...] = (
    *_PLACE,
    Field(
        "expected",
        Type.NUMBER,
        lambda c, i, o: _one(o.step.expected),
        "the emotion the promise implies, 1 to 5",
        "steps[].expected",
        bounds=(1, 5),
    ),
    Field(
        "gap",
        Type.NUMBER,
        lambda c, i, o: _one(o.step.gap),
        "expected minus felt emotion",
        "steps[].gap",
        bounds=(-4, 4),
    ),
    Field(
        "pain",
        Type.ID,
        lambda c, i, o: [r.id for r in o.step.pains],
        "the id of a pain point at the step; `yes` or `no`: whether it has any",
        "steps[].pains",
        known=lambda c: c.pain_points,
        presence=True,
    ),
    Field(
        "severity",
        Type.RANK,
        lambda c, i, o: [p.severity for p in _pains_of(c, o)],
        "the severity of a pain point at the step",
        "pain_points[].severity",
        order=SEVERITIES,
    ),
    Field(
        "evidence",
        Type.ID,
        lambda c, i, o: [e for p in _pains_of(c, o) for e in p.evidence],
        "evidence of a pain point at the step; `yes` or `no`: whether there is any",
        "pain_points[].evidence",
        known=_evidence,
        presence=True,
    ),
    Field(
        "opportunity",
        Type.ID,
        lambda c, i, o: [r.id for r in o.step.opportunities],
        "the id of an opportunity at the step; `yes` or `no`: whether it has any",
        "steps[].opportunities",
        known=lambda c: c.opportunities,
        presence=True,
    ),
    Field(
        "status",
        Type.RANK,
        lambda c, i, o: [x.status for x in _opportunities_of(c, o)],
        "the status of an opportunity at the step",
        "opportunities[].status",
        order=STATUSES,
    ),
    _JOURNEY_OWNER,
)

JOURNEY_DIAGRAM_FIELDS: tuple[Field[Occurrence], ...] = (
    Field(
        "journey",
        Type.ID,
        lambda c, i, o: [o.journey.id],
        "the id of the journey to draw (required; several give several diagrams)",
        "journeys[].id",
        known=lambda c: c.journeys,
    ),
    Field(
        "stage",
        Type.ID,
        lambda c, i, o: [o.stage.id],
        "the stages to draw (default: every stage)",
        "stages[].id",
        known=_stage_ids,
    ),
)
