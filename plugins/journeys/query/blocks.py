"""Query blocks in a page's Markdown: fenced code blocks named after a kind of query, replaced
by what they ask for. Any other fence is passed over whole, so a page can show the syntax
itself inside a longer fence (```` ````markdown ````), as the docs do."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..catalog import Catalog
from ..format.problems import Problem
from .kinds import JOURNEY_DIAGRAM
from .language import parse_query
from .registry import KINDS
from .results import render_diagrams, render_table

_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)\Z")


@dataclass(frozen=True)
class PageSource:
    """A hand-written page: where messages point, and where its links start from."""

    path: str  # as shown in messages: docs/research/school-run.md
    src_uri: str  # relative to docs_dir: research/school-run.md
    first_line: int = 1  # the line of the file where the Markdown starts (after front matter)


def has_query_blocks(markdown: str) -> bool:
    """A quick test that spares pages without a block the scan."""
    return any(kind in markdown for kind in KINDS)


def expand_query_blocks(
    markdown: str, page: PageSource, catalog: Catalog, directory_urls: bool = True
) -> tuple[str, list[Problem]]:
    """The page with each query block replaced, and the problems of the blocks."""
    lines = markdown.split("\n")
    out: list[str] = []
    problems: list[Problem] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            out.append(lines[index])
            index += 1
            continue
        end = _closing(lines, index + 1, match["fence"])
        kind = _kind(match["info"])
        stop = len(lines) if end is None else end + 1
        if kind is None or end is None:
            if kind is not None:
                problems.append(
                    Problem(
                        page.path,
                        page.first_line + index,
                        kind,
                        f"the block is not closed (end it with a line of {match['fence']})",
                    )
                )
            out.extend(lines[index:stop])
            index = stop
            continue
        indent = match["indent"]
        body = [_dedent(line, indent) for line in lines[index + 1 : end]]
        replacement, found = _render(
            kind, body, page, page.first_line + index, catalog, directory_urls
        )
        problems.extend(found)
        out.append("")
        out.extend(indent + line if line else line for line in replacement.split("\n"))
        out.append("")
        index = stop
    return "\n".join(out), problems


def _render(
    kind: str,
    body: list[str],
    page: PageSource,
    fence_line: int,
    catalog: Catalog,
    directory_urls: bool,
) -> tuple[str, list[Problem]]:
    of = KINDS[kind]
    query, problems = parse_query(of, body, fence_line + 1, page.path, catalog)
    if problems:
        return _not_shown(kind, problems), problems
    if kind == JOURNEY_DIAGRAM:
        return render_diagrams(catalog, query, page.src_uri, page.path, directory_urls)
    return render_table(catalog, of, query, page.src_uri), []


def _not_shown(kind: str, problems: list[Problem]) -> str:
    """In place of a block that has a mistake: what is wrong, visible to whoever reads the page."""
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
    return (
        f'<div class="journeys-query-error"><p>This {html.escape(kind)} block is not shown: '
        f"fix it in the page's source.</p><ul>{items}</ul></div>"
    )


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(fence) and stripped == fence[0] * len(stripped):
            return index
    return None


def _kind(info: str) -> str | None:
    words = info.split()
    name = words[0].strip("{}").lstrip(".") if words else ""
    return name if name in KINDS else None


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip()
