"""What a kind of query block is (``Kind``: its fields, columns, sort keys and noun, described
once in ``registry.py``), and the fields each kind can filter on: their values and where a row's
values come from. Field names are the keys of ``journeys export --format json`` (singular where
the export holds a list), so a script can reuse a block's filter on the export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Generic, TypeVar

from ..catalog import Catalog
from ..format.model import (
    LANES,
    SEVERITIES,
    STATES,
    STATUSES,
    Occurrence,
    Opportunity,
    PainPoint,
)

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


def _own_id(about: str, export: str, known: Callable[[Catalog], Iterable[str]]) -> Field[Any]:
    """The id of a pain point or opportunity itself."""
    return Field("id", Type.ID, lambda c, i, o: [i.id], about, export, known=known)


def _rank(
    name: str,
    get: Callable[[Catalog, Reads, Occurrence], Sequence[Value]],
    about: str,
    export: str,
    order: tuple[str, ...],
) -> Field[Reads]:
    """A field of ordered words (severity, status): compared by their place in ``order``."""
    return Field(name, Type.RANK, get, about, export, order=order)


def _any_of(
    name: str,
    get: Callable[[Catalog, Reads, Occurrence], Sequence[Value]],
    about: str,
    export: str,
    known: Callable[[Catalog], Iterable[str]],
) -> Field[Reads]:
    """A field of ids an item may have none of: `yes` and `no` ask whether it has any."""
    return Field(name, Type.ID, get, about, export, known=known, presence=True)


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


def pains_at_step(catalog: Catalog, occurrence: Occurrence) -> list[PainPoint]:
    return [catalog.pain_points[r.id] for r in occurrence.step.pains if r.id in catalog.pain_points]


def opportunities_at_step(catalog: Catalog, occurrence: Occurrence) -> list[Opportunity]:
    refs = occurrence.step.opportunities
    return [catalog.opportunities[r.id] for r in refs if r.id in catalog.opportunities]


def _lane_field(lane: str) -> Field[Occurrence]:
    """A blueprint lane of the step (``LANES``), filtered on like the other texts."""
    name = lane.replace("_", " ")

    def texts(catalog: Catalog, item: object, occurrence: Occurrence) -> Sequence[Value]:
        values: list[str] = getattr(occurrence.step, lane)
        return values

    def known(catalog: Catalog) -> Iterable[str]:
        return {t for j in catalog.journeys.values() for s in j.steps for t in getattr(s, lane)}

    return Field(
        lane,
        Type.TEXT,
        texts,
        f"a text of the step's {name} lane; `yes` or `no`: whether it has any",
        f"steps[].{lane}",
        known=known,
        presence=True,
    )


def _score(name: str, meaning: str) -> Field[Opportunity]:
    """An opportunity's score, 1 to 5: `yes` and `no` ask whether it is scored at all."""
    return Field(
        name,
        Type.NUMBER,
        lambda c, i, o: _one(getattr(i, name)),
        f"{meaning}, 1 to 5; `yes` or `no`: whether it is scored",
        f"opportunities[].{name}",
        bounds=(1, 5),
        presence=True,
    )


_IN_JOURNEY: Field[object] = Field(
    "journey",
    Type.ID,
    lambda c, i, o: [o.journey.id],
    "the journey's id",
    "journeys[].id",
    known=lambda c: c.journeys,
)
_IN_STAGE: Field[object] = Field(
    "stage",
    Type.ID,
    lambda c, i, o: [o.stage.id],
    "the stage's id (in any journey, unless `journey` says which)",
    "stages[].id",
    known=_stage_ids,
)


