"""The cross-reference checks of the catalog: ids unique site-wide, and every id a source names
(a persona, a current-state map, a step, a journey or touchpoint of a metric row) defined."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from ..format.model import Journey, MetricRow, Persona, Touchpoint, Where
from ..format.problems import Problems, suggestion
from .catalog import Catalog

_Item = TypeVar("_Item", Journey, Persona, Touchpoint)


def unique(items: Iterable[_Item], kind: str, problems: Problems) -> dict[str, _Item]:
    """Items by id, sorted; a second item with a taken id is an error that names both files."""
    result: dict[str, _Item] = {}
    for item in sorted(items, key=lambda i: (i.id, _where(i).path, _where(i).line)):
        first = result.get(item.id)
        if first is not None:
            here, there = _where(item), _where(first)
            problems.error_at(
                here.at("id" if kind != "touchpoint" else f"{here.field}.id"),
                f"{kind} id '{item.id}' is also used by {there.path}:{there.line} "
                f"({kind} ids are unique site-wide)",
            )
            continue
        result[item.id] = item
    return result


def _where(item: Journey | Persona | Touchpoint) -> Where:
    return item.where or Where("", 1, "")


def check_journey(catalog: Catalog, journey: Journey, problems: Problems) -> None:
    """The personas, the current-state map and the next steps a journey names."""
    for persona_id, where in zip(journey.personas, journey.personas_where, strict=True):
        if persona_id not in catalog.personas:
            problems.error_at(
                where,
                f"unknown persona '{persona_id}' ({suggestion(persona_id, catalog.personas)})",
            )
    if journey.current is not None and journey.current_where is not None:
        where = journey.current_where
        target = catalog.journeys.get(journey.current)
        if target is None:
            problems.error_at(
                where,
                f"unknown journey '{journey.current}' (the id of a current-state map: "
                f"{suggestion(journey.current, _current_ids(catalog))})",
            )
        elif target.state != "current":
            problems.error_at(
                where, f"'{journey.current}' is a future-state map (name a current-state map)"
            )
    step_ids = {step.id for step in journey.steps}
    for step in journey.steps:
        for target_id, where in zip(step.next, step.next_where, strict=True):
            if target_id not in step_ids:
                problems.error_at(
                    where,
                    f"unknown step '{target_id}' in this journey "
                    f"({suggestion(target_id, step_ids)})",
                )


def _current_ids(catalog: Catalog) -> list[str]:
    return [j.id for j in catalog.journeys.values() if j.state == "current"]


def check_metric(catalog: Catalog, row: MetricRow, problems: Problems) -> bool:
    """Whether a metric row aims at a touchpoint, or a journey's step, that exists."""
    where = row.where
    if row.touchpoint is not None:
        if row.touchpoint not in catalog.touchpoints:
            problems.error_at(
                where.at("touchpoint"),
                f"unknown touchpoint '{row.touchpoint}' "
                f"({suggestion(row.touchpoint, catalog.touchpoints)})",
            )
            return False
        return True
    journey = catalog.journeys.get(row.journey or "")
    if journey is None:
        problems.error_at(
            where.at("journey"),
            f"unknown journey '{row.journey}' ({suggestion(row.journey or '', catalog.journeys)})",
        )
        return False
    # A step left out for an error of its own still exists: one mistake, one message.
    step_ids = [step.id for step in [*journey.steps, *journey.dropped_steps] if step.id]
    if row.step not in step_ids:
        problems.error_at(
            where.at("step"),
            f"unknown step '{row.step}' in journey '{journey.id}' "
            f"({suggestion(row.step or '', step_ids)})",
        )
        return False
    return True
