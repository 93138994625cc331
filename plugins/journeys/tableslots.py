"""The generated pages' sortable tables, as HTML that Markdown and search do not read.

``web.tables`` writes a generated page's sortable tables (the indexes of journeys, personas,
pain points, touchpoints and opportunities, the portfolio's) as HTML. The page's Markdown holds
an HTML comment in each one's place, and the table goes in at ``on_page_context``, after the
search plugins have indexed the page: those tables repeat what each item's own page says, so
search finds the item's page, and the index by its title and introduction, not a table row.
On a site of 1,000 journeys this took a save that touched the pain points index from 9 s of
rendering and indexing to well under one.
"""

from __future__ import annotations

import posixpath
import secrets

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .web.sanitize import BODY_START
from .web.tables import Resolve, tables_as_html


class TableSlots:
    """Tables taken out of pages' Markdown, until their pages are put together."""

    def __init__(self) -> None:
        # Unguessable, so that no text of a page can stand for a table.
        self._token = f"journeys:table:{secrets.token_hex(8)}"
        self._tables: dict[str, list[str]] = {}  # page -> its tables, in order

    def take_out(self, markdown: str, page: Page, files: Files) -> str:
        """on_page_markdown: the page's sortable tables, ahead of any map body, as slots."""
        end = markdown.find(BODY_START)
        head, body = (markdown, "") if end < 0 else (markdown[:end], markdown[end:])
        tables: list[str] = []

        def slot(html: str) -> str:
            tables.append(html)
            return f"<!-- {self._token}:{len(tables) - 1} -->"

        head = tables_as_html(head, _resolver(page, files), slot)
        if tables:
            self._tables[page.file.src_uri] = tables
        else:
            self._tables.pop(page.file.src_uri, None)
        return head + body

    def put_back(self, page: Page) -> None:
        """on_page_context, after search: each slot of the page gets its table."""
        tables = self._tables.pop(page.file.src_uri, None)
        if not tables or page.content is None:
            return
        content = page.content
        for number, table in enumerate(tables):
            content = content.replace(f"<!-- {self._token}:{number} -->", table, 1)
        page.content = content


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
