"""A query run from the command line: the same language and rows as a block in a page."""

from __future__ import annotations

import json
import re
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
# A Markdown link of a generated page: [text](address.md#anchor), the address site-relative.
_LINK = re.compile(r"\[((?:[^\[\]]|\\.)*)\]\(([^()\s]*)\)")
# A paragraph of HTML, such as the "nothing matches" sentence: its text only.
_TAG = re.compile(r"<(?!br>)[^>]*>")


def for_comment(markdown: str, site_url: str | None) -> str:
    """A page's Markdown made to work in a comment: links absolute to the site, or left out."""

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if site_url is None:
            return label
        address, _, anchor = target.partition("#")
        if address.endswith("index.md"):
            address = address[: -len("index.md")]
        elif address.endswith(".md"):
            address = address[: -len(".md")] + "/"
        url = site_url.rstrip("/") + "/" + address + (f"#{anchor}" if anchor else "")
        return f"[{label}]({url})"

    return _TAG.sub("", _LINK.sub(link, markdown))


def run_query(
    catalog: Catalog,
    kind_name: str,
    lines: list[str],
    output_format: str,
    site_url: str | None = None,
) -> tuple[str, list[Problem]]:
    """The selected rows as the export's JSON entries, or as a Markdown table.

    The Markdown is fit for a pull-request comment: a plain table, whose links go to the
    published site at ``site_url``, or, without it, are left out (a page's relative links lead
    nowhere in a comment).
    """
    kind = TABLE_KINDS[kind_name]
    query, problems = parse_query(kind, lines, 1, QUERY_PATH, catalog)
    if problems:
        return "", problems
    if output_format == "markdown":
        table = render_table(catalog, kind, query, "index.md", sortable_in_page=False)
        return for_comment(table, site_url), []
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
