"""What changed in the maps between two catalogs: journeys, stages, steps, scores, pain points,
opportunities, personas and touchpoints, each matched by id.

A journey is the same journey when its id is the same, wherever its file is; a step is the same
step when its id is the same within its journey, so a reworded action is a change and not a
removal. Everything is listed in a fixed order (journeys, personas and site-wide items by id,
stages and steps in map order), so the same two revisions always give the same report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from .catalog import Catalog
from .format.keys import JOURNEY, OPPORTUNITY, PAIN, PERSONA, STEP, TOUCHPOINT, Object
from .format.model import (
    Journey,
    Occurrence,
    Opportunity,
    OpportunityRef,
    PainPoint,
    PainRef,
    Persona,
    Stage,
    Step,
    Touchpoint,
)

Kind = Literal["added", "removed", "changed", "unreadable"]
Value = str | int | float | list[str] | dict[str, float] | None


@dataclass(frozen=True)
class FieldChange:
    """One key whose value differs: ``old`` and ``new`` as the sources give them (None: absent)."""

    field: str
    old: Value
    new: Value


@dataclass
class StepChange:
    id: str
    kind: Kind
    action: str  # after the change; before it for a removed step
    stage: str  # the stage id after the change; before it for a removed step
    stage_name: str
    emotion: int | None  # after the change; before it for a removed step
    touchpoint: str | None = None  # shown for an added step: where it happens
    thought: str | None = None  # shown for an added step
    old_stage: str | None = None  # set when the step moved to another stage
    old_stage_name: str | None = None
    reordered: bool = False  # moved within its stage, relative to the other steps
    fields: list[FieldChange] = field(default_factory=list)
    pains_added: list[str] = field(default_factory=list)
    pains_removed: list[str] = field(default_factory=list)
    opportunities_added: list[str] = field(default_factory=list)
    opportunities_removed: list[str] = field(default_factory=list)
    # "base" or "head" when the step has errors on that side and could not be compared
    unreadable_on: str | None = None

    def field_change(self, name: str) -> FieldChange | None:
        return next((change for change in self.fields if change.field == name), None)


@dataclass
class StageChange:
    id: str
    kind: Kind
    name: str  # after the change; before it for a removed stage
    old_name: str | None = None  # set when the name changed
    reordered: bool = False


@dataclass
class JourneyChange:
    id: str
    kind: Kind
    title: str  # after the change; before it for a removed journey
    path: str  # the file after the change; before it for a removed journey
    old_path: str | None = None  # set when the file moved
    fields: list[FieldChange] = field(default_factory=list)
    stages: list[StageChange] = field(default_factory=list)
    steps: list[StepChange] = field(default_factory=list)
    pains_added: list[str] = field(default_factory=list)  # ids this journey did not have before
    pains_resolved: list[str] = field(default_factory=list)  # ids it no longer has
    opportunities_added: list[str] = field(default_factory=list)
    opportunities_removed: list[str] = field(default_factory=list)
    average_emotion: tuple[float | None, float | None] = (None, None)
    previous_id: str | None = None  # an added journey in the file that held this id before
    unreadable_on: str | None = None  # "base" or "head": the file has errors there


@dataclass
class ItemChange:
    """A site-wide item (persona, pain point, opportunity, touchpoint) added, removed or changed."""

    id: str
    kind: Kind
    name: str  # its name or text, after the change (before it when removed)
    fields: list[FieldChange] = field(default_factory=list)
    path: str | None = None  # personas: the file
    old_path: str | None = None


@dataclass
class Diff:
    journeys: list[JourneyChange] = field(default_factory=list)
    personas: list[ItemChange] = field(default_factory=list)
    pain_points: list[ItemChange] = field(default_factory=list)
    opportunities: list[ItemChange] = field(default_factory=list)
    touchpoints: list[ItemChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.journeys
            or self.personas
            or self.pain_points
            or self.opportunities
            or self.touchpoints
        )

    def steps(self) -> list[StepChange]:
        return [step for journey in self.journeys for step in journey.steps]


def diff_catalogs(old: Catalog, new: Catalog) -> Diff:
    """Everything that differs between two catalogs."""
    unreadable_old = _files_with_errors(old)
    unreadable_new = _files_with_errors(new)
    result = Diff()
    old_by_path = {journey.where.path: journey for journey in old.journeys.values()}
    for journey_id in sorted(set(old.journeys) | set(new.journeys)):
        before, after = old.journeys.get(journey_id), new.journeys.get(journey_id)
        if before is not None and after is not None:
            change = _journey_change(old, new, before, after)
            if change is not None:
                result.journeys.append(change)
        elif after is not None:
            change = _whole_journey(new, after, "added")
            previous = old_by_path.get(after.where.path)
            if previous is not None and previous.id not in new.journeys:
                change.previous_id = previous.id
            if after.where.path in unreadable_old:
                change.unreadable_on = "base"
            result.journeys.append(change)
        elif before is not None:
            readable = before.where.path not in unreadable_new
            change = _whole_journey(old, before, "removed" if readable else "unreadable")
            change.unreadable_on = None if readable else "head"
            result.journeys.append(change)

    # An item that is gone only because the file or step that holds it has errors on the new
    # side is not reported as removed: nothing can be said about it until the errors are fixed.
    def unread_file(item: Persona | Touchpoint) -> bool:
        return item.where is not None and item.where.path in unreadable_new

    def unread_occurrences(item: PainPoint | Opportunity) -> bool:
        return bool(item.occurrences) and all(
            _unread_at(new, unreadable_new, o) for o in item.occurrences
        )

    result.personas = _items(
        old.personas, new.personas, _persona_fields, _persona_name, unread_file, True
    )
    result.pain_points = _items(
        old.pain_points,
        new.pain_points,
        lambda p: _fields(p, PAIN),
        lambda p: p.text,
        unread_occurrences,
    )
    result.opportunities = _items(
        old.opportunities,
        new.opportunities,
        lambda o: _fields(o, OPPORTUNITY),
        lambda o: o.text,
        unread_occurrences,
    )
    result.touchpoints = _items(
        _registered(old.touchpoints),
        _registered(new.touchpoints),
        lambda t: _fields(t, TOUCHPOINT),
        lambda t: t.name,
        unread_file,
    )
    return result


def _unread_at(new: Catalog, unreadable_new: set[str], occurrence: Occurrence) -> bool:
    """Whether the step of an old occurrence has errors on the new side (so it was not read)."""
    journey = new.journeys.get(occurrence.journey.id)
    if journey is None:
        return occurrence.journey.where.path in unreadable_new
    return any(step.id == occurrence.step.id for step in journey.dropped_steps)


def _files_with_errors(catalog: Catalog) -> set[str]:
    return {problem.path for problem in catalog.problems.errors}


def _registered(touchpoints: dict[str, Touchpoint]) -> dict[str, Touchpoint]:
    """Touchpoints of the registry; a free-text one shows as a change of the steps that use it."""
    return {key: value for key, value in touchpoints.items() if value.registered}


# Journeys ----------------------------------------------------------------------------------


def _value(value: object) -> Value:
    """A value of the model as the diff compares it: a date as YYYY-MM-DD, lists as copies."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, dict):
        return {str(name): float(amount) for name, amount in value.items()}
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _fields(item: object, keys: Object, **instead: Value) -> dict[str, Value]:
    """The keys the diff compares (the key table's), with values ``instead`` of the model's."""
    return {
        key.field_name: (
            instead[key.field_name]
            if key.field_name in instead
            else _value(getattr(item, key.field_name))
        )
        for key in keys.compared
    }


