"""The generated pages' tables as HTML, written without Python-Markdown.

The index tables grow with the site (500 pain points: 217 kB of Markdown, 5,000: ten times as
much), and Python-Markdown renders a table some 25 times slower than writing its HTML here
(measured on the tables of 100 journeys: 0.56 s against 0.02 s). The tables ahead of a map's
body are written by our own code (``markup.table`` of cells made by ``markup.text``,
``markup.link`` and a few fixed HTML pieces), so their HTML can be written directly: what
Python-Markdown's ``tables`` extension would give, with each link's target resolved the way
MkDocs resolves it.

Only a table made of exactly those pieces is converted; any other cell (or a link to a file the
site does not have) leaves the whole table to Markdown and MkDocs, which say what is wrong with
it. The result carries no source text but what ``markup.text`` made inert.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .markup import SORTABLE_MARKER

# A table as ``markup.table`` writes it, marked sortable (``markup.sortable``: the
# marker, a blank line, the table) or not.
_TABLE = re.compile(
    rf"^(?P<marker>{re.escape(SORTABLE_MARKER)}\n\n)?"
    r"(?P<table>\|[^\n]*\|\n\|(?:---\|)+(?:\n\|[^\n]*\|)*)$",
    re.MULTILINE,
)
# The pieces a cell is made of. Text: no character Markdown or HTML would act on, except the
# numeric references that ``markup.text`` writes, and ``_`` inside a word (Markdown leaves it);
# nor a tab (Markdown expands it), nor STX and ETX (Python-Markdown drops its placeholders).
_TEXT = r"(?:[^\[\]<>&\\`*_{}~^=$|\t\x02\x03]|&#[0-9]{1,7};|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))+"


def _strong(group: str) -> str:
    """Our own words in bold: ``**Quick wins**``."""
    return rf"\*\*(?P<{group}>{_TEXT})\*\*"


_LABEL = rf"(?:{_TEXT}|{_strong('inner')})"
_PIECE = re.compile(
    rf"(?P<text>{_TEXT})|{_strong('strong')}"
    rf"|\[(?P<label>{_LABEL})\]\((?P<target>[A-Za-z0-9_./-]*)(?:#(?P<fragment>[A-Za-z0-9_-]+))?\)"
    r'|(?P<html><br>|<span class="journeys-badge journeys-badge--[a-z-]+">[a-z -]+</span>'
    r'|<span id="[a-z0-9_-]+"></span>)'
)
_STRONG_LABEL = re.compile(_strong("inner"))

# A portfolio heatmap (``pages.views.portfolio.heatmap``): raw HTML of our own, one block with
# no blank line in it, which Markdown passes through as it is after parsing it (half a second
# for the portfolio page of 100 journeys) and which search has no use for.
_HEATMAP = re.compile(
    r'^<div class="journeys-heatmap">\n(?:[^\n]+\n)*</div>(?=\n\n|\n?\Z)', re.MULTILINE
)

Resolve = Callable[[str], str | None]
"""A link target as written in the page (a relative path) -> its href, None: no such file."""


class Rows:
    """The rows a page's tables were last written as (its Markdown line -> its HTML): after a
    save, the index of 5,000 pain points has a few rows that changed, not 5,000."""

    def __init__(self, last: Mapping[str, str] | None = None) -> None:
        self.last: Mapping[str, str] = last or {}
        self.now: dict[str, str] = {}


def tables_as_html(
    markdown: str, resolve: Resolve, slot: Callable[[str, bool], str], rows: Rows | None = None
) -> str:
    """``markdown`` with each table that converts replaced by ``slot(html, sortable)``."""

    def convert(match: re.Match[str]) -> str:
        html = table_html(match.group("table"), resolve, rows)
        if html is None:
            return match.group(0)
        marker = match.group("marker")
        return (marker or "") + slot(html, marker is not None)

    return _TABLE.sub(convert, markdown)


def heatmaps_as_slots(markdown: str, slot: Callable[[str], str]) -> str:
    """``markdown`` with each heatmap replaced by ``slot(html)``."""

    def take(match: re.Match[str]) -> str:
        html = match.group(0)
        balanced = html.count("<div") == html.count("</div>")
        return slot(html) if balanced else html

    return _HEATMAP.sub(take, markdown)


def table_html(markdown_table: str, resolve: Resolve, rows: Rows | None = None) -> str | None:
    """The HTML of one table of ``markup.table``, or None if it holds anything else. ``rows``
    gives the rows written before (their links resolved the same way) and keeps this table's."""
    rows = rows or Rows()
    lines = markdown_table.split("\n")
    header = _cells(lines[0])
    if header is None:
        return None
    out = ["<table>", "<thead>", "<tr>"]
    for cell in header:
        html = _cell(cell, resolve)
        if html is None:
            return None
        out.append(f"<th>{html}</th>")
    out += ["</tr>", "</thead>", "<tbody>"]
    for line in lines[2:]:
        row = rows.last.get(line) or _row(line, len(header), resolve)
        if row is None:
            return None
        rows.now[line] = row
        out.append(row)
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _row(line: str, columns: int, resolve: Resolve) -> str | None:
    cells = _cells(line)
    if cells is None or len(cells) != columns:
        return None
    out = ["<tr>"]
    for cell in cells:
        html = _cell(cell, resolve)
        if html is None:
            return None
        out.append(f"<td>{html}</td>")
    out.append("</tr>")
    return "\n".join(out)


def _cells(line: str) -> list[str] | None:
    if not (line.startswith("| ") and line.endswith(" |")):
        return None
    return line[2:-2].split(" | ")


def _cell(cell: str, resolve: Resolve) -> str | None:
    out: list[str] = []
    position = 0
    while position < len(cell):
        piece = _PIECE.match(cell, position)
        if piece is None:
            return None
        position = piece.end()
        if piece.group("label") is not None:
            fragment = piece.group("fragment")
            target = piece.group("target")
            href = resolve(target) if target else ""
            if href is None:
                return None
            href += f"#{fragment}" if fragment else ""
            label = piece.group("label")
            strong = _STRONG_LABEL.fullmatch(label)
            label = f"<strong>{strong.group('inner')}</strong>" if strong else label
            out.append(f'<a href="{href}">{label}</a>')
        elif piece.group("strong") is not None:
            out.append(f"<strong>{piece.group('strong')}</strong>")
        else:
            out.append(piece.group(0))
    return "".join(out).strip()
