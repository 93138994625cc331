"""A query run from the command line: the same language and rows as a block in a page."""

from __future__ import annotations

import json
from typing import Any

from ..catalog import Catalog
from ..export import export_json
from ..format.problems import Problem
from .kinds import Item, Kind, Row, export_entry_id
from .language import parse_query
from .registry import TABLE_KINDS
from .results import render_table
from .select import select

# Problems in a query given on the command line point at its lines by number: "query:2".
QUERY_PATH = "query"


def run_query(
    catalog: Catalog, kind_name: str, lines: list[str], output_format: str
) -> tuple[str, list[Problem]]:
    """The selected rows as the export's JSON entries, or as the Markdown table of a page."""
    kind = TABLE_KINDS[kind_name]
    query, problems = parse_query(kind, lines, 1, QUERY_PATH, catalog)
    if problems:
        return "", problems
    if output_format == "markdown":
        return render_table(catalog, kind, query, "index.md"), []
    rows = select(catalog, kind, query)
    if query.limit:
        rows = rows[: query.limit]
    return json.dumps(_entries(catalog, kind, rows), indent=2, ensure_ascii=False), []


def _entries(catalog: Catalog, kind: Kind[Item], rows: list[Row[Item]]) -> list[dict[str, Any]]:
    """Each row as the export writes it; a pain point or opportunity also says where it matched."""
    entries = {export_entry_id(e): e for e in export_json(catalog)[kind.export_list]}
    return [_matched(entries[kind.export_id(row.item)], row, kind) for row in rows]


def _matched(entry: dict[str, Any], row: Row[Item], kind: Kind[Item]) -> dict[str, Any]:
    if kind.export_list == "steps":  # a step matches where it is
        return entry
    places = [{"journey": o.journey.id, "stage": o.stage.id, "step": o.step.id} for o in row.places]
    return {**entry, "matched": places}
