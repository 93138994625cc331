"""A diff of the maps as Markdown for a pull-request comment, or as JSON for tools.

The Markdown opens with a summary (one line of counts and a table of the changed journeys),
then the details of each journey with its Mermaid diagram after the change, then the site-wide
items. Every text from a map goes through the core's ``text()``, which keeps Markdown and HTML
inert, and every diagram through the core's Mermaid writer.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from typing import Any

from .catalog import Catalog
from .diff import Diff, FieldChange, ItemChange, JourneyChange, StageChange, StepChange, Value
from .format.problems import Problem
from .format.words import plural as plural_of
from .pages.journey import diagram
from .snapshot import Snapshot
from .web.markup import number, score
from .web.markup import text as markdown_text

SCHEMA_VERSION = 1

_MARK = {"added": "➕", "removed": "➖", "changed": "✏️", "unreadable": "⚠️"}
_FIELD_LABELS = {"notes": "notes (body text)", "next": "next steps", "current": "current-state map"}
_BACKTICKS = re.compile(r"`+")


# Small writers -----------------------------------------------------------------------------

# What a forge turns into a mention, a link or a reference in a comment's text (it does so
# after Markdown, so character references do not stop it): a zero-width space breaks each.
_FORGE_ACTIVE = re.compile(r"@(?=[\w-])|(?i:\bwww)(?=\.)|(?i:\b[a-z][a-z0-9+.-]*)(?=://)|#(?=\d)")
ZERO_WIDTH_SPACE = "\u200b"


def text(value: str) -> str:
    """Source text as inert Markdown that mentions no one, links nowhere and references no
    issue on the forge that shows the comment (``@team``, ``www.x.org``, ``#12``)."""
    return markdown_text(_FORGE_ACTIVE.sub(lambda m: m.group() + ZERO_WIDTH_SPACE, value))


def code(value: str) -> str:
    """A code span that shows ``value`` as it is, whatever backticks it holds."""
    flat = value.replace("\r", "\\r").replace("\n", "\\n")
    longest = max((len(run) for run in _BACKTICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith(("`", " ")) or flat.endswith(("`", " ")) else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def quoted(value: str) -> str:
    return f"“{text(value)}”"


def direction(old: float | None, new: float | None, up: str, down: str) -> str:
    """``▲ better`` or ``▼ worse``: which way a score went, in words as well as a sign."""
    if old is None or new is None or old == new:
        return ""
    return f" {up}" if new > old else f" {down}"


def score_change(old: float | None, new: float | None, up: str, down: str) -> str:
    shown_old, shown_new = scores_apart(old, new)
    return f"{shown_old} → {shown_new}{direction(old, new, up, down)}"


def scores_apart(old: float | None, new: float | None) -> tuple[str, str]:
    """Both scores with one decimal, or as many more as it takes to show that they differ.

    1.56 and 1.60 both round to 1.6: they are shown as 1.56 and 1.6, never as no change.
    """
    if old is None or new is None or old == new:
        return (score(old) if old is not None else "—", score(new) if new is not None else "—")
    for places in range(1, 7):
        shown = (_decimals(old, places), _decimals(new, places))
        if shown[0] != shown[1]:
            return shown
    return (repr(old), repr(new))


def _decimals(value: float, places: int) -> str:
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or plural_of(word)}"


class Names:
    """Names of the ids a report mentions, from the new side first, else the old one."""

    def __init__(self, old: Catalog, new: Catalog) -> None:
        self.old, self.new = old, new

    def pain(self, pain_id: str) -> str:
        item = self.new.pain_points.get(pain_id) or self.old.pain_points.get(pain_id)
        return f"{text(item.text) if item else ''} ({code(pain_id)})".lstrip()

    def opportunity(self, opportunity_id: str) -> str:
        item = self.new.opportunities.get(opportunity_id) or self.old.opportunities.get(
            opportunity_id
        )
        return f"{text(item.text) if item else ''} ({code(opportunity_id)})".lstrip()

    def persona(self, persona_id: str) -> str:
        item = self.new.personas.get(persona_id) or self.old.personas.get(persona_id)
        return f"{text(item.name) if item else ''} ({code(persona_id)})".lstrip()


# Values ------------------------------------------------------------------------------------


def _value(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):  # pragma: no cover - no key of the format is a boolean
        return str(value)
    if isinstance(value, int | float):
        return number(float(value))
    if isinstance(value, list):
        return ", ".join(quoted(item) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{text(k)} {number(v)}" for k, v in value.items()) or "—"
    return quoted(value)


def _list_change(old: list[str], new: list[str], show: Any) -> str:
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    parts = []
    if added:
        parts.append("added " + ", ".join(show(item) for item in added))
    if removed:
        parts.append("removed " + ", ".join(show(item) for item in removed))
    return "; ".join(parts) or "reordered"


def _metrics_change(old: dict[str, float], new: dict[str, float]) -> str:
    parts = []
    for name in new:
        if name not in old:
            parts.append(f"added {text(name)} {number(new[name])}")
        elif old[name] != new[name]:
            parts.append(f"{text(name)} {number(old[name])} → {number(new[name])}")
    parts.extend(f"removed {text(name)}" for name in old if name not in new)
    return "; ".join(parts)


def _lines_changed(old: str, new: str) -> str:
    added = removed = 0
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        added += line.startswith("+ ")
        removed += line.startswith("- ")
    return f"changed (+{added} −{removed} lines)"


def field_change(change: FieldChange, names: Names) -> str:
    """One changed key as a line: ``emotion: 4 → 2 ▼ worse``."""
    label = f"**{_FIELD_LABELS.get(change.field, change.field)}:**"
    old, new = change.old, change.new
    if change.field == "emotion":
        return f"{label} {score_change(_num(old), _num(new), '▲ better', '▼ worse')}"
    if change.field == "expected":
        return f"{label} {score_change(_num(old), _num(new), '▲ higher', '▼ lower')}"
    if change.field == "notes":
        if old is None or new is None:
            return f"{label} {'added' if old is None else 'removed'}"
        return f"{label} {_lines_changed(str(old), str(new))}"
    if change.field == "personas":
        return f"{label} {_list_change(_strs(old), _strs(new), names.persona)}"
    if change.field in ("next", "fixes"):
        return f"{label} {_list_change(_strs(old), _strs(new), code)}"
    if isinstance(old, list) and isinstance(new, list):
        return f"{label} {_list_change(old, new, quoted)}"
    if isinstance(old, dict) and isinstance(new, dict):
        return f"{label} {_metrics_change(old, new)}"
    return f"{label} {_value(old)} → {_value(new)}"


def _num(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _strs(value: Value) -> list[str]:
    return list(value) if isinstance(value, list) else []


# Markdown ----------------------------------------------------------------------------------


def markdown(
    diff: Diff, base: Snapshot, head: Snapshot, *, diagrams: bool = True, heading: int = 2
) -> str:
    """The whole report, ready to post as a pull-request comment."""
    names = Names(base.catalog, head.catalog)
    h = "#" * heading
    parts = [f"{h} Journey map changes", f"{code(base.label)} → {code(head.label)}"]
    for side in (base, head):
        if not side.present:
            parts.append(
                f"*There is no journeys folder {code(side.folder or '.')} in {code(side.label)}:"
                " every map there counts as absent.*"
            )
    errors = _errors(base, head)
    if diff.empty:
        parts.append("No changes to the journey maps.")
    else:
        parts.append("**Summary:** " + summary_line(diff))
    if errors:
        parts.append(_problems_section(errors, h))
    if diff.empty:
        return "\n\n".join(parts) + "\n"
    if diff.journeys:
        parts.append(_journey_table(diff.journeys))
    for journey in diff.journeys:
        parts.append(_journey_section(journey, names, head.catalog, diagrams, h + "#"))
    site = _site_section(diff, names, h + "##")
    if site:
        parts.append(f"{h}# Site-wide")
        parts.extend(site)
    return "\n\n".join(parts) + "\n"


def summary_counts(diff: Diff) -> dict[str, dict[str, int]]:
    def by_kind(items: Iterable[JourneyChange | StepChange | ItemChange]) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "changed": 0, "unreadable": 0}
        for item in items:
            counts[item.kind] += 1
        return counts

    steps = diff.steps()
    emotions = [step.field_change("emotion") for step in steps]
    moves = [(_num(c.old), _num(c.new)) for c in emotions if c is not None and c.old and c.new]
    status_changes = sum(
        1 for item in diff.opportunities if any(f.field == "status" for f in item.fields)
    )
    return {
        "journeys": by_kind(diff.journeys),
        "steps": by_kind(steps),
        "emotion": {
            "better": sum(1 for old, new in moves if (new or 0) > (old or 0)),
            "worse": sum(1 for old, new in moves if (new or 0) < (old or 0)),
        },
        "pain_points": by_kind(diff.pain_points),
        "opportunities": {**by_kind(diff.opportunities), "status_changed": status_changes},
        "personas": by_kind(diff.personas),
        "touchpoints": by_kind(diff.touchpoints),
    }


def summary_line(diff: Diff) -> str:
    counts = summary_counts(diff)

    def kinds(
        group: dict[str, int], word: str, words: str | None = None, new: str = "added"
    ) -> str:
        shown = [
            f"{group[kind]} {label}"
            for kind, label in (
                ("added", new),
                ("removed", "removed"),
                ("changed", "changed"),
                ("unreadable", "with errors"),
            )
            if group.get(kind)
        ]
        total = sum(group.get(kind, 0) for kind in ("added", "removed", "changed", "unreadable"))
        return f"{plural(total, word, words)} ({', '.join(shown)})" if shown else ""

    pains = counts["pain_points"]
    pain_parts = [
        f"{pains['added']} new" if pains["added"] else "",
        f"{pains['removed']} resolved" if pains["removed"] else "",
        f"{pains['changed']} changed" if pains["changed"] else "",
        f"{pains['unreadable']} with errors" if pains["unreadable"] else "",
    ]
    opportunities = counts["opportunities"]
    emotion = counts["emotion"]
    parts = [
        kinds(counts["journeys"], "journey"),
        kinds(counts["steps"], "step"),
        " / ".join(
            part
            for part in (
                f"{emotion['better']} ▲ better" if emotion["better"] else "",
                f"{emotion['worse']} ▼ worse" if emotion["worse"] else "",
            )
            if part
        ),
        "pain points: " + ", ".join(p for p in pain_parts if p) if any(pain_parts) else "",
        kinds(opportunities, "opportunity", "opportunities", "new"),
        f"{plural(opportunities['status_changed'], 'status change')}"
        if opportunities["status_changed"]
        else "",
        kinds(counts["personas"], "persona"),
        kinds(counts["touchpoints"], "touchpoint"),
    ]
    if parts[2]:
        parts[2] = "emotion: " + parts[2]
    return " · ".join(part for part in parts if part)


def _errors(base: Snapshot, head: Snapshot) -> list[tuple[Snapshot, Problem]]:
    return [(side, p) for side in (base, head) for p in side.catalog.problems.errors]


def _problems_section(errors: list[tuple[Snapshot, Problem]], h: str) -> str:
    lines = "\n".join(f"{side.label}: {problem}" for side, problem in errors)
    fence = "`" * max(3, max((len(r) for r in _BACKTICKS.findall(lines)), default=0) + 1)
    return (
        f"{h}# ⚠️ Errors in the maps\n\n"
        "What has errors could not be compared; run `journeys validate` on each side.\n\n"
        f"{fence}text\n{lines}\n{fence}"
    )


def _journey_table(journeys: list[JourneyChange]) -> str:
    rows = ["| Journey | Change | Steps | Average emotion | Pain points |", "|---|---|---|---|---|"]
    for journey in journeys:
        counts = {"added": 0, "removed": 0, "changed": 0, "unreadable": 0}
        for step in journey.steps:
            counts[step.kind] += 1
        steps = " ".join(
            f"{sign}{counts[kind]}"
            for sign, kind in (("+", "added"), ("−", "removed"), ("✏️", "changed"))
            if counts[kind]
        )
        old_average, new_average = journey.average_emotion
        pains = ", ".join(
            part
            for part in (
                f"{len(journey.pains_added)} added" if journey.pains_added else "",
                f"{len(journey.pains_resolved)} resolved" if journey.pains_resolved else "",
            )
            if part
        )
        kind: str = journey.kind
        if journey.kind == "changed" and journey.old_path:
            kind = "moved, changed" if _has_content(journey) else "moved"
        elif journey.kind == "unreadable":
            kind = "has errors"
        rows.append(
            f"| {_MARK[journey.kind]} {text(journey.title)} ({code(journey.id)}) | {kind} | "
            f"{steps or '—'} | {score_change(old_average, new_average, '▲', '▼')} | "
            f"{pains or '—'} |"
        )
    return "\n".join(rows)


def _journey_section(
    journey: JourneyChange, names: Names, head: Catalog, diagrams: bool, h: str
) -> str:
    moved_only = journey.kind == "changed" and journey.old_path and not _has_content(journey)
    state = {
        "added": "added",
        "removed": "removed",
        "changed": "moved" if moved_only else "changed",
        "unreadable": "its file has errors in the new version, so it could not be compared",
    }[journey.kind]
    where = f"{code(journey.id)} · {code(journey.path)}"
    if journey.old_path:
        where += f" (moved from {code(journey.old_path)})"
    blocks = [f"{h} {_MARK[journey.kind]} {text(journey.title)}", f"{where} · {state}"]
    if journey.previous_id:
        blocks.append(
            f"This file held the journey {code(journey.previous_id)} before: its id changed, "
            "so the address of its page changes too."
        )
    if journey.unreadable_on == "base":
        blocks.append("Its file had errors in the old version: every part of it counts as new.")
    if journey.fields:
        blocks.append("\n".join(f"- {field_change(change, names)}" for change in journey.fields))
    if journey.kind in ("added", "removed"):
        blocks.append("\n".join(_whole_journey_lines(journey)))
    else:
        if journey.stages:
            blocks.append("**Stages**")
            blocks.append("\n".join(_stage_line(stage) for stage in journey.stages))
        if journey.steps:
            blocks.append("**Steps**")
            blocks.append("\n".join(line for s in journey.steps for line in _step_lines(s, names)))
    items = _journey_items(journey, names)
    if items:
        blocks.append("\n".join(items))
    after = head.journeys.get(journey.id)
    if diagrams and after is not None and journey.kind in ("added", "changed") and not moved_only:
        blocks.append("After the change:")
        # In a PR comment the steps are in the lists above, not in tables below.
        in_text = "The lists above give the changes in text."
        blocks.append("```mermaid\n" + diagram(head, after, in_text) + "```")
    return "\n\n".join(block for block in blocks if block)


def _has_content(journey: JourneyChange) -> bool:
    """Whether a journey changed in more than the place of its file."""
    return bool(
        journey.fields
        or journey.stages
        or journey.steps
        or journey.pains_added
        or journey.pains_resolved
        or journey.opportunities_added
        or journey.opportunities_removed
    )


def _whole_journey_lines(journey: JourneyChange) -> list[str]:
    lines = []
    word = "emotion" if journey.kind == "added" else "was emotion"
    stage_names = {stage.id: stage.name for stage in journey.stages}
    for stage_id, stage_name in stage_names.items():
        lines.append(f"- **{text(stage_name)}** ({code(stage_id)})")
        for step in journey.steps:
            if step.stage == stage_id:
                emotion = f" · {word} {step.emotion}" if step.emotion else ""
                if journey.kind == "added" and step.emotion:
                    emotion = f" · {_step_facts(step.emotion, step.touchpoint, step.thought)}"
                lines.append(f"  - {text(step.action)} ({code(step.id)}){emotion}")
    return lines


def _step_facts(emotion: int | None, touchpoint: str | None, thought: str | None) -> str:
    """What a reviewer needs of a new step: where it happens, how it felt, what was thought."""
    facts = [f"emotion {emotion}"]
    if touchpoint:
        facts.insert(0, f"at {text(touchpoint)}")
    if thought:
        facts.append(f"thinks {quoted(thought)}")
    return ", ".join(facts)


def _stage_line(stage: StageChange) -> str:
    line = f"- {_MARK[stage.kind]} **{text(stage.name)}** ({code(stage.id)})"
    if stage.kind != "changed":
        return f"{line} {stage.kind}"
    notes = []
    if stage.old_name is not None:
        notes.append(f"renamed from **{text(stage.old_name)}**")
    if stage.reordered:
        notes.append("moved")
    return f"{line} {', '.join(notes)}"


def _step_lines(step: StepChange, names: Names) -> list[str]:
    head = f"- {_MARK[step.kind]} **{text(step.action) or code(step.id)}** ({code(step.id)})"
    head += f" · {text(step.stage_name)}"
    if step.kind == "added":
        extra = " (it had errors in the old version)" if step.unreadable_on == "base" else ""
        return [
            f"{head} · added{extra}, {_step_facts(step.emotion, step.touchpoint, step.thought)}"
        ]
    if step.kind == "removed":
        return [f"{head} · removed (was emotion {step.emotion})"]
    if step.kind == "unreadable":
        return [f"{head} · has errors in the new version, so it could not be compared"]
    lines = [head]
    emotion = step.field_change("emotion")
    if emotion is not None:  # the score first: it is what a reviewer looks for
        lines.append(f"  - {field_change(emotion, names)}")
    if step.old_stage_name is not None:
        lines.append(f"  - **moved** from stage **{text(step.old_stage_name)}**")
    elif step.reordered:
        lines.append("  - **moved** within its stage")
    lines.extend(f"  - {field_change(c, names)}" for c in step.fields if c.field != "emotion")
    lines.extend(f"  - **pain point added:** {names.pain(p)}" for p in step.pains_added)
    lines.extend(f"  - **pain point removed:** {names.pain(p)}" for p in step.pains_removed)
    lines.extend(
        f"  - **opportunity added:** {names.opportunity(o)}" for o in step.opportunities_added
    )
    lines.extend(
        f"  - **opportunity removed:** {names.opportunity(o)}" for o in step.opportunities_removed
    )
    return lines


def _journey_items(journey: JourneyChange, names: Names) -> list[str]:
    lines = []
    if journey.pains_added:
        shown = "; ".join(names.pain(p) for p in journey.pains_added)
        lines.append(f"**Pain points new in this journey:** {shown}")
    if journey.pains_resolved:
        shown = "; ".join(names.pain(p) for p in journey.pains_resolved)
        lines.append(f"**Pain points no longer in this journey:** {shown}")
    if journey.opportunities_added:
        shown = "; ".join(names.opportunity(o) for o in journey.opportunities_added)
        lines.append(f"**Opportunities new in this journey:** {shown}")
    if journey.opportunities_removed:
        shown = "; ".join(names.opportunity(o) for o in journey.opportunities_removed)
        lines.append(f"**Opportunities no longer in this journey:** {shown}")
    return [line + "  " if index < len(lines) - 1 else line for index, line in enumerate(lines)]


_SITE_WORDS = {
    "pain_points": ("Pain points", "new", "resolved (no journey has it any more)"),
    "opportunities": ("Opportunities", "new", "removed"),
    "personas": ("Personas", "added", "removed"),
    "touchpoints": ("Touchpoints (registry)", "added", "removed"),
}


def _site_section(diff: Diff, names: Names, h: str) -> list[str]:
    sections = []
    for key, (title, added, removed) in _SITE_WORDS.items():
        items: list[ItemChange] = getattr(diff, key)
        if not items:
            continue
        lines = [f"{h} {title}", ""]
        for item in items:
            line = f"- {_MARK[item.kind]} **{text(item.name)}** ({code(item.id)})"
            if item.kind == "added":
                line += f" {added}"
            elif item.kind == "removed":
                line += f" {removed}"
            elif item.kind == "unreadable":
                line += " is in a file or step with errors in the new version"
            if item.old_path:
                line += f" · moved from {code(item.old_path)} to {code(item.path or '')}"
            lines.append(line)
            lines.extend(f"  - {field_change(change, names)}" for change in item.fields)
        sections.append("\n".join(lines))
    return sections


# JSON --------------------------------------------------------------------------------------


def as_json(diff: Diff, base: Snapshot, head: Snapshot) -> dict[str, Any]:
    """The report for tools: the same facts as the Markdown, with ids rather than prose."""
    return {
        "schema_version": SCHEMA_VERSION,
        "base": _side_json(base),
        "head": _side_json(head),
        "summary": summary_counts(diff),
        "journeys": [dataclasses.asdict(journey) for journey in diff.journeys],
        "personas": [dataclasses.asdict(item) for item in diff.personas],
        "pain_points": [dataclasses.asdict(item) for item in diff.pain_points],
        "opportunities": [dataclasses.asdict(item) for item in diff.opportunities],
        "touchpoints": [dataclasses.asdict(item) for item in diff.touchpoints],
        "problems": [
            {
                "side": "base" if side is base else "head",
                "path": problem.path,
                "line": problem.line,
                "field": problem.field,
                "message": problem.message,
                "severity": problem.severity.value,
            }
            for side in (base, head)
            for problem in side.catalog.problems.sorted()
        ],
    }


def _side_json(side: Snapshot) -> dict[str, Any]:
    return {
        "revision": side.revision.name if side.revision else None,
        "commit": side.revision.commit if side.revision else None,
        "label": side.label,
        "journeys_dir": side.folder,
        "present": side.present,
    }
