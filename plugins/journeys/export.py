"""Every item of a catalog as JSON for tools, or as CSV tables for spreadsheets.

The JSON holds each journey, stage, step, persona, touchpoint, pain point, opportunity and
metric overlay row exactly once, with its id, the ids it links to and the address of its
generated page (relative to the site root, as with MkDocs' default ``use_directory_urls``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from .catalog import Catalog
from .format.keys import (
    JOURNEY,
    METRICS_CSV,
    OPPORTUNITY,
    PAIN,
    PERSONA,
    STEP,
    TOUCHPOINT,
    Key,
    Object,
    Type,
)
from .format.model import Journey, Occurrence, Step
from .web import addresses
from .web.markup import number

# Raise it when a key changes meaning or goes away; adding keys keeps the version.
SCHEMA_VERSION = 1

# The fields the export adds after a key of the table: what the catalog works out from it.
_STEP_EXTRAS: dict[str, tuple[str, ...]] = {
    "touchpoint": ("touchpoint_name",),
    "expected": ("gap",),
}


def _fields(keys: Object, extras: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """An object's exported fields: its keys in the table's order (but the id), each followed by
    the fields worked out from it."""
    return tuple(
        name
        for key in keys
        if key.name != "id"
        for name in (key.field_name, *extras.get(key.name, ()))
    )


def step_fields() -> tuple[str, ...]:
    return _fields(STEP, _STEP_EXTRAS)


def step_columns() -> tuple[str, ...]:
    """The columns of the steps table: where the step is, its fields, its journey's personas."""
    return (
        "journey",
        "journey_title",
        "stage",
        "stage_name",
        "position",
        "step",
        *step_fields(),
        "personas",
        "path",
        "line",
    )


def pain_point_columns() -> tuple[str, ...]:
    return (
        "pain_point",
        *_fields(PAIN, {}),
        "occurrences",
        "journeys",
        "steps",
        "fixed_by",
        "page",
    )


TABLES = ("steps", "pain-points")


def page(uri: str) -> str:
    """A generated page's address from its docs-relative source: ``journeys/x.md`` ->
    ``journeys/x/``."""
    return addresses.url(uri)


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
                **_plain(persona, PERSONA),
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
                **_plain(touchpoint, TOUCHPOINT),
                "registered": touchpoint.registered,
                "steps": _occurrences(catalog.steps_using(touchpoint.id)),
                "page": page(addresses.touchpoint(touchpoint.id)),
            }
            for touchpoint in catalog.touchpoints.values()
        ],
        "pain_points": [
            {
                "id": pain.id,
                **_plain(pain, PAIN),
                "occurrences": _occurrences(pain.occurrences),
                "fixed_by": [o.id for o in catalog.opportunities_fixing(pain.id)],
                "page": page(addresses.pain_point(pain.id)),
            }
            for pain in catalog.pain_points.values()
        ],
        "opportunities": [
            {
                "id": opportunity.id,
                **_plain(opportunity, OPPORTUNITY),
                "occurrences": _occurrences(opportunity.occurrences),
                "page": page(addresses.OPPORTUNITIES)
                + "#"
                + addresses.opportunity_anchor(opportunity.id),
            }
            for opportunity in catalog.opportunities.values()
        ],
        "metrics": [
            {
                **_plain(row, METRICS_CSV),
                "path": row.where.path,
                "line": row.where.line,
            }
            for row in catalog.metrics
        ],
    }


def _value(value: object) -> Any:
    """A value of the model as JSON: a date as YYYY-MM-DD, a list or mapping as a copy."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _plain(item: object, keys: Object, **instead: Any) -> dict[str, Any]:
    """An item's keys by the key table (but its id), with the values given ``instead`` (under
    a key's name) in place of the model's."""
    result: dict[str, Any] = {}
    for key in keys:
        if key.name == "id":
            continue
        if key.name in instead:
            result.update(instead[key.name])
        else:
            result[key.field_name] = _value(getattr(item, key.field_name))
    return result


def _journey(catalog: Catalog, journey: Journey) -> dict[str, Any]:
    return {
        "id": journey.id,
        **_plain(
            journey,
            JOURNEY,
            current={
                "current": journey.current,
                "futures": [future.id for future in catalog.futures_of(journey.id)],
            },
            promise={"promise": journey.promise, "group": journey.group},
            stages={
                "stages": [stage.id for stage in journey.stages],
                "steps": [step.id for step in journey.steps],
                "average_emotion": journey.average_emotion,
            },
        ),
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
        **_plain(
            step,
            STEP,
            touchpoint={
                "touchpoint": step.touchpoint,
                "touchpoint_name": touchpoint.name if touchpoint else None,
            },
            channel={"channel": catalog.channel_of(step)},
            expected={"expected": step.expected, "gap": step.gap},
            actors={"actors": catalog.actors_of(journey, step)},
            pains={"pains": [pain.id for pain in step.pains]},
            opportunities={"opportunities": [o.id for o in step.opportunities]},
        ),
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


def _csv(key: Key, value: Any) -> object:
    """A key's exported value as one cell, by its type in the key table."""
    if key.type in (Type.IDS, Type.ITEMS):
        return _ids(value)
    if key.type is Type.TEXTS:
        return _lines(value)
    if key.type is Type.NUMBERS:
        return _lines(f"{name}={number(amount)}" for name, amount in value.items())
    return value


def steps_rows(catalog: Catalog) -> list[list[str]]:
    columns = step_columns()
    rows = []
    for step in export_json(catalog)["steps"]:
        journey = catalog.journeys[step["journey"]]
        stage = next(s for s in journey.stages if s.id == step["stage"])
        values: dict[str, object] = {
            **{key.field_name: _csv(key, step[key.field_name]) for key in STEP},
            **{name: step[name] for name in step_fields() if name not in STEP.names},
            "journey": journey.id,
            "journey_title": journey.title,
            "stage": stage.id,
            "stage_name": stage.name,
            "position": step["position"],
            "step": step["id"],
            "personas": _ids(journey.personas),
            "path": step["path"],
            "line": step["line"],
        }
        rows.append([_cell(values[column]) for column in columns])
    return rows


def pain_point_rows(catalog: Catalog) -> list[list[str]]:
    columns = pain_point_columns()
    rows = []
    for pain in export_json(catalog)["pain_points"]:
        journeys = dict.fromkeys(o["journey"] for o in pain["occurrences"])
        values: dict[str, object] = {
            "pain_point": pain["id"],
            **{key.field_name: _csv(key, pain[key.field_name]) for key in PAIN if key.name != "id"},
            "occurrences": len(pain["occurrences"]),
            "journeys": _ids(journeys),
            "steps": _ids(f"{o['journey']}/{o['step']}" for o in pain["occurrences"]),
            "fixed_by": _ids(pain["fixed_by"]),
            "page": pain["page"],
        }
        rows.append([_cell(values[column]) for column in columns])
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
        (step_columns(), steps_rows(catalog))
        if table == "steps"
        else (pain_point_columns(), pain_point_rows(catalog))
    )
    if not raw_text:
        rows = [[neutralise_formula(cell) for cell in row] for row in rows]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()
