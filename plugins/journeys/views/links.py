"""Links between generated pages as MkDocs serves them.

Raw HTML is not rewritten by MkDocs (it only rewrites Markdown links to ``.md`` files), so the
views write the final relative URL themselves, for either value of ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


def _url(src_uri: str, directory_urls: bool) -> str:
    """``journeys/x/index.md`` -> ``journeys/x/`` (or ``journeys/x/index.html``)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _relative(there: str, here: str) -> str:
    """``posixpath.relpath`` for two site-relative paths without ``..``, minus its cost (it
    resolves both against the working directory): the views make tens of links per step."""
    to, base = [p for p in there.split("/") if p], [p for p in here.split("/") if p]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


@dataclass(frozen=True)
class Links:
    """Hrefs from one page (a docs-relative ``.md`` path) to other generated pages."""

    page: str
    directory_urls: bool = True

    def to(self, target: str, fragment: str = "") -> str:
        anchor = f"#{fragment}" if fragment else ""
        if target == self.page:
            return anchor or "./"
        url = _url(self.page, self.directory_urls)
        here = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        there = _url(target, self.directory_urls)
        relative = _relative(there, here)
        if there.endswith("/") or not there:
            relative = relative.rstrip("/") + "/"
        return relative + anchor

    def file(self, target: str) -> str:
        """The href of a file of the site (``journeys/x/swimlane.svg``), served as it is."""
        url = _url(self.page, self.directory_urls)
        here = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        return _relative(target, here)