def _at_step(
    name: str,
    noun: str,
    export: str,
    items: Callable[[Catalog, Occurrence], Sequence[PainPoint | Opportunity]],
    order: tuple[str, ...],
) -> tuple[Field[Occurrence], Field[Occurrence]]:
    """The pain points (or opportunities) at a step: their ids, and their severity (status)."""
    rank = "severity" if order == SEVERITIES else "status"
    plural = "pain_points" if order == SEVERITIES else "opportunities"
    return (
        _any_of(
            name,
            lambda c, i, o: [item.id for item in items(c, o)],
            f"the id of {noun} at the step; `yes` or `no`: whether it has any",
            export,
            lambda c: c.pain_points if order == SEVERITIES else c.opportunities,
        ),
        _rank(
            rank,
            lambda c, i, o: [getattr(item, rank) for item in items(c, o)],
            f"the {rank} of {noun} at the step",
            f"{plural}[].{rank}",
            order,
        ),
    )


# Where a pain point or opportunity occurs: the same for every kind of block.
_PLACE: tuple[Field[object], ...] = (
    _IN_JOURNEY,
    _IN_STAGE,
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
    _any_of(
        "touchpoint",
        lambda c, i, o: o.step.touchpoints,
        "a touchpoint id of the step (`touchpoint` or `touchpoints`)",
        "steps[].touchpoints",
        lambda c: c.touchpoints,
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
    _own_id("the pain point's id", "pain_points[].id", lambda c: c.pain_points),
    _rank(
        "severity",
        lambda c, i, o: [i.severity],
        "low, medium, high or critical",
        "pain_points[].severity",
        SEVERITIES,
    ),
    _any_of(
        "evidence",
        lambda c, i, o: i.evidence,
        "an evidence id; `yes` or `no`: whether it has any",
        "pain_points[].evidence",
        _evidence,
    ),
    _any_of(
        "fixed_by",
        lambda c, i, o: [x.id for x in c.opportunities_fixing(i.id)],
        "the id of an opportunity that fixes it; `yes` or `no`: whether any does",
        "pain_points[].fixed_by",
        lambda c: c.opportunities,
    ),
    _rank(
        "status",
        lambda c, i, o: [x.status for x in c.opportunities_fixing(i.id)],
        "the status of an opportunity that fixes it",
        "opportunities[].status",
        STATUSES,
    ),
    *_PLACE,
    _JOURNEY_OWNER,
)

OPPORTUNITY_FIELDS: tuple[Field[Opportunity], ...] = (
    _own_id("the opportunity's id", "opportunities[].id", lambda c: c.opportunities),
    _rank(
        "status",
        lambda c, i, o: [i.status],
        "idea, planned, in-progress or done",
        "opportunities[].status",
        STATUSES,
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
    _score("impact", "how much it would improve the journey"),
    _score("effort", "how much it would take"),
    _any_of(
        "fixes",
        lambda c, i, o: i.fixes,
        "the id of a pain point it fixes; `yes` or `no`: whether it names any",
        "opportunities[].fixes",
        lambda c: c.pain_points,
    ),
    _rank(
        "severity",
        lambda c, i, o: [c.pain_points[p].severity for p in i.fixes],
        "the severity of a pain point it fixes",
        "pain_points[].severity",
        SEVERITIES,
    ),
    _any_of(
        "evidence",
        lambda c, i, o: [e for p in i.fixes for e in c.pain_points[p].evidence],
        "evidence of a pain point it fixes; `yes` or `no`: whether there is any",
        "pain_points[].evidence",
        _evidence,
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
    *_at_step("pain", "a pain point", "steps[].pains", pains_at_step, SEVERITIES),
    _any_of(
        "evidence",
        lambda c, i, o: [e for p in pains_at_step(c, o) for e in p.evidence],
        "evidence of a pain point at the step; `yes` or `no`: whether there is any",
        "pain_points[].evidence",
        _evidence,
    ),
    *_at_step(
        "opportunity", "an opportunity", "steps[].opportunities", opportunities_at_step, STATUSES
    ),
    *(_lane_field(lane) for lane in LANES),
    _JOURNEY_OWNER,
)

JOURNEY_DIAGRAM_FIELDS: tuple[Field[Occurrence], ...] = (
    replace(
        _IN_JOURNEY, about="the id of the journey to draw (required; several give several diagrams)"
    ),
    replace(_IN_STAGE, about="the stages to draw (default: every stage)"),
)
