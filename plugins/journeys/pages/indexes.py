"""The index pages: every journey, persona, pain point, touchpoint and opportunity."""

from __future__ import annotations

from itertools import groupby

from ..catalog import Catalog
from ..format.model import Journey, Occurrence, Opportunity, PainPoint, Touchpoint
from ..web import addresses
from ..web.markup import (
    badge,
    first_few,
    first_few_of,
    front_matter,
    link,
    relative,
    score,
    sortable,
    table,
    text,
)
from .items import (
    PersonaNames,
    journey_link,
    named_persona_links,
    persona_names,
    severity_rank,
    step_link,
    unique_journeys,
)
from .memo import row

# An index whose table names what it counts needs the room more than an empty table of
# contents (Material's per-page `hide`; other themes ignore it).
WIDE = ["toc"]


def folder_title(catalog: Catalog, folder: str) -> str:
    """A folder's title: the ``title`` of its ``_folder.yml``, else made from its name."""
    return catalog.folder_titles.get(folder) or title_from_name(folder.rsplit("/", 1)[-1])


def title_from_name(name: str) -> str:
    """``click-and-collect`` -> ``Click and collect``; a short word without vowels reads as an
    abbreviation: ``b2b`` -> ``B2B``, ``crm-exports`` -> ``CRM exports``."""
    words = name.replace("-", " ").replace("_", " ").split()
    words = [w.upper() if len(w) <= 4 and not set(w.lower()) & set("aeiouy") else w for w in words]
    title = " ".join(words) or name
    return title[:1].upper() + title[1:]


def group_title(catalog: Catalog, group: str) -> str:
    """``retail/click-and-collect`` -> ``Retail / Click and collect``."""
    if not group:
        return "Journeys"
    parts = group.split("/")
    return " / ".join(
        folder_title(catalog, "/".join(parts[: depth + 1])) for depth in range(len(parts))
    )


# Past this many journeys the navigation lists folders, each a link to its table on the journeys
# index, instead of every map: Material writes the whole navigation into every page, so a
# navigation that grows with the site makes the site grow with its square.
NAV_JOURNEYS = 100


def journeys_by_group(catalog: Catalog) -> list[tuple[str, list[Journey]]]:
    """Journeys grouped by their sub-folder, top-level first, each group by title."""
    ordered = sorted(catalog.journeys.values(), key=lambda j: (j.group, j.title.lower(), j.id))
    return [(group, list(items)) for group, items in groupby(ordered, key=lambda j: j.group)]


def render_journeys_index(catalog: Catalog) -> str:
    headers = (
        "Journey",
        "Personas",
        "State",
        "Owner",
        "Reviewed",
        "Steps",
        "Average emotion",
        "Pain points",
    )
    parts = [front_matter(title="Journeys", description="Every customer journey map")]
    groups = journeys_by_group(catalog)
    if not groups:
        parts.append("No journey yet: add a Markdown file to the journeys folder.")
    for group, journeys in groups:
        if len(catalog.journeys) > NAV_JOURNEYS:  # the navigation links here, not to each map
            parts.append(f'<div id="{addresses.folder_anchor(group)}"></div>')
        if len(groups) > 1 or group:
            parts.append(f"## {text(group_title(catalog, group))}")
        rows = [
            row(("journey", j.id), (j, persona_names(catalog, j.personas)), _journey_row)
            for j in journeys
        ]
        parts.append(sortable(table(headers, rows)))
    return "\n\n".join(parts) + "\n"


def _journey_row(j: Journey, personas: PersonaNames) -> list[str]:
    uri = addresses.JOURNEYS
    return [
        journey_link(j, uri),
        named_persona_links(personas, uri),
        j.state,
        text(j.owner or ""),
        j.reviewed.isoformat() if j.reviewed else "",
        str(len(j.steps)),
        score(j.average_emotion),
        str(len({ref.id for step in j.steps for ref in step.pains})),
    ]


def render_personas_index(catalog: Catalog) -> str:
    uri = addresses.PERSONAS
    parts = [
        front_matter(
            title="Personas", description="Every persona and the journeys they walk", hide=WIDE
        )
    ]
    rows = []
    for p in catalog.personas.values():
        page = relative(uri, addresses.persona(p.id))
        pains = sorted(catalog.pains_of_persona(p.id), key=lambda x: (severity_rank(x), x.id))
        rows.append(
            [
                link(p.name, page),
                text(p.role or ""),
                text(p.segment or ""),
                first_few_of(
                    catalog.journeys_of_persona(p.id), lambda j: journey_link(j, uri), page
                ),
                first_few_of(
                    pains,
                    lambda x: link(x.text, relative(uri, addresses.pain_point(x.id))),
                    f"{page}#pain-points-met",
                ),
            ]
        )
    parts.append(
        sortable(table(("Persona", "Role", "Segment", "Journeys", "Pain points"), rows))
        if rows
        else "No persona yet: add one to the personas folder."
    )
    return "\n\n".join(parts) + "\n"