def _journey_fields(journey: Journey) -> dict[str, Value]:
    return {**_fields(journey, JOURNEY), "notes": journey.body.strip() or None}


def _whole_journey(catalog: Catalog, journey: Journey, kind: Kind) -> JourneyChange:
    """An added or removed journey: every stage, step, pain and opportunity in it goes with it."""
    change = JourneyChange(journey.id, kind, journey.title, journey.where.path)
    if kind == "unreadable":
        return change  # its file has errors on the new side: nothing can be compared
    step_kind: Kind = "added" if kind == "added" else "removed"
    change.stages = [StageChange(stage.id, step_kind, stage.name) for stage in journey.stages]
    change.steps = [
        StepChange(
            step.id,
            step_kind,
            step.action,
            stage.id,
            stage.name,
            step.emotion,
            touchpoint=step.touchpoint_text or step.touchpoint,
            thought=step.thought,
        )
        for stage in journey.stages
        for step in stage.steps
    ]
    pains = sorted(_ids(step.pains for step in journey.steps))
    opportunities = sorted(_ids(step.opportunities for step in journey.steps))
    if kind == "added":
        change.pains_added, change.opportunities_added = pains, opportunities
        change.average_emotion = (None, journey.average_emotion)
    else:
        change.pains_resolved, change.opportunities_removed = pains, opportunities
        change.average_emotion = (journey.average_emotion, None)
    return change


