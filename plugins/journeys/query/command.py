"""A query run from the command line: the same language and rows as a block in a page."""

from __future__ import annotations

import json
from typing import Any

from ..catalog import Catalog
from ..export import export_json
from ..format.model import Occurrence, Opportunity, PainPoint
from ..format.problems import Problem
from .columns import COLUMNS
from .kinds import OPPORTUNITIES, PAIN_POINTS
from .language import parse_query
from .results import render_table
from .select import SORT_KEYS, Row, select

# Problems in a query given on the command line point at its lines by number: "query:2".
QUERY_PATH = "query"


def run_query(
    catalog: Catalog, kind: str, lines: list[str], output_format: str
) -> tuple[str, list[Problem]]:
    """The selected rows as the export's JSON entries, or as the Markdown table of a page."""
    query, problems = parse_query(
        kind, lines, 1, QUERY_PATH, catalog, COLUMNS[kind], SORT_KEYS[kind]
    )
    if problems:
        return "", problems
    if output_format == "markdown":
        return render_table(catalog, query, "index.md"), []
    rows = select(catalog, query)
    if query.limit:
        rows = rows[: query.limit]
    return json.dumps(_entries(catalog, kind, rows), indent=2, ensure_ascii=False), []


def _entries(catalog: Catalog, kind: str, rows: list[Row]) -> list[dict[str, Any]]:
    """Each row as the export writes it; a pain point or opportunity also says where it matched."""
    export = export_json(catalog)
    if kind == PAIN_POINTS:
        pains = {entry["id"]: entry for entry in export["pain_points"]}
        return [_matched(pains[_id(row.item)], row) for row in rows]
    if kind == OPPORTUNITIES:
        opportunities = {entry["id"]: entry for entry in export["opportunities"]}
        return [_matched(opportunities[_id(row.item)], row) for row in rows]
    steps = {(entry["journey"], entry["id"]): entry for entry in export["steps"]}
    return [steps[_step_key(row.item)] for row in rows]


def _matched(entry: dict[str, Any], row: Row) -> dict[str, Any]:
    places = [{"journey": o.journey.id, "stage": o.stage.id, "step": o.step.id} for o in row.places]
    return {**entry, "matched": places}


def _id(item: object) -> str:
    assert isinstance(item, PainPoint | Opportunity)
    return item.id


def _step_key(item: object) -> tuple[str, str]:
    assert isinstance(item, Occurrence)
    return item.journey.id, item.step.id
