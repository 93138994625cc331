"""The site-wide catalog: every journey, persona, touchpoint, pain point and opportunity by id,
with the links between them in both directions and every broken reference reported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from ..format.folder import Sources, load_sources
from ..format.model import (
    DEFAULT_SEVERITY,
    DEFAULT_STATUS,
    Journey,
    MetricRow,
    Occurrence,
    Opportunity,
    PainPoint,
    Persona,
    Step,
    Touchpoint,
    Where,
)
from ..format.problems import Problems, suggestion
from ..format.words import plural


@dataclass
class Catalog:
    """Everything a site or a report needs, ordered by id so that output is deterministic."""

    root: Path
    journeys: dict[str, Journey] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    touchpoints: dict[str, Touchpoint] = field(default_factory=dict)
    pain_points: dict[str, PainPoint] = field(default_factory=dict)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    metrics: list[MetricRow] = field(default_factory=list)
    folder_titles: dict[str, str] = field(default_factory=dict)  # from each `_folder.yml`
    problems: Problems = field(default_factory=Problems)

    # Derived lookups ---------------------------------------------------------------------
    # Each is answered from an index built on first use, once the catalog is complete:
    # scanning everything per item made page generation grow with the square of the site.

    def journeys_of_persona(self, persona_id: str) -> list[Journey]:
        return list(self._journeys_by_persona.get(persona_id, ()))

    def pains_of_persona(self, persona_id: str) -> list[PainPoint]:
        return list(self._pains_by_persona.get(persona_id, ()))

    def opportunities_fixing(self, pain_id: str) -> list[Opportunity]:
        return list(self._opportunities_by_pain.get(pain_id, ()))

    def futures_of(self, journey_id: str) -> list[Journey]:
        return list(self._futures_by_journey.get(journey_id, ()))

    def steps_using(self, touchpoint_id: str) -> list[Occurrence]:
        return list(self._steps_by_touchpoint.get(touchpoint_id, ()))

    def channel_of(self, step: Step) -> str | None:
        """The step's channel, else the channel of its registered touchpoint."""
        if step.channel:
            return step.channel
        touchpoint = self.touchpoints.get(step.touchpoint or "")
        return touchpoint.channel if touchpoint else None

    def actors_of(self, journey: Journey, step: Step) -> list[str]:
        """The step's actors, else the names of the journey's personas."""
        if step.actors:
            return step.actors
        return [self.persona_name(persona_id) for persona_id in journey.personas]

    def persona_name(self, persona_id: str) -> str:
        persona = self.personas.get(persona_id)
        return persona.name if persona else persona_id

    def metrics_of_step(self, journey: Journey, step: Step) -> list[MetricRow]:
        """Overlay rows aimed at this step, directly or through its touchpoint, in file order."""
        direct = self._metric_rows_by_step.get((journey.id, step.id), [])
        shared = (
            self._metric_rows_by_touchpoint.get(step.touchpoint or "", [])
            if step.touchpoint
            else []
        )
        return [self.metrics[i] for i in sorted(set(direct) | set(shared))]

    def metrics_of_touchpoint(self, touchpoint_id: str) -> list[MetricRow]:
        return [self.metrics[i] for i in self._metric_rows_by_touchpoint.get(touchpoint_id, [])]

    @cached_property
    def _journeys_by_persona(self) -> dict[str, list[Journey]]:
        index: dict[str, list[Journey]] = defaultdict(list)
        for journey in self.journeys.values():
            for persona_id in dict.fromkeys(journey.personas):
                index[persona_id].append(journey)
        return index

    @cached_property
    def _pains_by_persona(self) -> dict[str, list[PainPoint]]:
        index: dict[str, list[PainPoint]] = defaultdict(list)
        for pain in self.pain_points.values():
            personas = {p for o in pain.occurrences for p in o.journey.personas}
            for persona_id in personas:
                index[persona_id].append(pain)
        return index

    @cached_property
    def _opportunities_by_pain(self) -> dict[str, list[Opportunity]]:
        index: dict[str, list[Opportunity]] = defaultdict(list)
        for opportunity in self.opportunities.values():
            for pain_id in dict.fromkeys(opportunity.fixes):
                index[pain_id].append(opportunity)
        return index

    @cached_property
    def _futures_by_journey(self) -> dict[str, list[Journey]]:
        index: dict[str, list[Journey]] = defaultdict(list)
        for journey in self.journeys.values():
            if journey.current is not None:
                index[journey.current].append(journey)
        return index

    @cached_property
    def _steps_by_touchpoint(self) -> dict[str, list[Occurrence]]:
        index: dict[str, list[Occurrence]] = defaultdict(list)
        for journey in self.journeys.values():
            for stage in journey.stages:
                for step in stage.steps:
                    if step.touchpoint:
                        index[step.touchpoint].append(Occurrence(journey, stage, step))
        return index

    @cached_property
    def _metric_rows_by_step(self) -> dict[tuple[str, str], list[int]]:
        index: dict[tuple[str, str], list[int]] = defaultdict(list)
        for number, row in enumerate(self.metrics):
            if row.journey is not None and row.step is not None:
                index[(row.journey, row.step)].append(number)
        return index

    @cached_property
    def _metric_rows_by_touchpoint(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = defaultdict(list)
        for number, row in enumerate(self.metrics):
            if row.touchpoint is not None:
                index[row.touchpoint].append(number)
        return index


def load_catalog(root: Path, base: Path | None = None) -> Catalog:
    """Read a journeys folder and check every reference across it."""
    return build_catalog(load_sources(root, base))


def build_catalog(sources: Sources) -> Catalog:
    catalog = Catalog(
        root=sources.root, folder_titles=sources.folder_titles, problems=sources.problems
    )
    problems = catalog.problems
    catalog.personas = _unique(sources.personas, "persona", problems)
    catalog.touchpoints = _unique(sources.touchpoints, "touchpoint", problems)
    catalog.journeys = _unique(sources.journeys, "journey", problems)
    for journey in catalog.journeys.values():
        _check_journey(catalog, journey, problems)
    defined_pains = _collect_pain_points(catalog, problems)
    _collect_opportunities(catalog, problems, defined_pains)
    catalog.metrics = [row for row in sources.metrics if _check_metric(catalog, row, problems)]
    catalog.touchpoints = dict(sorted(catalog.touchpoints.items()))
    return catalog


_Item = TypeVar("_Item", Journey, Persona, Touchpoint)


def _unique(items: Iterable[_Item], kind: str, problems: Problems) -> dict[str, _Item]:
    """Items by id, sorted; a second item with a taken id is an error that names both files."""
    result: dict[str, _Item] = {}
    for item in sorted(items, key=lambda i: (i.id, _where(i).path, _where(i).line)):
        first = result.get(item.id)
        if first is not None:
            here, there = _where(item), _where(first)
            problems.error(
                here.path,
                here.line,
                "id" if kind != "touchpoint" else f"{here.field}.id",
                f"{kind} id '{item.id}' is also used by {there.path}:{there.line} "
                f"({kind} ids are unique site-wide)",
            )
            continue
        result[item.id] = item
    return result


def _where(item: Journey | Persona | Touchpoint) -> Where:
    return item.where or Where("", 1, "")


def _check_journey(catalog: Catalog, journey: Journey, problems: Problems) -> None:
    for persona_id, where in zip(journey.personas, journey.personas_where, strict=True):
        if persona_id not in catalog.personas:
            problems.error(
                where.path,
                where.line,
                where.field,
                f"unknown persona '{persona_id}' ({suggestion(persona_id, catalog.personas)})",
            )
    if journey.current is not None and journey.current_where is not None:
        where = journey.current_where
        target = catalog.journeys.get(journey.current)
        if target is None:
            problems.error(
                where.path,
                where.line,
                where.field,
                f"unknown journey '{journey.current}' (the id of a current-state map: "
                f"{suggestion(journey.current, _current_ids(catalog))})",
            )
        elif target.state != "current":
            problems.error(
                where.path,
                where.line,
                where.field,
                f"'{journey.current}' is a future-state map (name a current-state map)",
            )
    step_ids = {step.id for step in journey.steps}
    for stage in journey.stages:
        for step in stage.steps:
            for target_id, where in zip(step.next, step.next_where, strict=True):
                if target_id not in step_ids:
                    problems.error(
                        where.path,
                        where.line,
                        where.field,
                        f"unknown step '{target_id}' in this journey "
                        f"({suggestion(target_id, step_ids)})",
                    )
            _register_touchpoint(catalog, step)
    for step in journey.dropped_steps:
        _register_touchpoint(catalog, step)


def _register_touchpoint(catalog: Catalog, step: Step) -> None:
    """A touchpoint no registry names is a free-text one, its id the slug of its text."""
    if step.touchpoint and step.touchpoint not in catalog.touchpoints:
        catalog.touchpoints[step.touchpoint] = Touchpoint(
            id=step.touchpoint, name=step.touchpoint_text or step.touchpoint, where=None
        )


def _current_ids(catalog: Catalog) -> list[str]:
    return [j.id for j in catalog.journeys.values() if j.state == "current"]


def _dropped_steps(catalog: Catalog) -> Iterable[Step]:
    for journey in sorted(catalog.journeys.values(), key=lambda j: j.where.path):
        yield from journey.dropped_steps


def _occurrences(catalog: Catalog) -> Iterable[tuple[Occurrence, Step]]:
    for journey in sorted(catalog.journeys.values(), key=lambda j: j.where.path):
        for stage in journey.stages:
            for step in stage.steps:
                yield Occurrence(journey, stage, step), step


def _conflict(
    problems: Problems,
    kind: str,
    item_id: str,
    what: str,
    values: tuple[str, str],
    places: tuple[Where, Where],
) -> None:
    first, second = places
    problems.error(
        second.path,
        second.line,
        f"{second.field}.{what}" if what != "text" else second.field,
        f"{kind} '{item_id}' has two {plural(what)}: '{values[0]}' at {first.path}:{first.line} "
        "and "
        f"'{values[1]}' here (give it once, refer to it elsewhere by '- id: {item_id}')",
    )


def _collect_pain_points(catalog: Catalog, problems: Problems) -> set[str]:
    """Merge every pain point reference into one item per id; return every id defined."""
    texts: dict[str, tuple[str, Where]] = {}
    severities: dict[str, tuple[str, Where]] = {}
    found: dict[str, PainPoint] = {}
    for occurrence, step in _occurrences(catalog):
        for ref in step.pains:
            pain = found.setdefault(ref.id, PainPoint(ref.id, "", DEFAULT_SEVERITY, []))
            if not pain.occurrences or pain.occurrences[-1].step is not step:
                pain.occurrences.append(occurrence)  # once per step, listed twice or not
            for evidence in ref.evidence:
                if evidence not in pain.evidence:
                    pain.evidence.append(evidence)
            _merge(problems, "pain point", ref.id, "text", ref.text, ref.where, texts)
            _merge(problems, "pain point", ref.id, "severity", ref.severity, ref.where, severities)
    for step in _dropped_steps(catalog):
        for ref in step.pains:
            _merge(problems, "pain point", ref.id, "text", ref.text, ref.where, texts)
    for _occurrence, step in _occurrences(catalog):
        for ref in step.pains:
            if ref.id not in texts and ref.text is None:
                problems.error(
                    ref.where.path,
                    ref.where.line,
                    ref.where.field + ".id",
                    f"pain point '{ref.id}' has no text anywhere (give 'text:' once, or fix the "
                    f"id: {suggestion(ref.id, texts)})",
                )
    for pain_id, pain in found.items():
        pain.text = texts[pain_id][0] if pain_id in texts else pain_id
        pain.severity = severities[pain_id][0] if pain_id in severities else DEFAULT_SEVERITY
    catalog.pain_points = dict(sorted(found.items()))
    return set(texts) | set(found)


def _merge(
    problems: Problems,
    kind: str,
    item_id: str,
    what: str,
    value: str | None,
    where: Where,
    seen: dict[str, tuple[str, Where]],
) -> None:
    """Remember the first value given for an id; a different second value is a conflict."""
    if value is None:
        return
    first = seen.get(item_id)
    if first is None:
        seen[item_id] = (value, where)
    elif first[0] != value:
        _conflict(problems, kind, item_id, what, (first[0], value), (first[1], where))


def _collect_opportunities(catalog: Catalog, problems: Problems, defined_pains: set[str]) -> None:
    texts: dict[str, tuple[str, Where]] = {}
    statuses: dict[str, tuple[str, Where]] = {}
    owners: dict[str, tuple[str, Where]] = {}
    found: dict[str, Opportunity] = {}
    for occurrence, step in _occurrences(catalog):
        for ref in step.opportunities:
            item = found.setdefault(ref.id, Opportunity(ref.id, "", DEFAULT_STATUS, None, []))
            if not item.occurrences or item.occurrences[-1].step is not step:
                item.occurrences.append(occurrence)  # once per step, listed twice or not
            _merge(problems, "opportunity", ref.id, "text", ref.text, ref.where, texts)
            _merge(problems, "opportunity", ref.id, "status", ref.status, ref.where, statuses)
            _merge(problems, "opportunity", ref.id, "owner", ref.owner, ref.where, owners)
            for pain_id, where in zip(ref.fixes, ref.fixes_where, strict=True):
                if pain_id not in defined_pains:
                    problems.error(
                        where.path,
                        where.line,
                        where.field,
                        f"unknown pain point '{pain_id}' "
                        f"({suggestion(pain_id, catalog.pain_points)})",
                    )
                elif pain_id not in item.fixes and pain_id in catalog.pain_points:
                    item.fixes.append(pain_id)
    for step in _dropped_steps(catalog):
        for ref in step.opportunities:
            _merge(problems, "opportunity", ref.id, "text", ref.text, ref.where, texts)
    for _occurrence, step in _occurrences(catalog):
        for ref in step.opportunities:
            if ref.id not in texts and ref.text is None:
                problems.error(
                    ref.where.path,
                    ref.where.line,
                    ref.where.field + ".id",
                    f"opportunity '{ref.id}' has no text anywhere (give 'text:' once, or fix the "
                    f"id: {suggestion(ref.id, texts)})",
                )
    for item_id, item in found.items():
        item.text = texts[item_id][0] if item_id in texts else item_id
        item.status = statuses[item_id][0] if item_id in statuses else DEFAULT_STATUS
        item.owner = owners[item_id][0] if item_id in owners else None
    catalog.opportunities = dict(sorted(found.items()))


def _check_metric(catalog: Catalog, row: MetricRow, problems: Problems) -> bool:
    where = row.where
    if row.touchpoint is not None:
        if row.touchpoint not in catalog.touchpoints:
            problems.error(
                where.path,
                where.line,
                "touchpoint",
                f"unknown touchpoint '{row.touchpoint}' "
                f"({suggestion(row.touchpoint, catalog.touchpoints)})",
            )
            return False
        return True
    journey = catalog.journeys.get(row.journey or "")
    if journey is None:
        problems.error(
            where.path,
            where.line,
            "journey",
            f"unknown journey '{row.journey}' ({suggestion(row.journey or '', catalog.journeys)})",
        )
        return False
    # A step left out for an error of its own still exists: one mistake, one message.
    step_ids = [step.id for step in [*journey.steps, *journey.dropped_steps] if step.id]
    if row.step not in step_ids:
        problems.error(
            where.path,
            where.line,
            "step",
            f"unknown step '{row.step}' in journey '{journey.id}' "
            f"({suggestion(row.step or '', step_ids)})",
        )
        return False
    return True