def _journey_change(
    old: Catalog, new: Catalog, before: Journey, after: Journey
) -> JourneyChange | None:
    change = JourneyChange(after.id, "changed", after.title, after.where.path)
    if before.where.path != after.where.path:
        change.old_path = before.where.path
    change.fields = _field_changes(_journey_fields(before), _journey_fields(after))
    change.stages = _stage_changes(before, after)
    change.steps = _step_changes(before, after)
    old_pains = _ids(step.pains for step in before.steps)
    new_pains = _ids(step.pains for step in after.steps)
    change.pains_added = sorted(new_pains - old_pains)
    change.pains_resolved = sorted(old_pains - new_pains)
    old_opportunities = _ids(step.opportunities for step in before.steps)
    new_opportunities = _ids(step.opportunities for step in after.steps)
    change.opportunities_added = sorted(new_opportunities - old_opportunities)
    change.opportunities_removed = sorted(old_opportunities - new_opportunities)
    change.average_emotion = (before.average_emotion, after.average_emotion)
    if not (
        change.old_path
        or change.fields
        or change.stages
        or change.steps
        or change.pains_added
        or change.pains_resolved
        or change.opportunities_added
        or change.opportunities_removed
    ):
        return None
    return change


def _ids(groups: Iterable[Iterable[PainRef | OpportunityRef]]) -> set[str]:
    return {ref.id for refs in groups for ref in refs}


# Stages and steps --------------------------------------------------------------------------


def _stage_changes(before: Journey, after: Journey) -> list[StageChange]:
    old_stages = {stage.id: stage for stage in before.stages}
    new_stages = {stage.id: stage for stage in after.stages}
    moved = _out_of_order([s.id for s in before.stages], [s.id for s in after.stages])
    changes = []
    for stage in after.stages:
        previous = old_stages.get(stage.id)
        if previous is None:
            changes.append(StageChange(stage.id, "added", stage.name))
        elif previous.name != stage.name or stage.id in moved:
            renamed = previous.name if previous.name != stage.name else None
            changes.append(StageChange(stage.id, "changed", stage.name, renamed, stage.id in moved))
    for stage in before.stages:
        if stage.id not in new_stages:
            changes.append(StageChange(stage.id, "removed", stage.name))
    return changes


def _step_fields(step: Step) -> dict[str, Value]:
    return _fields(step, STEP, touchpoint=step.touchpoint_text)


def _step_changes(before: Journey, after: Journey) -> list[StepChange]:
    old_steps = {step.id: (stage, step) for stage in before.stages for step in stage.steps}
    new_steps = {step.id: (stage, step) for stage in after.stages for step in stage.steps}
    old_dropped = {step.id for step in before.dropped_steps}
    new_dropped = {step.id for step in after.dropped_steps}
    # Steps that moved to another stage are reported as such; the rest of the reordering is
    # found as the steps outside the longest run kept in the same order.
    same_stage = [
        step_id
        for step_id in new_steps
        if step_id in old_steps and old_steps[step_id][0].id == new_steps[step_id][0].id
    ]
    reordered = _out_of_order(
        [step_id for step_id in old_steps if step_id in same_stage], same_stage
    )
    changes = []
    for stage, step in new_steps.values():
        if step.id not in old_steps:
            added = StepChange(step.id, "added", step.action, stage.id, stage.name, step.emotion)
            added.touchpoint = step.touchpoint_text or step.touchpoint
            added.thought = step.thought
            added.unreadable_on = "base" if step.id in old_dropped else None
            changes.append(added)
            continue
        old_stage, old_step = old_steps[step.id]
        change = _step_change(old_stage, old_step, stage, step, step.id in reordered)
        if change is not None:
            changes.append(change)
    for stage, step in old_steps.values():
        if step.id not in new_steps:
            kind: Kind = "unreadable" if step.id in new_dropped else "removed"
            removed = StepChange(step.id, kind, step.action, stage.id, stage.name, step.emotion)
            removed.unreadable_on = "head" if kind == "unreadable" else None
            changes.append(removed)
    return changes


