"""The rows a query selects from the catalog, sorted; and the sort keys of each kind of table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..catalog import Catalog
from ..format.model import SEVERITIES, STATUSES, Occurrence, Opportunity, PainPoint
from .kinds import Item, Kind, Row, SortKey, Type, Value
from .language import RANGE, Condition, Query


def _journey_count(catalog: Catalog, row: Row[object]) -> int:
    return len({o.journey.id for o in row.places})


def _lowest_emotion(catalog: Catalog, row: Row[object]) -> int:
    return min(o.step.emotion for o in row.places)


def _occurrences(catalog: Catalog, row: Row[object]) -> int:
    return len(row.places)


def _lower(value: str | None) -> str | None:
    return value.casefold() if value else None


PAIN_POINT_SORT_KEYS: dict[str, SortKey[PainPoint]] = {
    "id": lambda c, r: r.item.id,
    "text": lambda c, r: _lower(r.item.text),
    "severity": lambda c, r: SEVERITIES.index(r.item.severity),
    "journeys": _journey_count,
    "occurrences": _occurrences,
    "emotion": _lowest_emotion,
    "evidence": lambda c, r: len(r.item.evidence),
    "fixed_by": lambda c, r: len(c.opportunities_fixing(r.item.id)),
}
OPPORTUNITY_SORT_KEYS: dict[str, SortKey[Opportunity]] = {
    "id": lambda c, r: r.item.id,
    "text": lambda c, r: _lower(r.item.text),
    "status": lambda c, r: STATUSES.index(r.item.status),
    "owner": lambda c, r: _lower(r.item.owner),
    "fixes": lambda c, r: len(r.item.fixes),
    "journeys": _journey_count,
    "occurrences": _occurrences,
    "emotion": _lowest_emotion,
}
STEP_SORT_KEYS: dict[str, SortKey[Occurrence]] = {
    "journey": lambda c, r: r.item.journey.id,
    "stage": lambda c, r: _lower(r.item.stage.name),
    "step": lambda c, r: r.item.step.id,
    "action": lambda c, r: _lower(r.item.step.action),
    "emotion": lambda c, r: r.item.step.emotion,
    "expected": lambda c, r: r.item.step.expected,
    "gap": lambda c, r: r.item.step.gap,
    "touchpoint": lambda c, r: r.item.step.touchpoint,
    "channel": lambda c, r: _lower(c.channel_of(r.item.step)),
    "pains": lambda c, r: len(r.item.step.pains),
}


def select(catalog: Catalog, kind: Kind[Item], query: Query) -> list[Row[Item]]:
    """Every row that meets each condition of the query, in the query's order."""
    rows: list[Row[Item]] = []
    for item, places in kind.items(catalog):
        matching = tuple(o for o in places if _meets(catalog, query.conditions, item, o))
        if matching:
            rows.append(Row(item, matching))
    for key, descending in reversed(query.sort or kind.default_sort):
        rows = _sorted(catalog, rows, kind.sort_keys[key], descending)
    return rows


def _meets(
    catalog: Catalog, conditions: Sequence[Condition], item: object, place: Occurrence
) -> bool:
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
    # Ordered comparisons and ranges: the language gives them whole numbers only.
    numbers = [v for v in values if isinstance(v, int)]
    bounds = [v for v in wanted if isinstance(v, int)]
    if operator == RANGE:
        low, high = bounds
        return any(low <= v <= high for v in numbers)
    target = bounds[0]
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


def _comparable(value: str | int | float) -> tuple[float, str]:
    """One order for the values of a sort key: numbers by size, texts alphabetically."""
    return (0.0, value) if isinstance(value, str) else (float(value), "")


def _sorted(
    catalog: Catalog, rows: list[Row[Item]], key: SortKey[Item], descending: bool
) -> list[Row[Item]]:
    """A stable sort on one key; rows without a value go last either way."""
    with_value: list[tuple[tuple[float, str], Row[Item]]] = []
    without: list[Row[Item]] = []
    for row in rows:
        value = key(catalog, row)
        if value is None:
            without.append(row)
        else:
            with_value.append((_comparable(value), row))
    with_value.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in with_value] + without
