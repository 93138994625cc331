"""Every item of a catalog as JSON for tools, or as CSV tables for spreadsheets.

The JSON holds each journey, stage, step, persona, touchpoint, pain point, opportunity and
metric overlay row exactly once, with its id, the ids it links to and the address of its
generated page (relative to the site root, as with MkDocs' default ``use_directory_urls``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from .catalog import Catalog
from .format.model import Journey, Occurrence, Step
from .web import addresses
from .web.markup import number

# Raise it when a key changes meaning or goes away; adding keys keeps the version.
SCHEMA_VERSION = 1

STEP_COLUMNS = (
    "journey",
    "journey_title",
    "stage",
    "stage_name",
    "position",
    "step",
    "action",
    "touchpoint",
    "touchpoint_name",
    "channel",
    "emotion",
    "expected",
    "gap",
    "thought",
    "questions",
    "actors",
    "backstage",
    "pains",
    "opportunities",
    "metrics",
    "next",
    "personas",
    "path",
    "line",
)
PAIN_POINT_COLUMNS = (
    "pain_point",
    "text",
    "severity",
    "evidence",
    "occurrences",
    "journeys",
    "steps",
    "fixed_by",
    "page",
)
TABLES = ("steps", "pain-points")


def page(uri: str) -> str:
    """A generated page's address from its docs-relative source: ``journeys/x/index.md`` ->
    ``journeys/x/``."""
    return uri.removesuffix("index.md")


def export_json(catalog: Catalog) -> dict[str, Any]:
    journeys = list(catalog.journeys.values())
    return {
        "schema_version": SCHEMA_VERSION,
        "journeys": [_journey(catalog, journey) for journey in journeys],
        "stages": [
            {
                "id": stage.id,
                "journey": journey.id,
                "name": stage.name,
                "position": index,
                "steps": [step.id for step in stage.steps],
            }
            for journey in journeys
            for index, stage in enumerate(journey.stages, start=1)
        ],
        "steps": [
            _step(catalog, journey, stage.id, step, position)
            for journey in journeys
            for position, (stage, step) in enumerate(
                ((stage, step) for stage in journey.stages for step in stage.steps), start=1
            )
        ],
        "personas": [
            {
                "id": persona.id,
                "name": persona.name,
                "role": persona.role,
                "segment": persona.segment,
                "quote": persona.quote,
                "goals": persona.goals,
                "needs": persona.needs,
                "frustrations": persona.frustrations,
                "image": persona.image,
                "tags": persona.tags,
                "journeys": [j.id for j in catalog.journeys_of_persona(persona.id)],
                "pain_points": [p.id for p in catalog.pains_of_persona(persona.id)],
                "path": persona.where.path,
                "page": page(addresses.persona(persona.id)),
            }
            for persona in catalog.personas.values()
        ],
        "touchpoints": [
            {
                "id": touchpoint.id,
                "name": touchpoint.name,
                "channel": touchpoint.channel,
                "owner": touchpoint.owner,
                "registered": touchpoint.registered,
                "steps": _occurrences(catalog.steps_using(touchpoint.id)),
                "page": page(addresses.touchpoint(touchpoint.id)),
            }
            for touchpoint in catalog.touchpoints.values()
        ],
        "pain_points": [
            {
                "id": pain.id,
                "text": pain.text,
                "severity": pain.severity,
                "evidence": pain.evidence,
                "occurrences": _occurrences(pain.occurrences),
                "fixed_by": [o.id for o in catalog.opportunities_fixing(pain.id)],
                "page": page(addresses.pain_point(pain.id)),
            }
            for pain in catalog.pain_points.values()
        ],
        "opportunities": [
            {
                "id": opportunity.id,
                "text": opportunity.text,
                "status": opportunity.status,
                "owner": opportunity.owner,
                "fixes": opportunity.fixes,
                "occurrences": _occurrences(opportunity.occurrences),
                "page": page(addresses.OPPORTUNITIES)
                + "#"
                + addresses.opportunity_anchor(opportunity.id),
            }
            for opportunity in catalog.opportunities.values()
        ],
        "metrics": [
            {
                "journey": row.journey,
                "step": row.step,
                "touchpoint": row.touchpoint,
                "metric": row.metric,
                "value": row.value,
                "period": row.period,
                "source": row.source,
                "path": row.where.path,
                "line": row.where.line,
            }
            for row in catalog.metrics
        ],
    }


def _journey(catalog: Catalog, journey: Journey) -> dict[str, Any]:
    return {
        "id": journey.id,
        "title": journey.title,
        "personas": journey.personas,
        "state": journey.state,
        "current": journey.current,
        "futures": [future.id for future in catalog.futures_of(journey.id)],
        "owner": journey.owner,
        "reviewed": journey.reviewed.isoformat() if journey.reviewed else None,
        "tags": journey.tags,
        "promise": journey.promise,
        "group": journey.group,
        "stages": [stage.id for stage in journey.stages],
        "steps": [step.id for step in journey.steps],
        "average_emotion": journey.average_emotion,
        "path": journey.where.path,
        "page": page(addresses.journey(journey.id)),
    }


def _step(
    catalog: Catalog, journey: Journey, stage_id: str, step: Step, position: int
) -> dict[str, Any]:
    touchpoint = catalog.touchpoints.get(step.touchpoint or "")
    return {
        "id": step.id,
        "journey": journey.id,
        "stage": stage_id,
        "position": position,  # 1 for the journey's first step
        "action": step.action,
        "touchpoint": step.touchpoint,
        "touchpoint_name": touchpoint.name if touchpoint else None,
        "channel": catalog.channel_of(step),
        "emotion": step.emotion,
        "expected": step.expected,
        "gap": step.gap,
        "thought": step.thought,
        "questions": step.questions,
        "actors": catalog.actors_of(journey, step),
        "backstage": step.backstage,
        "pains": [pain.id for pain in step.pains],
        "opportunities": [opportunity.id for opportunity in step.opportunities],
        "metrics": step.metrics,
        "next": step.next,
        "path": step.where.path,
        "line": step.where.line,
        "page": page(addresses.journey(journey.id)) + "#" + addresses.step_anchor(step.id),
    }


def _occurrences(occurrences: Iterable[Occurrence]) -> list[dict[str, str]]:
    return [{"journey": o.journey.id, "stage": o.stage.id, "step": o.step.id} for o in occurrences]


# CSV ---------------------------------------------------------------------------------------
# A list of texts is one cell with a text per line (spreadsheets show it on several lines); a
# list of ids is one cell with the ids separated by spaces, which no id contains.


def _lines(values: Iterable[str]) -> str:
    return "\n".join(values)


def _ids(values: Iterable[str]) -> str:
    return " ".join(values)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number(value)
    return str(value)


def steps_rows(catalog: Catalog) -> list[list[str]]:
    rows = []
    for step in export_json(catalog)["steps"]:
        journey = catalog.journeys[step["journey"]]
        stage = next(s for s in journey.stages if s.id == step["stage"])
        values: dict[str, object] = {
            **step,
            "journey_title": journey.title,
            "stage_name": stage.name,
            "step": step["id"],
            "questions": _lines(step["questions"]),
            "actors": _lines(step["actors"]),
            "pains": _ids(step["pains"]),
            "opportunities": _ids(step["opportunities"]),
            "metrics": _lines(f"{name}={number(value)}" for name, value in step["metrics"].items()),
            "next": _ids(step["next"]),
            "personas": _ids(journey.personas),
        }
        rows.append([_cell(values[column]) for column in STEP_COLUMNS])
    return rows


def pain_point_rows(catalog: Catalog) -> list[list[str]]:
    rows = []
    for pain in export_json(catalog)["pain_points"]:
        journeys = dict.fromkeys(o["journey"] for o in pain["occurrences"])
        values: dict[str, object] = {
            "pain_point": pain["id"],
            "text": pain["text"],
            "severity": pain["severity"],
            "evidence": _lines(pain["evidence"]),
            "occurrences": len(pain["occurrences"]),
            "journeys": _ids(journeys),
            "steps": _ids(f"{o['journey']}/{o['step']}" for o in pain["occurrences"]),
            "fixed_by": _ids(pain["fixed_by"]),
            "page": pain["page"],
        }
        rows.append([_cell(values[column]) for column in PAIN_POINT_COLUMNS])
    return rows


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): such a text is written after an apostrophe. A text that starts with an
# apostrophe gets one more, so a reader undoes it exactly: drop one leading apostrophe, always.
FORMULA_GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", FORMULA_GUARD)
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def neutralise_formula(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text, never runs it (plain numbers unchanged)."""
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return FORMULA_GUARD + cell
    return cell


def restore_formula(cell: str) -> str:
    """The text :func:`neutralise_formula` was given (for a reader of exported CSV)."""
    return cell.removeprefix(FORMULA_GUARD) if cell.startswith(FORMULA_STARTS) else cell


def export_csv(catalog: Catalog, table: str, *, raw_text: bool = False) -> str:
    """One table as CSV (RFC 4180: a header row, CRLF line ends, quotes where needed).

    Texts a spreadsheet would run as formulas are neutralised (:func:`neutralise_formula`)
    unless ``raw_text``: the texts exactly as in the maps, for tools.
    """
    columns, rows = (
        (STEP_COLUMNS, steps_rows(catalog))
        if table == "steps"
        else (PAIN_POINT_COLUMNS, pain_point_rows(catalog))
    )
    if not raw_text:
        rows = [[neutralise_formula(cell) for cell in row] for row in rows]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()