def _step_change(
    old_stage: Stage, old_step: Step, stage: Stage, step: Step, reordered: bool
) -> StepChange | None:
    change = StepChange(
        step.id, "changed", step.action, stage.id, stage.name, step.emotion, reordered=reordered
    )
    if old_stage.id != stage.id:
        change.old_stage, change.old_stage_name = old_stage.id, old_stage.name
    change.fields = _field_changes(_step_fields(old_step), _step_fields(step))
    old_pains, new_pains = [p.id for p in old_step.pains], [p.id for p in step.pains]
    change.pains_added = [p for p in new_pains if p not in old_pains]
    change.pains_removed = [p for p in old_pains if p not in new_pains]
    old_opps = [o.id for o in old_step.opportunities]
    new_opps = [o.id for o in step.opportunities]
    change.opportunities_added = [o for o in new_opps if o not in old_opps]
    change.opportunities_removed = [o for o in old_opps if o not in new_opps]
    if not (
        change.old_stage
        or reordered
        or change.fields
        or change.pains_added
        or change.pains_removed
        or change.opportunities_added
        or change.opportunities_removed
    ):
        return None
    return change


def _out_of_order(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """The ids of ``new_order`` that moved: those outside a longest common subsequence.

    Both sequences hold the same ids. Ties go to the earliest ids, so the result is fixed.
    """
    old_ids = set(old_order)
    common = [item for item in new_order if item in old_ids]
    common_ids = set(common)
    old_common = [item for item in old_order if item in common_ids]
    if common == old_common:
        return set()
    rows, cols = len(old_common), len(common)
    lengths = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            lengths[i][j] = (
                lengths[i + 1][j + 1] + 1
                if old_common[i] == common[j]
                else max(lengths[i + 1][j], lengths[i][j + 1])
            )
    kept: set[str] = set()
    i = j = 0
    while i < rows and j < cols:
        if old_common[i] == common[j]:
            kept.add(common[j])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return set(common) - kept


# Site-wide items ---------------------------------------------------------------------------


def _persona_fields(persona: Persona) -> dict[str, Value]:
    return {**_fields(persona, PERSONA), "notes": persona.body.strip() or None}


def _persona_name(persona: Persona) -> str:
    return persona.name


_Item = TypeVar("_Item")


def _items(
    old: dict[str, _Item],
    new: dict[str, _Item],
    fields_of: Callable[[_Item], dict[str, Value]],
    name_of: Callable[[_Item], str],
    unreadable: Callable[[_Item], bool],
    with_paths: bool = False,
) -> list[ItemChange]:
    changes = []
    for item_id in sorted(set(old) | set(new)):
        before, after = old.get(item_id), new.get(item_id)
        if before is None and after is not None:
            change = ItemChange(item_id, "added", name_of(after))
        elif after is None and before is not None:
            kind: Kind = "unreadable" if unreadable(before) else "removed"
            change = ItemChange(item_id, kind, name_of(before))
        elif before is not None and after is not None:
            change = ItemChange(
                item_id,
                "changed",
                name_of(after),
                _field_changes(fields_of(before), fields_of(after)),
            )
            if with_paths:
                old_path, new_path = _path_of(before), _path_of(after)
                change.old_path = old_path if old_path != new_path else None
            if not change.fields and change.old_path is None:
                continue
        else:  # pragma: no cover - the id came from one of the two
            continue
        if with_paths:
            change.path = _path_of(after if after is not None else before)
        changes.append(change)
    return changes


def _path_of(item: object) -> str | None:
    where = getattr(item, "where", None)
    return where.path if where is not None else None


def _field_changes(before: dict[str, Value], after: dict[str, Value]) -> list[FieldChange]:
    """The keys whose values differ, in the order of ``after``; an empty list counts as absent."""
    changes = []
    for key, value in after.items():
        old_value, new_value = _absent_as_none(before.get(key)), _absent_as_none(value)
        if old_value != new_value:
            changes.append(FieldChange(key, old_value, new_value))
    return changes


def _absent_as_none(value: Value) -> Value:
    return None if value in ("", [], {}) else value
