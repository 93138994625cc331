"""Pages of the site-wide items: a persona, a pain point, a touchpoint."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from ..catalog import Catalog
from ..format.model import (
    SEVERITIES,
    Journey,
    MetricRow,
    Occurrence,
    PainPoint,
    Persona,
    Touchpoint,
)
from ..format.words import counted
from ..web import addresses
from ..web.markup import (
    badge,
    bullet_list,
    emotion_label,
    front_matter,
    link,
    number,
    relative,
    score,
    sortable,
    table,
    text,
)
from .memo import row
from .series import MAX_POINTS, left_out_note, shown_series


def severity_rank(pain: PainPoint) -> int:
    """Critical first."""
    return -SEVERITIES.index(pain.severity)


def step_link(occurrence: Occurrence, uri: str) -> str:
    target = relative(uri, addresses.journey(occurrence.journey.id))
    return link(occurrence.step.action, f"{target}#{addresses.step_anchor(occurrence.step.id)}")


def journey_link(journey: Journey, uri: str) -> str:
    return link(journey.title, relative(uri, addresses.journey(journey.id)))


def persona_links(catalog: Catalog, persona_ids: Iterable[str], uri: str) -> str:
    return named_persona_links(persona_names(catalog, persona_ids), uri)


PersonaNames = tuple[tuple[str, str | None], ...]


def persona_names(catalog: Catalog, persona_ids: Iterable[str]) -> PersonaNames:
    """Each persona id with its persona's name (``None``: no such persona)."""
    return tuple(
        (p, catalog.persona_name(p) if p in catalog.personas else None) for p in persona_ids
    )


def named_persona_links(personas: PersonaNames, uri: str) -> str:
    """Links to the personas of ``persona_names``; an unknown id as text."""
    return ", ".join(
        text(p) if name is None else link(name, relative(uri, addresses.persona(p)))
        for p, name in personas
    )


def occurrence_table(catalog: Catalog, occurrences: list[Occurrence], uri: str) -> str:
    rows = [
        [
            journey_link(o.journey, uri),
            text(o.stage.name),
            step_link(o, uri),
            f"{o.step.emotion} ({emotion_label(o.step.emotion)})",
            persona_links(catalog, o.journey.personas, uri),
        ]
        for o in occurrences
    ]
    return table(("Journey", "Stage", "Step", "Emotion", "Personas"), rows)


def render_persona(catalog: Catalog, persona: Persona, body: str) -> str:
    uri = addresses.persona(persona.id)
    parts = [
        front_matter(tags=persona.tags, title=persona.name, description=f"Persona: {persona.name}")
    ]
    if persona.image:
        # The file name is source text: percent-encoded, it stays one link target.
        image = relative(uri, addresses.persona_image(persona.id, persona.image))
        parts.append(f"![{text(persona.name)}]({quote(image)})")
    facts = []
    for label, value in (("Role", persona.role), ("Segment", persona.segment)):
        if value:
            facts.append(f"**{label}:** {text(value)}")
    if persona.tags:
        facts.append("**Tags:** " + ", ".join(text(tag) for tag in persona.tags))
    if facts:
        parts.append(bullet_list(facts))
    if persona.quote:
        parts.append(f"> “{text(persona.quote)}”")
    for label, values in (
        ("Goals", persona.goals),
        ("Needs", persona.needs),
        ("Frustrations", persona.frustrations),
    ):
        if values:
            parts.append(f"## {label}\n\n" + bullet_list(text(v) for v in values))
    journeys = catalog.journeys_of_persona(persona.id)
    parts.append("## Journeys")
    if journeys:
        parts.append(
            sortable(
                table(
                    ("Journey", "State", "Steps", "Average emotion"),
                    [row(("journey", j.id), (uri, j), _persona_journey_row) for j in journeys],
                )
            )
        )
    else:
        parts.append("No journey names this persona yet.")
    pains = sorted(catalog.pains_of_persona(persona.id), key=lambda p: (severity_rank(p), p.id))
    parts.append("## Pain points met")
    if pains:
        rows = [
            row(("pain", pain.id), (uri, persona.id, pain), _persona_pain_row) for pain in pains
        ]
        parts.append(sortable(table(("Pain point", "Severity", "Journeys", "Steps"), rows)))
    else:
        parts.append("No pain point is recorded on this persona's journeys.")
    if body.strip():
        parts.append("## Notes")
        parts.append(body.strip("\n"))
    return "\n\n".join(parts) + "\n"


def _persona_journey_row(uri: str, j: Journey) -> list[str]:
    return [journey_link(j, uri), j.state, str(len(j.steps)), score(j.average_emotion)]


