"""The typed objects of a journey map: what the sources say, after validation.

Site-wide items (pain points, opportunities, touchpoints) appear in steps as references
(``PainRef``, ``OpportunityRef``); the catalog merges the references of one id into one item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .keys import DEFAULT_SEVERITY as DEFAULT_SEVERITY
from .keys import DEFAULT_STATUS as DEFAULT_STATUS
from .keys import SEVERITIES as SEVERITIES
from .keys import STATES as STATES
from .keys import STATUSES as STATUSES

# The lanes of a service blueprint that a step may fill, in blueprint order (top to bottom),
# with the customer's actions between physical evidence and frontstage.
LANES = ("physical_evidence", "frontstage", "backstage", "support")
LANE_TITLES = {
    "physical_evidence": "Physical evidence",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support processes",
}


@dataclass(frozen=True)
class Where:
    """A place in a source: the file as shown to people, the line, and the field path."""

    path: str
    line: int
    field: str

    def at(self, field: str) -> Where:
        """The same line, for another field: a key of the item here, a column of a row."""
        return Where(self.path, self.line, field)


@dataclass
class PainRef:
    """A pain point as one step names it: its text and details where this place gives them."""

    id: str
    where: Where
    text: str | None = None
    severity: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class OpportunityRef:
    """An opportunity as one step names it."""

    id: str
    where: Where
    text: str | None = None
    fixes: list[str] = field(default_factory=list)
    fixes_where: list[Where] = field(default_factory=list)
    status: str | None = None
    owner: str | None = None
    impact: int | None = None
    effort: int | None = None


@dataclass
class Step:
    id: str
    action: str
    emotion: int
    where: Where
    expected: int | None = None
    # Touchpoint ids (registered, or the slug of free text), from `touchpoint` or `touchpoints`,
    # and the texts as written, for free-text touchpoints.
    touchpoints: list[str] = field(default_factory=list)
    touchpoint_texts: list[str] = field(default_factory=list)
    touchpoint_where: Where | None = None  # where the touchpoint key is written, for messages
    channel: str | None = None  # as written on the step; the catalog fills a registered default
    thought: str | None = None
    questions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)  # as written; empty means the persona names
    # The lanes of a service blueprint, each a list of texts.
    frontstage: list[str] = field(default_factory=list)
    backstage: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    physical_evidence: list[str] = field(default_factory=list)
    pains: list[PainRef] = field(default_factory=list)
    opportunities: list[OpportunityRef] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    next: list[str] = field(default_factory=list)
    next_where: list[Where] = field(default_factory=list)

    @property
    def touchpoint(self) -> str | None:
        """The step's first touchpoint id (most steps have one)."""
        return self.touchpoints[0] if self.touchpoints else None

    @property
    def gap(self) -> int | None:
        """Expected minus felt emotion: how far the step falls short of the promise."""
        return None if self.expected is None else self.expected - self.emotion


@dataclass
class Stage:
    id: str
    name: str
    where: Where
    steps: list[Step] = field(default_factory=list)


@dataclass
class Journey:
    id: str
    title: str
    source: Path
    where: Where  # the file, line 1
    group: str  # the sub-folder under journeys_dir, "" at the top ("retail/shoes")
    personas: list[str]
    personas_where: list[Where]
    stages: list[Stage]
    state: str = "current"
    current: str | None = None
    current_where: Where | None = None
    owner: str | None = None
    reviewed: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    promise: str | None = None
    body: str = ""
    body_line: int = 1
    # Steps left out for an error already reported; their definitions still count site-wide.
    dropped_steps: list[Step] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        return [step for stage in self.stages for step in stage.steps]

    def stage_of(self, step: Step) -> Stage:
        for stage in self.stages:
            if step in stage.steps:
                return stage
        raise KeyError(step.id)

    @property
    def average_emotion(self) -> float | None:
        scores = [step.emotion for step in self.steps]
        return sum(scores) / len(scores) if scores else None


@dataclass
class Persona:
    id: str
    name: str
    source: Path
    where: Where
    role: str | None = None
    segment: str | None = None
    quote: str | None = None
    goals: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    frustrations: list[str] = field(default_factory=list)
    image: str | None = None  # relative to the persona file, as written
    tags: list[str] = field(default_factory=list)
    body: str = ""
    body_line: int = 1


@dataclass
class Touchpoint:
    id: str
    name: str
    where: Where | None  # None for a free-text touchpoint that no registry names
    channel: str | None = None
    owner: str | None = None

    @property
    def registered(self) -> bool:
        return self.where is not None


@dataclass
class MetricRow:
    """One row of a ``journeys/data/*.csv`` overlay."""

    metric: str
    value: float
    where: Where
    journey: str | None = None
    step: str | None = None
    touchpoint: str | None = None
    period: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Occurrence:
    """A step of a journey, seen from a site-wide item that occurs there."""

    journey: Journey
    stage: Stage
    step: Step


@dataclass
class PainPoint:
    id: str
    text: str
    severity: str
    evidence: list[str]
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass
class Opportunity:
    id: str
    text: str
    status: str
    owner: str | None
    fixes: list[str]
    occurrences: list[Occurrence] = field(default_factory=list)
    impact: int | None = None  # 1..5, given once per id
    effort: int | None = None

    @property
    def scored(self) -> bool:
        return self.impact is not None and self.effort is not None
