"""Markdown building blocks that keep source text inert.

Every text from a journey file goes through ``text()``: characters that Markdown, HTML or the
usual extensions (tables, attr_list, emoji, arithmatex, magiclink) would act on become numeric
character references, which every Markdown processor passes through as the character itself.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

# `&<>` for HTML; `\`*_[]{}#` for Markdown; `|` for tables; `~^=` for pymdownx inline marks;
# `$` for arithmatex; `:` for emoji shortcodes and autolinks such as `javascript:`.
# `_` only at a word's edge: Python-Markdown ignores it inside words (wait_minutes stays).
_ALWAYS = re.compile(r"[&<>\\`*\[\]{}#|~^=$:]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# At the start of a line these open a list, a quote or a heading.
_LEADING = re.compile(r"^(?:[-+>]|\d+(?=[.)]))")
_SPACE = re.compile(r"\s+")


def text(value: str) -> str:
    """Source text as inert inline Markdown, on one line."""
    flat = _SPACE.sub(" ", value).strip()
    escaped = _ALWAYS.sub(lambda m: f"&#{ord(m.group())};", flat)
    return _LEADING.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped)


def link(label: str, target: str) -> str:
    """A link whose label is source text and whose target is an address we built."""
    return f"[{text(label)}]({target})"


def relative(from_uri: str, to_uri: str) -> str:
    """The relative link from one page to another: both docs-relative ``.md`` paths, or both
    site-relative URLs (``Links``). The one relative-link function of the package.

    Pure string work: ``posixpath.relpath`` asks the OS for the working folder on every call,
    which was a tenth of page generation on a large site.
    """
    start = [part for part in from_uri.split("/")[:-1] if part]
    target = to_uri.split("/")
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


# Raw HTML, so that it needs no Markdown extension: assets/tables.js finds the table after it
# and makes it sortable by column and filterable by text. Without the script it shows nothing.
SORTABLE_MARKER = '<div class="journeys-table-tools" data-journeys-table></div>'


def sortable(markdown_table: str) -> str:
    """A Markdown table marked for sorting and filtering in the browser (and, in the plugin's
    site, left out of search: its rows are items with pages of their own)."""
    return f"{SORTABLE_MARKER}\n\n{markdown_table}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are already Markdown. An empty cell shows a dash."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell or "—" for cell in row) + " |")
    return "\n".join(lines)


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def front_matter(tags: Sequence[str] = (), **meta: str | list[str]) -> str:
    """Page metadata for MkDocs; JSON strings are valid YAML, so any title survives.

    Themes write the title into the page, its <title> and the nav without escaping it
    (Material does), so it is given HTML-escaped: it then reads as the source text everywhere.
    ``tags`` are for Material's tags plugin. ``render_macros: false`` is mkdocs-macros' switch
    for a page: a map's text is never a template. A list (Material's ``hide``) is written as
    it is: it holds our own words.
    """
    lines = [
        f"{key}: "
        + json.dumps(html.escape(value) if isinstance(value, str) else value, ensure_ascii=False)
        for key, value in meta.items()
    ]
    if tags:
        lines.append(f"tags: {json.dumps([html.escape(tag) for tag in tags], ensure_ascii=False)}")
    lines.append("render_macros: false")
    return "---\n" + "\n".join(lines) + "\n---\n"


def emotion_label(score: int) -> str:
    return EMOTION_WORDS.get(score, str(score))


EMOTION_WORDS = {1: "very bad", 2: "bad", 3: "neutral", 4: "good", 5: "delighted"}


def score(value: float | None) -> str:
    """A score or average, one decimal at most."""
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def number(value: float) -> str:
    """A metric value as people write it: 18 rather than 18.0, 0.031 kept."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def badge(word: str) -> str:
    """A severity or status as a coloured badge whose word stays (journeys.css keeps each
    colour at WCAG AA contrast in both schemes); sorting and filtering read the word."""
    return f'<span class="journeys-badge journeys-badge--{text(word)}">{text(word)}</span>'


# How many names an index cell gives before "and N more", which links to the item's page.
FIRST_FEW = 3


def first_few(links: list[str], more_href: str, separator: str = "<br>") -> str:
    """The first few of ``links`` (Markdown), then "and N more" linking to where all are."""
    return first_few_of(links, str, more_href, separator)


def first_few_of(
    items: Sequence[T], link_to: Callable[[T], str], more_href: str, separator: str = "<br>"
) -> str:
    """``first_few`` of the items' links, making only the links it shows (a persona walks
    hundreds of journeys on a large site)."""
    if len(items) <= FIRST_FEW + 1:  # "and 1 more" would take the room of the name
        return separator.join(link_to(item) for item in items)
    rest = len(items) - FIRST_FEW
    shown = separator.join(link_to(item) for item in items[:FIRST_FEW])
    return f"{shown}{separator}[and {rest} more]({more_href})"
