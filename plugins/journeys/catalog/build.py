"""Building the catalog from the parsed sources: items by id, free-text touchpoints registered,
and the site-wide items (pain points, opportunities) merged from every step that names them."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ..format.folder import Sources, load_sources
from ..format.keys import OPPORTUNITY, PAIN, Object, Type
from ..format.model import (
    DEFAULT_SEVERITY,
    DEFAULT_STATUS,
    Journey,
    Occurrence,
    Opportunity,
    OpportunityRef,
    PainPoint,
    PainRef,
    Stage,
    Step,
    Touchpoint,
    Where,
)
from ..format.problems import Problems, suggestion
from ..format.words import plural
from .catalog import Catalog
from .references import check_journey, check_metric, unique


def load_catalog(root: Path, base: Path | None = None) -> Catalog:
    """Read a journeys folder and check every reference across it."""
    return build_catalog(load_sources(root, base))


def build_catalog(sources: Sources) -> Catalog:
    catalog = Catalog(
        root=sources.root, folder_titles=sources.folder_titles, problems=sources.problems
    )
    problems = catalog.problems
    catalog.personas = unique(sources.personas, "persona", problems)
    catalog.touchpoints = unique(sources.touchpoints, "touchpoint", problems)
    catalog.journeys = unique(sources.journeys, "journey", problems)
    # Only touchpoints.yml registers (a free-text touchpoint has no place), so this list holds
    # while the journeys add their free-text ones below.
    registered = tuple(t.id for t in catalog.touchpoints.values() if t.where is not None)
    for journey in catalog.journeys.values():
        check_journey(catalog, journey, problems)
        _register_touchpoints(catalog, journey)
        for step in journey.steps:
            _near_registered_touchpoint(catalog, step, registered, problems)
    catalog.pain_points, defined_pains = _merge_site_wide(catalog, _pain_points(), problems)
    catalog.opportunities, _ = _merge_site_wide(
        catalog, _opportunities(catalog, defined_pains, problems), problems
    )
    catalog.metrics = [row for row in sources.metrics if check_metric(catalog, row, problems)]
    catalog.touchpoints = dict(sorted(catalog.touchpoints.items()))
    return catalog


def _register_touchpoints(catalog: Catalog, journey: Journey) -> None:
    """A touchpoint no registry names is a free-text one, its id the slug of its text."""
    for step in [*journey.steps, *journey.dropped_steps]:
        for touchpoint_id, text in zip(step.touchpoints, step.touchpoint_texts, strict=True):
            if touchpoint_id not in catalog.touchpoints:
                catalog.touchpoints[touchpoint_id] = Touchpoint(touchpoint_id, text, where=None)


def _near_registered_touchpoint(
    catalog: Catalog, step: Step, registered: tuple[str, ...], problems: Problems
) -> None:
    """A free-text touchpoint one typo away from a registered id is most likely that one."""
    where = step.touchpoint_where
    if where is None:
        return
    for touchpoint_id, text in zip(step.touchpoints, step.touchpoint_texts, strict=True):
        touchpoint = catalog.touchpoints.get(touchpoint_id)
        if touchpoint is None or touchpoint.where is not None:
            continue  # a registered one
        close = _closest_registered(touchpoint.id, registered)
        if close is not None:
            problems.warning(
                where.path,
                where.line,
                where.field,
                f"'{text}' is not in touchpoints.yml, so it is a touchpoint of its own "
                f"(did you mean '{close}'?)",
            )


@lru_cache(maxsize=4096)
def _closest_registered(touchpoint_id: str, registered: tuple[str, ...]) -> str | None:
    """Remembered between builds: the same free-text touchpoints are checked against the same
    registry on every save under `mkdocs serve`, and difflib took a third of building the catalog
    at 1,000 journeys."""
    close = difflib.get_close_matches(touchpoint_id, registered, n=1, cutoff=0.85)
    return close[0] if close else None


# Site-wide items -----------------------------------------------------------------------------


# The types of a site-wide item's keys that are given once per id (the lists gather instead).
_GIVEN_ONCE = (Type.TEXT, Type.CHOICE, Type.SCORE)


class _Ref(Protocol):
    """An item as one step names it."""

    id: str
    where: Where
    text: str | None


class _Merged(Protocol):
    """The one item of an id, merged from every step that names it."""

    text: str
    occurrences: list[Occurrence]


R = TypeVar("R", bound=_Ref)
M = TypeVar("M", bound=_Merged)


@dataclass(frozen=True)
class _SiteWide(Generic[R, M]):
    """A kind of item that steps name by id, anywhere in the site. Its texts and choices (by the
    key table) are given once per id, a different second value being an error that names both
    places; its lists gather what every place adds."""

    kind: str  # for messages: "pain point"
    keys: Object
    refs: Callable[[Step], Sequence[R]]
    new: Callable[[str], M]  # the item of an id, with the defaults of its keys
    gather: Callable[[M, R], None]  # what one place adds to the item's lists


def _pain_points() -> _SiteWide[PainRef, PainPoint]:
    def gather(pain: PainPoint, ref: PainRef) -> None:
        for evidence in ref.evidence:
            if evidence not in pain.evidence:
                pain.evidence.append(evidence)

    return _SiteWide(
        "pain point",
        PAIN,
        lambda step: step.pains,
        lambda pain_id: PainPoint(pain_id, pain_id, DEFAULT_SEVERITY, []),
        gather,
    )


def _opportunities(
    catalog: Catalog, defined_pains: set[str], problems: Problems
) -> _SiteWide[OpportunityRef, Opportunity]:
    def gather(item: Opportunity, ref: OpportunityRef) -> None:
        for pain_id, where in zip(ref.fixes, ref.fixes_where, strict=True):
            if pain_id not in defined_pains:
                problems.error_at(
                    where,
                    f"unknown pain point '{pain_id}' ({suggestion(pain_id, catalog.pain_points)})",
                )
            elif pain_id not in item.fixes and pain_id in catalog.pain_points:
                item.fixes.append(pain_id)

    return _SiteWide(
        "opportunity",
        OPPORTUNITY,
        lambda step: step.opportunities,
        lambda item_id: Opportunity(item_id, item_id, DEFAULT_STATUS, None, []),
        gather,
    )


def _merge_site_wide(
    catalog: Catalog, spec: _SiteWide[R, M], problems: Problems
) -> tuple[dict[str, M], set[str]]:
    """One item per id from every step that names it, by id; and every id that is defined
    (named with a text somewhere, also in a step left out for an error of its own)."""
    once = [key.name for key in spec.keys if key.type in _GIVEN_ONCE]
    given: dict[str, dict[str, tuple[object, Where]]] = {name: {} for name in once}
    texts = given["text"]
    found: dict[str, M] = {}
    # (Run on every save under `mkdocs serve`: an item or an occurrence is made only where a
    # step names one.)
    for journey, stage, step in _steps(catalog):
        refs = spec.refs(step)
        if not refs:
            continue
        occurrence = Occurrence(journey, stage, step)
        for ref in refs:
            item = found.get(ref.id)
            if item is None:
                item = found[ref.id] = spec.new(ref.id)
            if not item.occurrences or item.occurrences[-1].step is not step:
                item.occurrences.append(occurrence)  # once per step, listed twice or not
            spec.gather(item, ref)
            for name in once:
                value = getattr(ref, name)
                if value is not None:
                    _given_once(problems, spec.kind, ref.id, name, value, ref.where, given[name])
    for step in _dropped_steps(catalog):
        for ref in spec.refs(step):
            _given_once(problems, spec.kind, ref.id, "text", ref.text, ref.where, texts)
    for _journey, _stage, step in _steps(catalog):
        for ref in spec.refs(step):
            if ref.id not in texts and ref.text is None:
                problems.error_at(
                    ref.where.at(ref.where.field + ".id"),
                    f"{spec.kind} '{ref.id}' has no text anywhere (give 'text:' once, or fix "
                    f"the id: {suggestion(ref.id, texts)})",
                )
    for item_id, item in found.items():
        for name in once:
            if item_id in given[name]:
                setattr(item, name, given[name][item_id][0])
    return dict(sorted(found.items())), set(texts) | set(found)


def _given_once(
    problems: Problems,
    kind: str,
    item_id: str,
    what: str,
    value: object,
    where: Where,
    seen: dict[str, tuple[object, Where]],
) -> None:
    """Remember the first value given for an id; a different second value is a conflict."""
    if value is None:
        return
    first = seen.get(item_id)
    if first is None:
        seen[item_id] = (value, where)
    elif first[0] != value:
        there = first[1]
        problems.error_at(
            where.at(f"{where.field}.{what}" if what != "text" else where.field),
            f"{kind} '{item_id}' has two {plural(what)}: '{first[0]}' at {there.path}:"
            f"{there.line} and '{value}' here (give it once, refer to it elsewhere by "
            f"'- id: {item_id}')",
        )


def _dropped_steps(catalog: Catalog) -> Iterable[Step]:
    for journey in sorted(catalog.journeys.values(), key=lambda j: j.where.path):
        yield from journey.dropped_steps


def _steps(catalog: Catalog) -> Iterable[tuple[Journey, Stage, Step]]:
    for journey in sorted(catalog.journeys.values(), key=lambda j: j.where.path):
        for stage in journey.stages:
            for step in stage.steps:
                yield journey, stage, step