def render_pain_points_index(catalog: Catalog) -> str:
    parts = [
        front_matter(
            title="Pain points", description="Every pain point, where it hurts, and who", hide=WIDE
        ),
    ]
    pains = sorted(catalog.pain_points.values(), key=lambda p: (severity_rank(p), p.id))
    rows = []
    for pain in pains:
        personas = sorted({p for o in pain.occurrences for p in o.journey.personas})
        fixed_by = tuple((o.id, o.text) for o in catalog.opportunities_fixing(pain.id))
        rows.append(
            row(("pain", pain.id), (pain, persona_names(catalog, personas), fixed_by), _pain_row)
        )
    parts.append(
        sortable(
            table(("Pain point", "Severity", "Journeys", "Steps", "Personas", "Fixed by"), rows)
        )
        if rows
        else "No pain point recorded yet."
    )
    return "\n\n".join(parts) + "\n"


def _pain_row(
    pain: PainPoint, personas: PersonaNames, fixed_by: tuple[tuple[str, str], ...]
) -> list[str]:
    uri = addresses.PAIN_POINTS
    page = relative(uri, addresses.pain_point(pain.id))
    return [
        link(pain.text, page),
        badge(pain.severity),
        first_few([journey_link(j, uri) for j in unique_journeys(pain.occurrences)], page),
        first_few([step_link(o, uri) for o in pain.occurrences], page),
        named_persona_links(personas, uri),
        first_few(
            [
                link(
                    opportunity_text,
                    f"{relative(uri, addresses.OPPORTUNITIES)}"
                    f"#{addresses.opportunity_anchor(opportunity_id)}",
                )
                for opportunity_id, opportunity_text in fixed_by
            ],
            f"{page}#opportunities-that-fix-it",
        )
        if fixed_by
        else "none",
    ]


def render_touchpoints_index(catalog: Catalog) -> str:
    parts = [
        front_matter(
            title="Touchpoints", description="Every touchpoint, its channel and emotion", hide=WIDE
        ),
    ]
    rows = []
    for touchpoint in catalog.touchpoints.values():
        uses = catalog.steps_using(touchpoint.id)
        channels = tuple(sorted({c for o in uses if (c := catalog.channel_of(o.step))}))
        rows.append(
            row(("touchpoint", touchpoint.id), (touchpoint, uses, channels), _touchpoint_row)
        )
    parts.append(
        sortable(
            table(("Touchpoint", "Channel", "Owner", "Steps", "Journeys", "Average emotion"), rows)
        )
        if rows
        else "No touchpoint recorded yet."
    )
    return "\n\n".join(parts) + "\n"


def _touchpoint_row(
    touchpoint: Touchpoint, uses: list[Occurrence], channels: tuple[str, ...]
) -> list[str]:
    uri = addresses.TOUCHPOINTS
    average = sum(o.step.emotion for o in uses) / len(uses) if uses else None
    page = relative(uri, addresses.touchpoint(touchpoint.id))
    return [
        link(touchpoint.name, page),
        text(touchpoint.channel or ", ".join(channels)),
        text(touchpoint.owner or ""),
        first_few([step_link(o, uri) for o in uses], page),
        first_few([journey_link(j, uri) for j in unique_journeys(uses)], page),
        score(average),
    ]


def render_opportunities_index(catalog: Catalog) -> str:
    uri = addresses.OPPORTUNITIES
    parts = [
        front_matter(
            title="Opportunities", description="Every opportunity, its status and what it fixes"
        ),
        # A link on its own: in a sentence, Material's links differ from the text by colour only.
        f"[Opportunity backlog: the same opportunities by status]"
        f"({relative(uri, addresses.BACKLOG)})",
    ]
    rows = [
        row(
            ("opportunity", o.id),
            (o, tuple(catalog.pain_points[p].text for p in o.fixes)),
            _opportunity_row,
        )
        for o in catalog.opportunities.values()
    ]
    parts.append(
        sortable(table(("Opportunity", "Status", "Owner", "Fixes", "Where"), rows))
        if rows
        else "No opportunity recorded yet."
    )
    unfixed = [p for p in catalog.pain_points.values() if not catalog.opportunities_fixing(p.id)]
    if unfixed:
        parts.append("## Pain points no opportunity fixes yet")
        parts.append(  # a table, which sorts and filters: a large site has thousands
            sortable(
                table(
                    ("Pain point", "Severity"),
                    (
                        row(("unfixed", p.id), (p.id, p.text, p.severity), _unfixed_row)
                        for p in sorted(unfixed, key=lambda p: (severity_rank(p), p.id))
                    ),
                )
            )
        )
    return "\n\n".join(parts) + "\n"


def _opportunity_row(o: Opportunity, fixes: tuple[str, ...]) -> list[str]:
    """``fixes``: the text of each pain point the opportunity fixes, in its order."""
    uri = addresses.OPPORTUNITIES
    return [
        addresses.anchor(addresses.opportunity_anchor(o.id)) + text(o.text),
        badge(o.status),
        text(o.owner or ""),
        "<br>".join(
            link(pain_text, relative(uri, addresses.pain_point(p)))
            for p, pain_text in zip(o.fixes, fixes, strict=True)
        ),
        "<br>".join(
            journey_link(occ.journey, uri) + ": " + step_link(occ, uri) for occ in o.occurrences
        ),
    ]


def _unfixed_row(pain_id: str, pain_text: str, severity: str) -> list[str]:
    uri = addresses.OPPORTUNITIES
    return [link(pain_text, relative(uri, addresses.pain_point(pain_id))), badge(severity)]
