"""Links between generated pages as MkDocs serves them.

Raw HTML is not rewritten by MkDocs (it only rewrites Markdown links to ``.md`` files), so the
views write the final relative URL themselves, for either value of ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .addresses import url as _url
from .markup import relative


@dataclass(frozen=True)
class Links:
    """Hrefs from one page (a docs-relative ``.md`` path) to other generated pages."""

    page: str
    directory_urls: bool = True
    generated: bool = True  # False: a hand-written page, which MkDocs serves its own way

    def to(self, target: str, fragment: str = "") -> str:
        anchor = f"#{fragment}" if fragment else ""
        if target == self.page:
            return anchor or "./"
        url = _url(self.page, self.directory_urls) if self.generated else self._mkdocs_url()
        here = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        there = _url(target, self.directory_urls)
        path = relative(f"{here}/", there)
        if there.endswith("/") or not there:
            path = path.rstrip("/") + "/"
        return path + anchor

    def file(self, target: str) -> str:
        """The href of a file the site serves as it is (``journeys/x/swimlane.svg``)."""
        url = _url(self.page, self.directory_urls) if self.generated else self._mkdocs_url()
        here = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        return relative(f"{here}/", target)

    def _mkdocs_url(self) -> str:
        """Where MkDocs serves a hand-written page: ``notes/x.md`` -> ``notes/x.html`` without
        directory URLs (a generated page is always a folder's ``index.html``)."""
        if self.directory_urls or posixpath.basename(self.page) in ("index.md", "README.md"):
            return _url(self.page.removesuffix("README.md") + "index.md", self.directory_urls)
        return self.page.removesuffix(".md") + ".html"
