"""The generated pages' tables, as HTML that Python-Markdown does not read, and the sortable
ones (the indexes) kept out of search.

``web.tables`` writes the tables of a generated page (ahead of any map body) as HTML. The
page's Markdown holds an HTML comment in each one's place, and the table goes in once the
page's HTML is made: a table goes in at ``on_page_content``, and a sortable table (the indexes
of journeys, personas, pain points, touchpoints and opportunities, the portfolio's) at
``on_page_context``, after the search plugins have indexed the page. Those repeat what each
item's own page says, so search finds the item's own page, and the index by its title and
introduction, not a row of its table. On a site of 1,000 journeys, this took the pain points
index from 7 s of Markdown and 2 s of indexing, on every save that touched it, to a tenth.
"""

from __future__ import annotations

import posixpath
import secrets

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .web.sanitize import BODY_START
from .web.tables import Resolve, tables_as_html


class TableSlots:
    """Tables taken out of pages' Markdown, until their pages' HTML is made."""

    def __init__(self) -> None:
        # Unguessable, so that no text of a page can stand for a table.
        self._token = f"journeys:table:{secrets.token_hex(8)}"
        self._tables: dict[str, list[tuple[str, bool]]] = {}  # page -> (table, sortable)

    def take_out(self, markdown: str, page: Page, files: Files) -> str:
        """on_page_markdown: the page's tables, ahead of any map body, as slots."""
        end = markdown.find(BODY_START)
        head, body = (markdown, "") if end < 0 else (markdown[:end], markdown[end:])
        tables: list[tuple[str, bool]] = []

        def slot(html: str, sortable: bool) -> str:
            tables.append((html, sortable))
            return self._slot(len(tables) - 1)

        head = tables_as_html(head, _resolver(page, files), slot)
        if tables:
            self._tables[page.file.src_uri] = tables
        else:
            self._tables.pop(page.file.src_uri, None)
        return head + body

    def put_back(self, html: str, page: Page, *, sortable: bool) -> str:
        """The page's HTML with its tables of that kind in their slots: at on_page_content
        the others, at on_page_context (after search) the sortable ones."""
        tables = self._tables.get(page.file.src_uri)
        for number, (table, is_sortable) in enumerate(tables or ()):
            if is_sortable == sortable:
                html = html.replace(self._slot(number), table, 1)
        if sortable:
            self._tables.pop(page.file.src_uri, None)
        return html

    def _slot(self, number: int) -> str:
        return f"<!-- {self._token}:{number} -->"


def _resolver(page: Page, files: Files) -> Resolve:
    """Hrefs as MkDocs writes them for a Markdown link from ``page`` (None: no such file)."""
    here = posixpath.dirname(page.file.src_uri)
    known: dict[str, str | None] = {}
    by_path = files.src_uris

    def resolve(target: str) -> str | None:
        if target not in known:
            file = by_path.get(posixpath.normpath(posixpath.join(here, target)))
            usable = file is not None and file.inclusion.is_included()  # type: ignore[no-untyped-call]
            known[target] = file.url_relative_to(page.file) if file and usable else None
        return known[target]

    return resolve
