"""Current against future: on a future-state map, what changes compared with the current-state
map it improves. Steps and stages are matched by id, as the format asks authors to keep them."""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import Catalog
from ...format.model import Journey, Step
from ...web import addresses
from ...web.markup import link, relative, score, table, text

KEPT, REMOVED, NEW = "kept", "removed", "new"


@dataclass(frozen=True)
class StepChange:
    step_id: str
    change: str  # kept | removed | new
    current: Step | None
    future: Step | None


def step_changes(current: Journey, future: Journey) -> list[StepChange]:
    """The future map's steps in order (kept or new), then the steps it no longer has."""
    before = {step.id: step for step in current.steps}
    after = {step.id: step for step in future.steps}
    changes = [
        StepChange(step.id, KEPT if step.id in before else NEW, before.get(step.id), step)
        for step in future.steps
    ]
    changes += [
        StepChange(step.id, REMOVED, step, None) for step in current.steps if step.id not in after
    ]
    return changes


def _pain_ids(journey: Journey) -> list[str]:
    seen: dict[str, None] = {}
    for step in journey.steps:
        for ref in step.pains:
            seen.setdefault(ref.id, None)
    return list(seen)


def _average(steps: list[Step]) -> float | None:
    return sum(s.emotion for s in steps) / len(steps) if steps else None


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    delta = after - before
    return "±0" if abs(delta) < 0.05 else f"{'+' if delta > 0 else '−'}{score(abs(delta))}"


def compare_view(catalog: Catalog, future: Journey) -> str:
    """The comparison as Markdown; empty unless the map is a future state of a known map."""
    current = catalog.journeys.get(future.current or "")
    if future.state != "future" or current is None:
        return ""
    uri = addresses.journey(future.id)
    changes = step_changes(current, future)
    count = {kind: sum(1 for c in changes if c.change == kind) for kind in (KEPT, REMOVED, NEW)}
    before_pains, after_pains = _pain_ids(current), _pain_ids(future)
    gone = [p for p in before_pains if p not in after_pains and p in catalog.pain_heads]
    remain = [p for p in before_pains if p in after_pains and p in catalog.pain_heads]
    added = [p for p in after_pains if p not in before_pains and p in catalog.pain_heads]
    parts = [
        "## Compared with the current state",
        # The current map is linked in the facts above; a link inside this sentence would
        # differ from the text by colour only.
        f"This map set against the current state it improves, “{text(current.title)}”. "
        "Steps and stages are matched by id.",
        "\n".join(
            [
                f"- **Steps:** {count[KEPT]} kept, {count[REMOVED]} removed, {count[NEW]} new",
                f"- **Average emotion:** {score(current.average_emotion)} now, "
                f"{score(future.average_emotion)} in the future state "
                f"({_change(current.average_emotion, future.average_emotion)})",
                f"- **Pain points:** {len(gone)} disappear, {len(remain)} remain, {len(added)} new",
            ]
        ),
        "### Emotion by stage",
        _stages(current, future),
        "### Steps kept, removed and new",
        _steps(current, future, changes, uri),
        "### Pain points that disappear",
    ]
    if gone:
        parts.append(_gone(catalog, current, future, gone, uri))
    else:
        parts.append("No pain point of the current state is gone from this map.")
    for title, ids in (("Pain points that remain", remain), ("New pain points", added)):
        if ids:
            parts.append(f"### {title}")
            parts.append(
                "\n".join(
                    f"- {link(catalog.pain_heads[p].text, relative(uri, addresses.pain_point(p)))}"
                    f" ({catalog.pain_heads[p].severity})"
                    for p in ids
                )
            )
    return "\n\n".join(parts)


def _stages(current: Journey, future: Journey) -> str:
    before = {stage.id: stage for stage in current.stages}
    after = {stage.id: stage for stage in future.stages}
    order = [s.id for s in future.stages] + [s.id for s in current.stages if s.id not in after]
    rows = []
    for stage_id in order:
        old, new = before.get(stage_id), after.get(stage_id)
        shown = new or old
        name = shown.name if shown else stage_id
        old_avg = _average(old.steps) if old else None
        new_avg = _average(new.steps) if new else None
        rows.append(
            [
                text(name),
                score(old_avg) if old else "not in the current state",
                score(new_avg) if new else "not in the future state",
                _change(old_avg, new_avg),
            ]
        )
    return table(("Stage", "Average emotion now", "In the future state", "Change"), rows)


def _steps(current: Journey, future: Journey, changes: list[StepChange], uri: str) -> str:
    current_uri = relative(uri, addresses.journey(current.id))
    rows = []
    for change in changes:
        if change.future is not None:
            step = change.future
            target = f"#{addresses.step_anchor(step.id)}"
            stage = future.stage_of(step).name
            if change.current is not None and current.stage_of(change.current).name != stage:
                stage += f" (was {current.stage_of(change.current).name})"
        else:
            assert change.current is not None
            step = change.current
            target = f"{current_uri}#{addresses.step_anchor(step.id)}"
            stage = current.stage_of(step).name
        before = change.current.emotion if change.current else None
        after = change.future.emotion if change.future else None
        rows.append(
            [
                link(step.action, target),
                change.change,
                text(stage),
                "" if before is None else str(before),
                "" if after is None else str(after),
                _change(before, after),
            ]
        )
    return table(("Step", "Change", "Stage", "Emotion now", "In the future state", "+/−"), rows)


def _gone(catalog: Catalog, current: Journey, future: Journey, gone: list[str], uri: str) -> str:
    on_future = {ref.id for step in future.steps for ref in step.opportunities}
    rows = []
    for pain_id in gone:
        pain = catalog.pain_heads[pain_id]
        where = [step for step in current.steps if any(r.id == pain_id for r in step.pains)]
        fixers = sorted(
            catalog.opportunities_fixing(pain_id), key=lambda o: (o.id not in on_future, o.id)
        )
        rows.append(
            [
                link(pain.text, relative(uri, addresses.pain_point(pain_id))),
                pain.severity,
                "<br>".join(
                    link(
                        s.action,
                        relative(uri, addresses.journey(current.id))
                        + f"#{addresses.step_anchor(s.id)}",
                    )
                    for s in where
                ),
                "<br>".join(
                    link(
                        o.text,
                        relative(uri, addresses.OPPORTUNITIES)
                        + f"#{addresses.opportunity_anchor(o.id)}",
                    )
                    + f" ({o.status}{', on this map' if o.id in on_future else ''})"
                    for o in fixers
                )
                or "no opportunity recorded",
            ]
        )
    return table(("Pain point", "Severity", "Where it hurts now", "Removed by"), rows)
