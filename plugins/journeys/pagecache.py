"""What a ``--dirty`` rebuild must write again, so that ``mkdocs serve --dirty`` shows a saved map
in seconds at any size.

MkDocs 1.6 renders a page again under ``--dirty`` when ``File.is_modified()`` says so, and a file
with in-memory content always says so: every generated page was rendered on every save. Here:

- A generated page's file compares its Markdown with what the last complete build gave it
  (``PageFile``): only pages whose Markdown changed are rendered again.
- A hand-written page with query blocks is rendered again on every rebuild (its blocks show the
  maps; it is one of few), by making its output older than its source.
- Pages that a build no longer has (a deleted or renamed map) lose their output, which
  ``--dirty`` would otherwise keep serving.
- A page that is not rendered again has no title and front matter in that build, and the pages
  that are rendered would show it untitled in their navigation: it gets those of its last render.
- The search plugins index only the pages rendered in a build (Material's keeps the previous
  entries of one page only): the index written is completed with the entries of every other page
  from the previous index, and loses those of pages that are gone.

Pages that are not rendered again keep the navigation of their last render until the next full
build: a new or renamed journey shows in the navigation of the pages rendered since.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

SEARCH_INDEX = Path("search") / "search_index.json"


class PageFile(File):
    """A generated page, or image, that knows whether its text changed since the last complete
    build."""

    cache: PageCache
    digest: bytes
    _modified: bool | None = None

    def is_modified(self) -> bool:
        # Asked twice per page and build (to render it, to write it), of thousands of pages.
        if self._modified is None:
            unwritten = not os.path.isfile(self.abs_dest_path)  # noqa: PTH113 (pathlib: 3x slower)
            self._modified = unwritten or self.cache.changed(self.src_uri, self.digest)
        return self._modified


def _digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()


class PageCache:
    """Kept by the plugin across the rebuilds of one ``mkdocs serve`` (or ``build``) process."""

    def __init__(self) -> None:
        self.enabled = False  # set by on_startup: only --dirty builds use any of this
        self._settings: Hashable = None
        self._shared: Hashable = None  # what every generated page's rendering depends on too
        self._all_changed = True
        self._digests: dict[str, bytes] = {}  # generated page -> its Markdown, last complete build
        self._pending: dict[str, bytes] = {}
        self._texts: dict[str, tuple[str, bytes]] = {}  # file -> its text and digest, last build
        self._outputs: dict[str, str] = {}  # page -> its output file, last complete build
        self._heads: dict[str, tuple[str | None, dict[str, Any]]] = {}  # page -> title, meta
        self._rendered: list[Page] = []  # pages rendered in this build, in order
        self._files: Files | None = None
        self._search: dict[str, list[dict[str, Any]]] | None = None  # page url -> its entries
        self._templates = _TemplateCache()

    def start(self, settings: Hashable) -> None:
        """Begin a build; other settings than last time (mkdocs.yml changed) render every page."""
        if settings != self._settings:
            self._settings = settings
            self._digests.clear()
        self._all_changed = False
        self._pending = {}
        self._rendered = []
        self._files = None

    def page(self, config: MkDocsConfig, src_uri: str, markdown: str) -> File:
        """The file of a generated page (not in the navigation: the plugin places its own)."""
        if not self.enabled:
            return File.generated(
                config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
        return self._known(
            PageFile.generated(
                config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
            ),
            markdown,
        )

    def image(self, config: MkDocsConfig, src_uri: str, text: str) -> File:
        """A generated file the site serves as it is (a map view's SVG): under --dirty, written
        again only when its text changed."""
        if not self.enabled:
            return File.generated(config, src_uri, content=text)
        return self._known(PageFile.generated(config, src_uri, content=text), text)

    def _known(self, file: File, text: str) -> File:
        assert isinstance(file, PageFile)
        last = self._texts.get(file.src_uri)
        # A page whose maker was not run again hands over the very same text: no need to hash
        # the thousands of those again.
        digest = last[1] if last is not None and last[0] is text else _digest(text)
        self._texts[file.src_uri] = (text, digest)
        file.cache, file.digest = self, digest
        self._pending[file.src_uri] = digest
        return file

    def shared(self, inputs: Hashable) -> None:
        """What the rendering of every generated page depends on besides its Markdown (pages
        written by hand at generated addresses): when it changes, every page is rendered."""
        if inputs != self._shared:
            self._shared = inputs
            self._all_changed = True

    def changed(self, src_uri: str, digest: bytes) -> bool:
        return self._all_changed or self._digests.get(src_uri) != digest

    def hand_written(self, file: File, shows: str | None) -> None:
        """A hand-written page whose query blocks ``shows`` this (None: it has none) is
        rendered again when that changed, although its source did not: its output is made
        older than its source."""
        if shows is None:
            return
        digest = _digest(shows)
        self._pending[file.src_uri] = digest
        if self.changed(file.src_uri, digest) and Path(file.abs_dest_path).is_file():
            os.utime(file.abs_dest_path, ns=(0, 0))

    def rendered(self, page: Page) -> None:
        """on_page_context: this page is rendered in this build."""
        if self.enabled:
            self._rendered.append(page)
            self._heads[page.file.src_uri] = (page.title, dict(page.meta))

    def fill_in(self, env: jinja2.Environment, files: Files) -> None:
        """on_env: pages not rendered again get the title and front matter of their last render,
        which the navigation of the rendered pages shows; the theme's templates are compiled
        once, not again on every rebuild (MkDocs makes a new template environment each time)."""
        if not self.enabled:
            return
        if env.bytecode_cache is None:
            env.bytecode_cache = self._templates
        self._files = files
        for file in files:
            page = file.page
            if page is None or page.markdown is not None:
                continue
            head = self._heads.get(file.src_uri)
            if head is not None:
                page.title, page.meta = head  # MkDocs lets a plugin set both

    def finish(self, config: MkDocsConfig) -> None:
        """on_post_build: remove the output of pages that are gone, complete the search index,
        and remember this build as the last complete one."""
        if not self.enabled or self._files is None:
            return
        pages = [f for f in self._files if f.page is not None and f.is_documentation_page()]
        outputs = {f.src_uri: f.abs_dest_path for f in pages}
        for src_uri, path in self._outputs.items():
            if src_uri not in outputs and path not in outputs.values():
                _remove_output(path, config.site_dir)
        self._outputs = outputs
        log.info(f"rendered {len(self._rendered)} of {len(pages)} pages again (--dirty)")
        self._complete_search_index(config, [f.page for f in pages if f.page is not None])
        self._digests = self._pending
        self._texts = {uri: text for uri, text in self._texts.items() if uri in self._pending}
        self._pending = {}
        self._heads = {uri: head for uri, head in self._heads.items() if uri in outputs}

    def _complete_search_index(self, config: MkDocsConfig, pages: list[Page]) -> None:
        path = Path(config.site_dir) / SEARCH_INDEX
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no search plugin, or one that writes another index
        docs = data.get("docs") if isinstance(data, dict) else None
        if not isinstance(docs, list):
            return
        previous = self._search
        if previous is None:  # `mkdocs build --dirty`: the index of the build before, if any
            previous = _by_page(docs)
        fresh = _fresh_entries(docs, self._rendered)
        merged: dict[str, list[dict[str, Any]]] = {}
        for page in pages:
            entries = fresh.get(page.url) if page.url in fresh else previous.get(page.url)
            if entries:
                merged[page.url] = entries
        self._search = merged
        data["docs"] = [entry for entries in merged.values() for entry in entries]
        data.pop("index", None)  # a prebuilt lunr index would describe other entries
        path.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory, by name and a checksum of their source (Jinja's keys)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _page_url(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).partition("#")[0]


def _by_page(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in docs:
        pages.setdefault(_page_url(entry), []).append(entry)
    return pages


def _fresh_entries(
    docs: list[dict[str, Any]], rendered: list[Page]
) -> dict[str, list[dict[str, Any]]]:
    """The entries that this build's rendering added for each rendered page.

    Both search plugins append the entries of the rendered pages, page after page in the order
    they were rendered, at the end of what they write (MkDocs' writes nothing else; Material's
    puts its previous entries first): read from the end, each rendered page's entries are the
    run of entries with its address.
    """
    fresh: dict[str, list[dict[str, Any]]] = {}
    end = len(docs)
    for page in reversed(rendered):
        start = end
        while start > 0 and _page_url(docs[start - 1]) == page.url:
            start -= 1
        fresh[page.url] = docs[start:end]
        end = start
    return fresh


def _remove_output(path: str, site_dir: str) -> None:
    """Remove a page's output, and its folder when that leaves it empty (a directory URL)."""
    output = Path(path)
    try:
        output.unlink()
    except OSError:
        return
    site = Path(site_dir).resolve()
    folder = output.parent.resolve()
    while folder != site and folder.is_relative_to(site):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
