"""The page of one journey: facts, the Mermaid diagram, a text table per stage, the body."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalog import Catalog
from ..format.model import Journey, MetricRow, Stage, Step
from ..format.words import counted
from ..web import addresses
from ..web.itemlinks import touchpoint_links
from ..web.markup import emotion_label, front_matter, link, number, relative, score, table, text
from ..web.mermaid import Section, Task, journey_diagram
from .series import MAX_POINTS, describe, left_out_note, shown_series

STEP_COLUMNS = (
    "Step",
    "Touchpoint",
    "Channel",
    "Emotion",
    "Expected",
    "Thought and questions",
    "Pains",
    "Opportunities",
    "Metrics",
    "Actors",
    "Backstage",
)


# Mermaid scales a journey down to the column's width by default: a map of a dozen steps then
# has text a few pixels high, on a phone even more so. At its own size the diagram scrolls
# sideways in its box instead (journeys.css).
DIAGRAM_CONFIG = "---\nconfig:\n  journey:\n    useMaxWidth: false\n---\n"

# Mermaid draws no diagram of more text than its maxTextSize, 50,000 characters by default (a
# journey of some 1,500 steps), and the setting cannot be raised from a diagram. A bigger
# diagram is left out with a note: the tables below still give every step.
MERMAID_MAX_TEXT = 50_000


def diagram(
    catalog: Catalog, journey: Journey, in_text: str = "The tables below give every step in text."
) -> str:
    """The Mermaid ``journey`` diagram: one section per stage, one task per step.

    ``in_text`` ends its description for assistive technology: where the steps are in text.
    """
    sections = [
        Section(
            stage.name,
            tuple(
                Task(step.action, step.emotion, tuple(catalog.actors_of(journey, step)))
                for step in stage.steps
            ),
        )
        for stage in journey.stages
    ]
    steps = journey.steps
    description = (
        f"{counted(len(steps), 'step')} in {counted(len(journey.stages), 'stage')}, "
        f"average emotion {score(journey.average_emotion)} of 5. {in_text}"
    )
    return DIAGRAM_CONFIG + journey_diagram(
        journey.title, sections, f"Customer journey: {journey.title}", description
    )


def render_journey(catalog: Catalog, journey: Journey, body: str, views: Sequence[str] = ()) -> str:
    """The page; ``views`` are Markdown blocks (the map views) placed after the facts."""
    uri = addresses.journey(journey.id)
    parts = [
        # The map takes the room of the table of contents (Material's per-page `hide`).
        front_matter(
            tags=journey.tags,
            title=journey.title,
            description=_description(journey),
            hide=["toc"],
        ),
        _facts(catalog, journey, uri),
        *views,
        "## Journey diagram",
        diagram_block(diagram(catalog, journey), journey),
        "## Steps by stage",
    ]
    for stage in journey.stages:
        parts.append(_stage(catalog, journey, stage, uri))
    if body.strip():
        parts.append("## Notes")
        parts.append(body.strip("\n"))
    return "\n\n".join(parts) + "\n"


def diagram_block(
    source: str, journey: Journey, in_text: str = "Every step is in the tables below."
) -> str:
    """The diagram in its scrolling box, or a note in its place when Mermaid would not draw it;
    ``in_text`` says where the reader finds the steps then."""
    if len(source) > MERMAID_MAX_TEXT:
        return (
            f"*The diagram is left out: its {len(journey.steps):,} steps make {len(source):,} "
            f"characters of diagram text, more than Mermaid draws ({MERMAID_MAX_TEXT:,}). "
            f"{in_text}*"
        )
    # At its own size the diagram is wider than a column: it scrolls in a box that the
    # keyboard can reach too (Material draws it in a shadow root we cannot mark up).
    # The canvas gives it a full-screen control (assets/canvas.js), like the map views.
    return (
        '<div class="journeys-canvas journeys-canvas--diagram">\n'
        '<div class="journeys-canvas__frame">\n'
        '<div class="journeys-diagram journeys-canvas__scroll" role="region" tabindex="0" '
        'aria-label="Journey diagram, scrolls sideways">\n\n'
        + "```mermaid\n"
        + source
        + "\n```\n\n</div>\n</div>\n</div>"
    )


def _description(journey: Journey) -> str:
    return f"Customer journey map: {journey.title}"


def _facts(catalog: Catalog, journey: Journey, uri: str) -> str:
    facts = [
        "**Personas:** "
        + ", ".join(
            link(catalog.persona_name(p), relative(uri, addresses.persona(p)))
            if p in catalog.personas
            else text(p)
            for p in journey.personas
        ),
        f"**State:** {journey.state}",
    ]
    if journey.current:
        target = catalog.journeys.get(journey.current)
        # Linked only when it names a map: an unknown `current` is any text, not an address.
        facts.append(
            "**Improves on the current state:** "
            + (
                link(target.title, relative(uri, addresses.journey(target.id)))
                if target
                else text(journey.current)
            )
        )
    futures = catalog.futures_of(journey.id)
    if futures:
        facts.append(
            "**Future state:** "
            + ", ".join(link(f.title, relative(uri, addresses.journey(f.id))) for f in futures)
        )
    if journey.promise:
        facts.append(f"**Brand promise:** {text(journey.promise)}")
    if journey.owner:
        facts.append(f"**Owner:** {text(journey.owner)}")
    if journey.reviewed:
        facts.append(f"**Reviewed:** {journey.reviewed.isoformat()}")
    if journey.tags:
        facts.append("**Tags:** " + ", ".join(text(tag) for tag in journey.tags))
    pains = {ref.id for step in journey.steps for ref in step.pains}
    facts.append(
        f"**At a glance:** {counted(len(journey.steps), 'step')} in "
        f"{counted(len(journey.stages), 'stage')}, average emotion "
        f"{score(journey.average_emotion)} of 5, {counted(len(pains), 'pain point')}"
    )
    return "\n".join(f"- {fact}" for fact in facts)


def _stage(catalog: Catalog, journey: Journey, stage: Stage, uri: str) -> str:
    rows = [_step_row(catalog, journey, step, uri) for step in stage.steps]
    return f"### {text(stage.name)}\n\n" + table(STEP_COLUMNS, rows)


def _overlay_metrics(rows: list[MetricRow]) -> list[str]:
    """Each overlay value aimed at the step; a series too long to list, as its averages."""

    def listed(row: MetricRow) -> str:
        period = f" ({text(row.period)})" if row.period else ""
        return f"{text(row.metric)}: {number(row.value)}{period}"

    if len(rows) <= MAX_POINTS:
        return [listed(row) for row in rows]
    series, more = shown_series(rows)
    shown: list[str] = []
    for item in series:
        shown += [text(describe(item))] if item.averaged else [listed(row) for row in item.rows]
    return shown + ([f"*{text(left_out_note(more))}*"] if more else [])


def _step_row(catalog: Catalog, journey: Journey, step: Step, uri: str) -> list[str]:
    touchpoint = "<br>".join(touchpoint_links(catalog, step, uri))
    expected = ""
    if step.expected is not None:
        gap = step.gap or 0
        expected = str(step.expected) + (f" (gap {gap})" if gap > 0 else "")
    thought = [f"“{text(step.thought)}”"] if step.thought else []
    thought += [text(question) for question in step.questions]
    pains = [
        link(catalog.pain_heads[ref.id].text, relative(uri, addresses.pain_point(ref.id)))
        + f" ({catalog.pain_heads[ref.id].severity})"
        for ref in step.pains
        if ref.id in catalog.pain_heads
    ]
    opportunities = [
        link(
            catalog.opportunities[ref.id].text,
            relative(uri, addresses.OPPORTUNITIES) + "#" + addresses.opportunity_anchor(ref.id),
        )
        + f" ({catalog.opportunities[ref.id].status})"
        for ref in step.opportunities
        if ref.id in catalog.opportunities
    ]
    metrics = [f"{text(name)}: {number(value)}" for name, value in step.metrics.items()]
    metrics += _overlay_metrics(catalog.metrics_of_step(journey, step))
    return [
        # The action links to its own row: a step's address to share, and something in every
        # table that the keyboard reaches, so that a table wider than the screen can scroll.
        addresses.anchor(addresses.step_anchor(step.id))
        + f"[**{text(step.action)}**](#{addresses.step_anchor(step.id)})",
        touchpoint,
        text(catalog.channel_of(step) or ""),
        f"{step.emotion} ({emotion_label(step.emotion)})",
        expected,
        "<br>".join(thought),
        "<br>".join(pains),
        "<br>".join(opportunities),
        "<br>".join(metrics),
        ", ".join(text(actor) for actor in catalog.actors_of(journey, step)),
        "<br>".join(text(line) for line in step.backstage),
    ]
