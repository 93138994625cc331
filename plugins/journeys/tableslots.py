"""The generated pages' tables, as HTML that Python-Markdown does not read, and the sortable
ones (the indexes) and the portfolio's heatmaps kept out of search.

``web.tables`` writes the tables of a generated page (ahead of any map body) as HTML. The
page's Markdown holds an HTML comment in each one's place, and the table goes in once the
page's HTML is made: a table goes in at ``on_page_content``; a sortable table (the indexes of
journeys, personas, pain points, touchpoints and opportunities, the portfolio's) and a
portfolio heatmap (raw HTML, which Markdown would only parse to pass it through) go in at
``on_page_context``, after the search plugins have indexed the page. Those repeat what each
item's own page says, so search finds the item's own page, and the index by its title and
introduction, not a row of its table. (At 100 journeys the pain points index, 217 kB of
Markdown, took 0.66 s to render and as long again to index, on every save that touched it.)
"""

from __future__ import annotations

import posixpath
import secrets

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .web.sanitize import BODY_START
from .web.tables import Resolve, Rows, heatmaps_as_slots, tables_as_html


class TableSlots:
    """Tables and heatmaps taken out of pages' Markdown, until their pages' HTML is made."""

    def __init__(self) -> None:
        # Unguessable, so that no text of a page can stand for a table.
        self._token = f"journeys:table:{secrets.token_hex(8)}"
        self._pieces: dict[str, list[tuple[str, bool]]] = {}  # page -> (HTML, in search)
        self.remember_rows = False  # set under --dirty, whose next build can use them
        self._rows: dict[str, dict[str, str]] = {}  # page -> its table rows, last written
        self._files: Files | None = None
        self._names: frozenset[str] = frozenset()  # the site's files when those were written

    def take_out(self, markdown: str, page: Page, files: Files) -> str:
        """on_page_markdown: the page's tables and heatmaps, ahead of any map body, as slots."""
        end = markdown.find(BODY_START)
        head, body = (markdown, "") if end < 0 else (markdown[:end], markdown[end:])
        pieces: list[tuple[str, bool]] = []

        def slot(html: str, in_search: bool) -> str:
            pieces.append((html, in_search))
            return f"<!-- {self._token}:{len(pieces) - 1} -->"

        rows = Rows(self._rows_of(page, files))
        head = tables_as_html(
            head, _resolver(page, files), lambda h, sortable: slot(h, not sortable), rows
        )
        if self.remember_rows:
            self._rows[page.file.src_uri] = rows.now
        head = heatmaps_as_slots(head, lambda html: slot(html, False))
        if pieces:
            self._pieces[page.file.src_uri] = pieces
        else:
            self._pieces.pop(page.file.src_uri, None)
        return head + body

    def _rows_of(self, page: Page, files: Files) -> dict[str, str]:
        """The rows the page's tables were written as, if the site's files are the ones their
        links were resolved against (a file added or gone: every row is written again)."""
        if files is not self._files:  # a new build
            self._files = files
            names = frozenset(files.src_uris)
            if names != self._names:
                self._names, self._rows = names, {}
        return self._rows.get(page.file.src_uri, {})

    def put_back(self, html: str, page: Page, *, in_search: bool) -> str:
        """The page's HTML with the pieces that search reads (at on_page_content), or those it
        does not (at on_page_context, after search), in their slots."""
        pieces = self._pieces.get(page.file.src_uri, [])
        for number, (piece, searched) in enumerate(pieces):
            if searched == in_search:
                html = html.replace(f"<!-- {self._token}:{number} -->", piece, 1)
        if not in_search:  # the last of the two
            self._pieces.pop(page.file.src_uri, None)
        return html


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
