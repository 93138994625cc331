"""The rows a query selects from the catalog, sorted."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..catalog import Catalog
from ..format.model import SEVERITIES, STATUSES, Occurrence
from .kinds import (
    OPPORTUNITIES,
    PAIN_POINTS,
    STEPS,
    Item,
    Type,
    Value,
    as_opportunity,
    as_pain,
    as_step,
)
from .language import RANGE, Condition, Query


@dataclass(frozen=True)
class Row:
    """An item the query selects, and the steps where it matches (for a step: itself)."""

    item: Item
    places: tuple[Occurrence, ...]


SortKey = Callable[[Catalog, Row], str | int | float | None]


def _journey_count(catalog: Catalog, row: Row) -> int:
    return len({o.journey.id for o in row.places})


def _lowest_emotion(catalog: Catalog, row: Row) -> int:
    return min(o.step.emotion for o in row.places)


def _lower(value: str | None) -> str | None:
    return value.casefold() if value else None


SORT_KEYS: dict[str, dict[str, SortKey]] = {
    PAIN_POINTS: {
        "id": lambda c, r: as_pain(r.item).id,
        "text": lambda c, r: _lower(as_pain(r.item).text),
        "severity": lambda c, r: SEVERITIES.index(as_pain(r.item).severity),
        "journeys": _journey_count,
        "occurrences": lambda c, r: len(r.places),
        "emotion": _lowest_emotion,
        "evidence": lambda c, r: len(as_pain(r.item).evidence),
        "fixed_by": lambda c, r: len(c.opportunities_fixing(as_pain(r.item).id)),
    },
    OPPORTUNITIES: {
        "id": lambda c, r: as_opportunity(r.item).id,
        "text": lambda c, r: _lower(as_opportunity(r.item).text),
        "status": lambda c, r: STATUSES.index(as_opportunity(r.item).status),
        "owner": lambda c, r: _lower(as_opportunity(r.item).owner),
        "fixes": lambda c, r: len(as_opportunity(r.item).fixes),
        "journeys": _journey_count,
        "occurrences": lambda c, r: len(r.places),
        "emotion": _lowest_emotion,
    },
    STEPS: {
        "journey": lambda c, r: as_step(r.item).journey.id,
        "stage": lambda c, r: _lower(as_step(r.item).stage.name),
        "step": lambda c, r: as_step(r.item).step.id,
        "action": lambda c, r: _lower(as_step(r.item).step.action),
        "emotion": lambda c, r: as_step(r.item).step.emotion,
        "expected": lambda c, r: as_step(r.item).step.expected,
        "gap": lambda c, r: as_step(r.item).step.gap,
        "touchpoint": lambda c, r: as_step(r.item).step.touchpoint,
        "channel": lambda c, r: _lower(c.channel_of(as_step(r.item).step)),
        "pains": lambda c, r: len(as_step(r.item).step.pains),
    },
}
# Without `sort:`, the worst pain points come first; the rest keep the catalog's order (by id,
# and steps in the order of their map).
DEFAULT_SORT: dict[str, list[tuple[str, bool]]] = {
    PAIN_POINTS: [("severity", True)],
    OPPORTUNITIES: [],
    STEPS: [],
}


def select(catalog: Catalog, query: Query) -> list[Row]:
    """Every row that meets each condition of the query, in the query's order."""
    rows: list[Row] = []
    for item, places in _candidates(catalog, query.kind):
        matching = tuple(o for o in places if _meets(catalog, query.conditions, item, o))
        if matching:
            rows.append(Row(item, matching))
    for key, descending in reversed(query.sort or DEFAULT_SORT[query.kind]):
        rows = _sorted(catalog, rows, SORT_KEYS[query.kind][key], descending)
    return rows


def _candidates(catalog: Catalog, kind: str) -> Iterator[tuple[Item, list[Occurrence]]]:
    if kind == PAIN_POINTS:
        yield from ((pain, pain.occurrences) for pain in catalog.pain_points.values())
    elif kind == OPPORTUNITIES:
        yield from ((o, o.occurrences) for o in catalog.opportunities.values())
    else:
        for journey in catalog.journeys.values():
            for stage in journey.stages:
                for step in stage.steps:
                    occurrence = Occurrence(journey, stage, step)
                    yield occurrence, [occurrence]


def _meets(catalog: Catalog, conditions: list[Condition], item: Item, place: Occurrence) -> bool:
    return all(_holds(c, c.field.get(catalog, item, place)) for c in conditions)


def _holds(condition: Condition, raw: Sequence[Value]) -> bool:
    values = [_normal(condition, v) for v in raw]
    if condition.presence is not None:
        return bool(values) == condition.presence
    wanted = condition.values
    operator = condition.operator
    if operator == "=":
        return any(v in wanted for v in values)
    if operator == "!=":
        return not any(v in wanted for v in values)
    numbers = [v for v in values if isinstance(v, int)]
    target = wanted[0]
    assert isinstance(target, int)
    if operator == RANGE:
        high = wanted[1]
        assert isinstance(high, int)
        return any(target <= v <= high for v in numbers)
    compare: dict[str, Callable[[int], bool]] = {
        ">=": lambda v: v >= target,
        "<=": lambda v: v <= target,
        ">": lambda v: v > target,
        "<": lambda v: v < target,
    }
    return any(compare[operator](v) for v in numbers)


def _normal(condition: Condition, value: Value) -> Value:
    spec = condition.field
    if spec.type is Type.RANK:
        return spec.order.index(str(value)) if value in spec.order else -1
    if spec.type is Type.TEXT:
        return str(value).casefold()
    return value


def _sorted(catalog: Catalog, rows: list[Row], key: SortKey, descending: bool) -> list[Row]:
    """A stable sort on one key; rows without a value go last either way."""
    present = [(key(catalog, row), row) for row in rows]
    with_value = [pair for pair in present if pair[0] is not None]
    without = [row for value, row in present if value is None]
    with_value.sort(key=lambda pair: pair[0], reverse=descending)  # type: ignore[arg-type,return-value]
    return [row for _, row in with_value] + without
