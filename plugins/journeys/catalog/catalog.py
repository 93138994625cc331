"""The site-wide catalog: every journey, persona, touchpoint, pain point and opportunity by id,
with the links between them in both directions. ``build.py`` builds it and ``references.py``
checks what refers to what."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from ..format.model import (
    Journey,
    MetricRow,
    Occurrence,
    Opportunity,
    PainPoint,
    Persona,
    Step,
    Touchpoint,
)
from ..format.problems import Problems


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

    @cached_property
    def pain_heads(self) -> dict[str, PainPoint]:
        """Each pain point with its own keys only (text, severity, evidence), its
        ``occurrences`` left empty: what a journey's page and images show of the pain points
        it names. Read from here, they do not change when another journey that names the same
        pain point does, so under ``mkdocs serve`` that journey's page is not made again
        (pages/incremental.py); read ``pain_points`` for where a pain point occurs."""
        return {key: replace(pain, occurrences=[]) for key, pain in self.pain_points.items()}

    # Derived lookups ---------------------------------------------------------------------
    # Each is answered from an index built on first use, once the catalog is complete:
    # scanning everything per item made page generation grow with the square of the site.

    def journeys_of_persona(self, persona_id: str) -> list[Journey]:
        return list(self._journeys_by_persona.get(persona_id, ()))

    def pains_of_persona(self, persona_id: str) -> list[PainPoint]:
        return list(self._pains_by_persona.get(persona_id, ()))

    def opportunities_fixing(self, pain_id: str) -> list[Opportunity]:
        return list(self._opportunities_by_pain.get(pain_id, ()))

    def journeys_in_folder(self, group: str) -> list[Journey]:
        """The journeys of one folder (``""``: the top level), by title."""
        return list(self._journeys_by_folder.get(group, ()))

    def futures_of(self, journey_id: str) -> list[Journey]:
        return list(self._futures_by_journey.get(journey_id, ()))

    def steps_using(self, touchpoint_id: str) -> list[Occurrence]:
        return list(self._steps_by_touchpoint.get(touchpoint_id, ()))

    def channel_of(self, step: Step) -> str | None:
        """The step's channel, else the channel of its (first) registered touchpoint."""
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
        shared = [i for t in step.touchpoints for i in self._metric_rows_by_touchpoint.get(t, [])]
        return [self.metrics[i] for i in sorted(set(direct) | set(shared))]

    def metrics_of_touchpoint(self, touchpoint_id: str) -> list[MetricRow]:
        return [self.metrics[i] for i in self._metric_rows_by_touchpoint.get(touchpoint_id, [])]

    @cached_property
    def _journeys_by_persona(self) -> dict[str, list[Journey]]:
        return _index(self.journeys.values(), lambda journey: journey.personas)

    @cached_property
    def _journeys_by_folder(self) -> dict[str, list[Journey]]:
        ordered = sorted(self.journeys.values(), key=lambda j: (j.title.lower(), j.id))
        return _index(ordered, lambda journey: [journey.group])

    @cached_property
    def _pains_by_persona(self) -> dict[str, list[PainPoint]]:
        return _index(
            self.pain_points.values(),
            lambda pain: [p for o in pain.occurrences for p in o.journey.personas],
        )

    @cached_property
    def _opportunities_by_pain(self) -> dict[str, list[Opportunity]]:
        return _index(self.opportunities.values(), lambda opportunity: opportunity.fixes)

    @cached_property
    def _futures_by_journey(self) -> dict[str, list[Journey]]:
        return _index(self.journeys.values(), lambda journey: _present(journey.current))

    @cached_property
    def _steps_by_touchpoint(self) -> dict[str, list[Occurrence]]:
        occurrences = (
            Occurrence(journey, stage, step)
            for journey in self.journeys.values()
            for stage in journey.stages
            for step in stage.steps
        )
        return _index(occurrences, lambda o: o.step.touchpoints)

    @cached_property
    def _metric_rows_by_step(self) -> dict[tuple[str, str], list[int]]:
        def step_of(number: int) -> list[tuple[str, str]]:
            row = self.metrics[number]
            return [] if row.journey is None or row.step is None else [(row.journey, row.step)]

        return _index(range(len(self.metrics)), step_of)

    @cached_property
    def _metric_rows_by_touchpoint(self) -> dict[str, list[int]]:
        return _index(range(len(self.metrics)), lambda n: _present(self.metrics[n].touchpoint))


_T = TypeVar("_T")
_K = TypeVar("_K")


def _index(items: Iterable[_T], keys_of: Callable[[_T], Iterable[_K]]) -> dict[_K, list[_T]]:
    """The items under each of their keys, in the items' order; an item once per key."""
    index: dict[_K, list[_T]] = defaultdict(list)
    for item in items:
        for key in dict.fromkeys(keys_of(item)):
            index[key].append(item)
    return index


def _present(value: str | None) -> list[str]:
    return [] if not value else [value]
