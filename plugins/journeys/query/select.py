"""The rows a query selects from the catalog, sorted."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import SEVERITIES, STATUSES, Occurrence, Opportunity, PainPoint
from .fields import OPPORTUNITIES, PAIN_POINTS, STEPS, Item, Type, Value
from .language import RANGE, Condition, Query


@dataclass(frozen=True)
class Row:
    """An item the query selects, and the steps where it matches (for a step: itself)."""

    item: Item
    places: tuple[Occurrence, ...]


SortKey = Callable[[Catalog, Row], str | int | float | None]


def _pain(row: Row) -> PainPoint:
    assert isinstance(row.item, PainPoint)
    return row.item


def _opportunity(row: Row) -> Opportunity:
    assert isinstance(row.item, Opportunity)
    return row.item


def _step(row: Row) -> Occurrence:
    assert isinstance(row.item, Occurrence)
    return row.item


def _journey_count(catalog: Catalog, row: Row) -> int:
    return len({o.journey.id for o in row.places})


def _lowest_emotion(catalog: Catalog, row: Row) -> int:
    return min(o.step.emotion for o in row.places)


def _lower(value: str | None) -> str | None:
    return value.casefold() if value else None


SORT_KEYS: dict[str, dict[str, SortKey]] = {
    PAIN_POINTS: {
        "id": lambda c, r: _pain(r).id,
        "text": lambda c, r: _lower(_pain(r).text),
        "severity": lambda c, r: SEVERITIES.index(_pain(r).severity),
        "journeys": _journey_count,
        "occurrences": lambda c, r: len(r.places),
        "emotion": _lowest_emotion,
        "evidence": lambda c, r: len(_pain(r).evidence),
        "fixed_by": lambda c, r: len(c.opportunities_fixing(_pain(r).id)),
    },
    OPPORTUNITIES: {
        "id": lambda c, r: _opportunity(r).id,
        "text": lambda c, r: _lower(_opportunity(r).text),
        "status": lambda c, r: STATUSES.index(_opportunity(r).status),
        "owner": lambda c, r: _lower(_opportunity(r).owner),
        "fixes": lambda c, r: len(_opportunity(r).fixes),
        "journeys": _journey_count,
        "occurrences": lambda c, r: len(r.places),
        "emotion": _lowest_emotion,
    },
    STEPS: {
        "journey": lambda c, r: _step(r).journey.id,
        "stage": lambda c, r: _lower(_step(r).stage.name),
        "step": lambda c, r: _step(r).step.id,
        "action": lambda c, r: _lower(_step(r).step.action),
        "emotion": lambda c, r: _step(r).step.emotion,
        "expected": lambda c, r: _step(r).step.expected,
        "gap": lambda c, r: _step(r).step.gap,
        "touchpoint": lambda c, r: _step(r).step.touchpoint,
        "channel": lambda c, r: _lower(c.channel_of(_step(r).step)),
        "pains": lambda c, r: len(_step(r).step.pains),
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