def _persona_pain_row(uri: str, persona_id: str, pain: PainPoint) -> list[str]:
    mine = [o for o in pain.occurrences if persona_id in o.journey.personas]
    return [
        link(pain.text, relative(uri, addresses.pain_point(pain.id))),
        badge(pain.severity),
        ", ".join(journey_link(j, uri) for j in _journeys(mine)),
        "<br>".join(step_link(o, uri) for o in mine),
    ]


def unique_journeys(occurrences: Iterable[Occurrence]) -> list[Journey]:
    """The journeys of ``occurrences``, each once, in order of first occurrence."""
    return _journeys(occurrences)


def _journeys(occurrences: Iterable[Occurrence]) -> list[Journey]:
    seen: dict[str, Journey] = {}
    for occurrence in occurrences:
        seen.setdefault(occurrence.journey.id, occurrence.journey)
    return list(seen.values())


def render_pain_point(catalog: Catalog, pain: PainPoint) -> str:
    uri = addresses.pain_point(pain.id)
    journeys = _journeys(pain.occurrences)
    personas = sorted({p for j in journeys for p in j.personas})
    facts = [
        f"**Severity:** {pain.severity}",
        f"**Reach:** {counted(len(pain.occurrences), 'step')} in "
        f"{counted(len(journeys), 'journey')}",
        "**Personas:** " + (persona_links(catalog, personas, uri) or "none"),
    ]
    if pain.evidence:
        facts.append("**Evidence:** " + ", ".join(text(e) for e in pain.evidence))
    else:
        facts.append("**Evidence:** none recorded")
    parts = [
        front_matter(title=pain.text, description=f"Pain point: {pain.text}"),
        bullet_list(facts),
        "## Where it occurs",
        occurrence_table(catalog, pain.occurrences, uri),
        "## Opportunities that fix it",
    ]
    fixes = catalog.opportunities_fixing(pain.id)
    if fixes:
        parts.append(
            table(
                ("Opportunity", "Status", "Owner"),
                [
                    [
                        link(
                            o.text,
                            relative(uri, addresses.OPPORTUNITIES)
                            + "#"
                            + addresses.opportunity_anchor(o.id),
                        ),
                        badge(o.status),
                        text(o.owner or ""),
                    ]
                    for o in fixes
                ],
            )
        )
    else:
        parts.append("No opportunity fixes this pain point yet.")
    return "\n\n".join(parts) + "\n"


def render_touchpoint(catalog: Catalog, touchpoint: Touchpoint) -> str:
    uri = addresses.touchpoint(touchpoint.id)
    uses = catalog.steps_using(touchpoint.id)
    channels = sorted({c for o in uses if (c := catalog.channel_of(o.step))})
    facts = [
        "**Channel:** " + (text(touchpoint.channel or ", ".join(channels)) or "not given"),
        "**Registered:** "
        + ("yes, in touchpoints.yml" if touchpoint.registered else "no (free text in steps)"),
    ]
    if touchpoint.owner:
        facts.append(f"**Owner:** {text(touchpoint.owner)}")
    if uses:
        average = sum(o.step.emotion for o in uses) / len(uses)
        facts.append(
            f"**Average emotion:** {score(average)} of 5 over {counted(len(uses), 'step')}"
        )
    parts = [
        front_matter(title=touchpoint.name, description=f"Touchpoint: {touchpoint.name}"),
        bullet_list(facts),
        "## Steps that use it",
    ]
    if uses:
        rows = [
            [
                journey_link(o.journey, uri),
                text(o.stage.name),
                step_link(o, uri),
                f"{o.step.emotion} ({emotion_label(o.step.emotion)})",
                "<br>".join(f"{text(k)}: {number(v)}" for k, v in o.step.metrics.items()),
            ]
            for o in uses
        ]
        parts.append(table(("Journey", "Stage", "Step", "Emotion", "Step metrics"), rows))
    else:
        parts.append("No step uses this touchpoint yet.")
    overlays = catalog.metrics_of_touchpoint(touchpoint.id)
    if overlays:
        parts.append("## Metrics")
        parts.extend(_overlay_table(overlays))
    return "\n\n".join(parts) + "\n"


def _overlay_table(rows: list[MetricRow]) -> list[str]:
    """Every overlay row; a series too long to list, as its averages (said above the table)."""

    note = []
    if len(rows) > MAX_POINTS:
        series, more = shown_series(rows)
        rows = [row for item in series for row in item.rows]
        if any(item.averaged for item in series):
            note.append(
                f"*A metric with more than {MAX_POINTS} values is shown as {MAX_POINTS} "
                "averages of consecutive values, its latest value as it is; `journeys export` "
                "gives every value.*"
            )
        if more:
            note.append(f"*{text(left_out_note(more))}.*")
    cells = [
        [text(row.metric), text(row.period or ""), number(row.value), text(row.source or "")]
        for row in rows
    ]
    return [*note, table(("Metric", "Period", "Value", "Source"), cells)]
