"""The MkDocs plugin: thin glue that hands the core's generated pages to MkDocs."""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from . import compat
from .catalog import Catalog, build_catalog
from .config import JourneysConfig
from .format.cache import SourceCache
from .format.folder import load_sources
from .format.words import counted
from .memory import collect_when_idle
from .mermaid_site import MermaidSetUp, set_up_mermaid
from .pagecache import PageCache
from .pages.generate import GeneratedPage, NavFolder, copied_files, generate_pages
from .pages.incremental import IncrementalImages, IncrementalPages
from .pages.indexes import NAV_JOURNEYS
from .pages.views import STYLESHEET, STYLESHEET_SITE_PATH, ViewOptions, today_from_environment
from .pages.views.images import all_images
from .preview import LastGood, with_notice
from .query import PageSource, expand_query_blocks, has_query_blocks
from .tableslots import TableSlots
from .web import addresses
from .web.body import disarm_snippets
from .web.markup import relative
from .web.sanitize import BODY_START, sanitize_bodies

log = get_plugin_logger(__name__)

TABLES_JS = Path(__file__).resolve().parent / "assets" / "tables.js"
TABLES_SITE_PATH = "assets/javascripts/journeys/tables.js"
CANVAS_JS = Path(__file__).resolve().parent / "assets" / "canvas.js"
CANVAS_SITE_PATH = "assets/javascripts/journeys/canvas.js"
# Above this many pages in the navigation, a Material site without navigation.prune gets a hint:
# every page would carry the whole navigation (1000 journeys: a 2.3 GB site instead of 0.2 GB).
PRUNE_HINT_PAGES = 200


class JourneysPlugin(BasePlugin[JourneysConfig]):
    """Generates a page per journey, persona, pain point and touchpoint, and their indexes."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.pages: list[GeneratedPage] = []
        self.mermaid = MermaidSetUp()  # the Mermaid files of the site, set in on_config
        self.base = Path()  # the folder of mkdocs.yml, which the plugin's paths start from
        self.root = Path("journeys")
        self.ours: dict[str, File] = {}  # the pages this build generated, by src_uri
        self.without_source: set[str] = set()  # those left out of git date and author plugins
        self.cache = SourceCache()  # kept across the rebuilds of `mkdocs serve`, see on_startup
        self.view_options: ViewOptions | None = None  # set in on_config, from the environment
        self.serving = False
        self.last_good = LastGood()  # under `mkdocs serve`, pages of maps saved half-written
        self.page_cache = PageCache()  # with --dirty: render again only the pages that changed
        self.incremental = IncrementalPages()  # with --dirty: make again only those pages
        self.incremental_images = IncrementalImages()  # and only those SVG files
        self.tables = TableSlots()  # the large tables, as HTML that Markdown and search skip
        # Generated addresses whose page is written by hand in the other form (x.md for
        # x/index.md): links to the generated page are pointed at it.
        self.written_instead: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this event makes MkDocs keep the plugin, and so its cache, across rebuilds."""
        self.serving = command == "serve"
        self.page_cache.enabled = dirty
        self.tables.remember_rows = dirty
        if self.serving and not dirty:
            log.info(
                "every save renders the whole site again: 'mkdocs serve --dirty' (or './dev "
                "serve') renders only the pages that the save changed"
            )

    @event_priority(100)  # before mkdocs-mermaid2, which looks for Mermaid in extra_javascript
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Reset state for this build, find the journeys folder and put Mermaid on every page."""
        self.catalog, self.pages = None, []
        if not self.config.nav_title.strip():
            raise PluginError("journeys: nav_title is empty (give the navigation section a title)")
        self.written_instead = {}
        self.base = base = Path(config.config_file_path or ".").resolve().parent
        self.root = base / self.config.journeys_dir
        # The kept plugin sees every config of the session: another one drops the cache.
        settings = (config.config_file_path, _file_digest(config.config_file_path), base)
        self.cache.start(settings)
        self.page_cache.start(settings)
        self.mermaid = set_up_mermaid(config, self.config.mermaid_js)  # and checks the theme
        config.extra_css.append(STYLESHEET_SITE_PATH)  # the map views
        config.extra_javascript.append(ExtraScriptValue(TABLES_SITE_PATH))  # sortable indexes
        config.extra_javascript.append(ExtraScriptValue(CANVAS_SITE_PATH))  # full screen, print
        try:
            today = today_from_environment()
        except ValueError as error:
            raise PluginError(f"journeys: {error}") from None
        self.view_options = ViewOptions(
            today=today,
            review_after_days=self.config.review_after_days,
            directory_urls=config.use_directory_urls,
        )
        if config.theme.name == "material" and not _renders_mermaid(config):
            log.warning(
                "Mermaid diagrams will show as code: add the 'mermaid' custom fence of "
                "pymdownx.superfences (Material for MkDocs) or the 'mermaid2' plugin to "
                "mkdocs.yml (see the plugin's documentation)"
            )
        _mermaid2_strict(config)
        for message in compat.fit_other_plugins(config):
            log.warning(message)
        return config

    @event_priority(50)  # before plugins that look for pages in on_files (mkdocs-redirects)
    def _read_maps(self, files: Files, config: MkDocsConfig) -> Files:
        """Read the journeys folder, report every problem, and add the generated pages."""
        sources = load_sources(self.root, self.base, self.cache)
        kept = self.last_good.stand_in(sources) if self.serving else {}
        self.catalog = build_catalog(sources)
        if self.cache.stats.unchanged:
            stats = self.cache.stats
            log.info(f"read {stats.read} of {stats.files} source files again (the rest unchanged)")
        for problem in self.catalog.problems.sorted():
            (log.error if problem.is_error else log.warning)(str(problem))
        self._drop_sources_inside_docs(files, config)
        generate = self.incremental.generate if self.page_cache.enabled else generate_pages
        self.pages = with_notice(generate(self.catalog, self.view_options), kept)
        self.ours = {}
        if compat.I18N not in config.plugins:
            self._add_files(files, config)
        return files

    @event_priority(-110)  # after mkdocs-static-i18n, which keeps only files from docs_dir
    def _add_files_after_i18n(self, files: Files, config: MkDocsConfig) -> Files:
        if compat.I18N in config.plugins:
            self._add_files(files, config, compat.i18n_site_folder(config))
        return files

    on_files = CombinedEvent(_read_maps, _add_files_after_i18n)

    def _add_files(self, files: Files, config: MkDocsConfig, folder: str = "") -> None:
        taken = {file.dest_uri for file in files}
        docs = Path(config.docs_dir).resolve()
        for page in self.pages:
            written = _hand_written(files, page.src_uri)
            file = self.page_cache.page(config, page.src_uri, page.markdown)
            # Served at <kind>/<id>/ with or without use_directory_urls, as the docs say.
            file.dest_uri = folder + addresses.url(page.src_uri, directory_urls=False)
            if written is None and file.dest_uri in taken:
                written = next(f.src_uri for f in files if f.dest_uri == file.dest_uri)
            if written is not None:
                log.info(f"{written} is written by hand, so it is used instead of generated")
                if written != page.src_uri:
                    self.written_instead[page.src_uri] = written
                continue
            if page.source is not None:
                _carry_source(file, page.source, docs)
            files.append(file)
            self.ours[page.src_uri] = file
        left_out = {uri for uri, file in self.ours.items() if file.generated_by is not None}
        compat.exclude_from_git_plugins(config, left_out, self.without_source)
        self.without_source = left_out
        for copied in copied_files(self.catalog) if self.catalog else []:
            if files.get_file_from_path(copied.src_uri) is None:
                files.append(
                    File.generated(config, copied.src_uri, abs_src_path=str(copied.source))
                )
        for site_path, source in self.mermaid.files.items():
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
        if files.get_file_from_path(STYLESHEET_SITE_PATH) is None:
            files.append(File.generated(config, STYLESHEET_SITE_PATH, abs_src_path=str(STYLESHEET)))
        if files.get_file_from_path(TABLES_SITE_PATH) is None:
            files.append(File.generated(config, TABLES_SITE_PATH, abs_src_path=str(TABLES_JS)))
        if files.get_file_from_path(CANVAS_SITE_PATH) is None:
            files.append(File.generated(config, CANVAS_SITE_PATH, abs_src_path=str(CANVAS_JS)))
        for uri, svg in self._images():
            # The map views as SVG files for slides, in the folder the journey's page is served
            # from (its download links are relative).
            if folder + uri not in files.src_uris:
                files.append(self.page_cache.image(config, folder + uri, svg))
        self.page_cache.shared(tuple(sorted(self.written_instead.items())))
        if self.page_cache.enabled:
            for file in files.documentation_pages():
                if not self._generated(file):  # its query blocks show the maps
                    self.page_cache.hand_written(file, self._query_results(file, config))

    def _images(self) -> list[tuple[str, str]]:
        if self.catalog is None:
            return []
        if self.page_cache.enabled:
            return self.incremental_images.generate(self.catalog)
        return all_images(self.catalog)

    def _generated(self, file: File) -> bool:
        """Whether a page is one of this build's generated pages (not a hand-written one).

        By its path, not its File object: a plugin that makes the files again (as
        mkdocs-static-i18n does) must not turn a map's page into one that is not sanitised."""
        return file.src_uri in self.ours

    def _query_results(self, file: File, config: MkDocsConfig) -> str | None:
        """What the query blocks of a hand-written page show now (None: it has none)."""
        markdown = file.content_string
        if self.catalog is None or not has_query_blocks(markdown):
            return None
        source = _page_source(file, markdown, self.base)
        expanded, _ = expand_query_blocks(markdown, source, self.catalog, config.use_directory_urls)
        return None if expanded == markdown else expanded

    def _drop_sources_inside_docs(self, files: Files, config: MkDocsConfig) -> None:
        """Sources kept inside docs_dir are read by the plugin, not built as pages themselves."""
        docs = Path(config.docs_dir).resolve()
        root = self.root.resolve()
        if not root.is_relative_to(docs):
            return
        prefix = root.relative_to(docs).as_posix()
        for file in list(files):
            inside = file.src_uri.startswith(prefix.rstrip("/") + "/")
            if inside and file.src_uri.endswith((".md", ".yml", ".csv")):
                files.remove(file)
            elif inside and (unsafe := _unsafe_to_serve(file)):
                log.error(f"{file.src_uri} is not published: {unsafe}")
                files.remove(file)

    @event_priority(-110)  # after the plugins that rebuild the navigation (awesome-pages)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Put the journeys section in the navigation: where its entry is in an explicit `nav:`,
        else at the place the plugin's options give."""
        if self.catalog is None:
            return nav
        section = self._journeys_section(files)
        if config.nav is None:
            position = self.config.nav_position
            where = len(nav.items) if position == "end" else min(position - 1, len(nav.items))
            nav.items.insert(where, section)
        elif not _replace_entry(nav.items, addresses.JOURNEYS, section):
            log.info(
                f"the nav in mkdocs.yml leaves out the customer journeys: add "
                f"'- {self.config.nav_title}: {addresses.JOURNEYS}' where they belong "
                "(until then only search and links reach them)"
            )
        _relink(nav)
        if len(nav.pages) > PRUNE_HINT_PAGES and not _prunes_navigation(config):
            log.info(
                f"{counted(len(nav.pages), 'page')} in the navigation, and Material writes all of "
                "it into every page: add 'navigation.prune' to theme.features to keep pages small "
                "(see the performance notes in the docs)"
            )
        return nav

    def _journeys_section(self, files: Files) -> Section:
        """One section from the pages' places: the journeys index first (Material's
        navigation.indexes makes it the section's own page), the journeys by folder, the other
        indexes. Per-item pages are reached from their index pages. Past NAV_JOURNEYS
        journeys, a folder holds one link to its table on the journeys index, not every map."""
        section = Section(html.escape(self.config.nav_title), [])
        folders: dict[str, Section] = {}
        maps = list(self.catalog.journeys.values()) if self.catalog else []
        many = len(maps) > NAV_JOURNEYS
        journeys = {addresses.journey(j.id) for j in maps}
        index = files.get_file_from_path(addresses.JOURNEYS)

        def place(folders_of_page: tuple[NavFolder, ...]) -> list[Any]:
            children = section.children
            for folder in folders_of_page:
                if folder.path not in folders:
                    # A folder's title is source text, and themes write nav titles unescaped.
                    folders[folder.path] = Section(html.escape(folder.title), [])
                    children.append(folders[folder.path])
                children = folders[folder.path].children
            return children

        for generated in self.pages:
            if generated.nav is None:
                continue
            file = files.src_uris.get(generated.src_uri)
            if file is None or file.page is None:
                continue
            if not self._generated(file) and file.inclusion.is_in_nav():
                continue  # a hand-written page already has its place in the nav
            if many and generated.src_uri in journeys and index is not None:
                group = generated.nav[-1].path if generated.nav else ""
                children = place(generated.nav)
                if not any(isinstance(c, Link) for c in children):
                    count = sum(j.group == group for j in maps)
                    url = f"{index.url}#{addresses.folder_anchor(group)}"
                    children.append(Link(f"{counted(count, 'journey')}", url))
                continue
            place(generated.nav).append(file.page)
        return section

    @event_priority(-100)  # after mkdocs-macros: the maps' text in a query block is no template
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Fill in the query blocks of a hand-written page; a map's body may not include files
        from the machine that builds the site."""
        if not self._generated(page.file):
            return self._relink_written(self._expand_queries(markdown, page, config), page)
        markdown = self.tables.take_out(self._relink_written(markdown, page), page, files)
        start = markdown.find(BODY_START)
        if start < 0 or "pymdownx.snippets" not in config.markdown_extensions:
            return markdown
        return markdown[:start] + disarm_snippets(markdown[start:])

    def _relink_written(self, markdown: str, page: Page) -> str:
        """Links to a generated address whose page is written by hand in its other form."""
        for generated, written in self.written_instead.items():
            old = relative(page.file.src_uri, generated)
            new = relative(page.file.src_uri, written)
            markdown = markdown.replace(f"]({old})", f"]({new})").replace(f"]({old}#", f"]({new}#")
        return markdown

    def _expand_queries(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        if self.catalog is None or not has_query_blocks(markdown):
            return markdown
        source = _page_source(page.file, markdown, self.base)
        expanded, problems = expand_query_blocks(
            markdown, source, self.catalog, config.use_directory_urls
        )
        for problem in problems:
            log.warning(str(problem))
        return expanded

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """The body of a map is free Markdown from the map: nothing in its HTML may run. The
        page's tables go in (but its sortable ones and heatmaps, which stay out of search)."""
        if not self._generated(page.file):
            return html  # a hand-written page of docs/
        html = self.tables.put_back(sanitize_bodies(html, _toc_ids(page.toc)), page, in_search=True)
        if self.mermaid.needs_titles and "<h1" not in html:  # Material writes it itself
            html = f"<h1>{page.title}</h1>\n{html}"  # the title is HTML already (front matter)
        return html

    @event_priority(-100)  # after the search plugins have indexed the page
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        """The page's sortable tables and heatmaps go in, now that search has indexed it."""
        if self._generated(page.file) and page.content is not None:
            page.content = self.tables.put_back(page.content, page, in_search=False)
        self.page_cache.rendered(page)
        return context

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self.page_cache.fill_in(env, files)
        return env

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Under --dirty, remember this build for the next; between saves, tidy the heap."""
        self.page_cache.finish(config)
        if self.serving and self.page_cache.enabled:
            collect_when_idle()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a map, persona, touchpoint or metric file changes."""
        if self.root.is_dir():
            server.watch(str(self.root))
        else:  # watching a missing folder stops `mkdocs serve` with a traceback
            log.warning(
                f"the journeys folder {self.root} does not exist, so it is not watched: "
                "create it, then start mkdocs serve again"
            )
        return server


# Files a map author could put in a journeys folder inside docs_dir that would run on the site.
_ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".xml", ".js", ".mjs", ".css", ".svgz")


def _unsafe_to_serve(file: File) -> str | None:
    """Why a file of the journeys folder may not be served as it is (the folder is untrusted)."""
    name = file.src_uri.lower()
    if name.endswith(_ACTIVE_SUFFIXES):
        return "a page, script or style in the journeys folder would run on the site"
    if name.endswith(".svg") and file.abs_src_path:
        from .format.svg import svg_problem

        return svg_problem(Path(file.abs_src_path), posixpath.basename(file.src_uri))
    return None


def _hand_written(files: Files, src_uri: str) -> str | None:
    """The page of docs/ at the generated page's address, if any: ``x.md``, ``x/index.md`` and
    ``x/README.md`` all give the address ``x/``, and a hand-written page wins."""
    stem = src_uri.removesuffix(".md")
    for suffix in ("/index", "/README"):
        stem = stem.removesuffix(suffix)
    by_path = files.src_uris  # our paths are POSIX already: get_file_from_path's PurePath was slow
    for candidate in (src_uri, f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"):
        if candidate in by_path:
            return candidate
    return None


def _toc_ids(toc: Any) -> set[str]:
    """The ids the table of contents gave the page's headings (body headings keep theirs)."""
    ids: set[str] = set()
    stack = list(toc or [])
    while stack:
        item = stack.pop()
        ids.add(item.id)
        stack.extend(item.children)
    return ids


def _file_digest(path: str | None) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""
    except OSError:
        return ""


def _mermaid2_strict(config: MkDocsConfig) -> None:
    """Mermaid's securityLevel stays 'strict' (its default, which Material keeps): a map's body
    may hold a diagram, and 'loose' would let it run script from a click or an HTML label.
    mkdocs-mermaid2 passes its `arguments` to mermaid.initialize(), so they are checked here,
    before it reads them."""
    mermaid2 = config.plugins.get("mermaid2")
    arguments = getattr(mermaid2, "config", {}).get("arguments") if mermaid2 else None
    if not isinstance(arguments, dict):
        return
    level = arguments.get("securityLevel", "strict")
    if level != "strict":
        log.warning(
            f"mermaid2's securityLevel '{level}' is replaced by 'strict': journey maps are "
            "written by many people, and their diagrams must not run script"
        )
    arguments["securityLevel"] = "strict"


def _page_source(file: File, markdown: str, base: Path) -> PageSource:
    """Where a page's query blocks are reported: its file as seen from mkdocs.yml, and the line
    where its Markdown starts (MkDocs has taken the front matter off)."""
    path = file.src_uri
    if file.abs_src_path:
        absolute = Path(file.abs_src_path).resolve()
        path = absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else path
    first_line = 1
    raw = file.content_string if file.abs_src_path else ""
    if raw.endswith(markdown) and markdown:
        first_line += raw[: len(raw) - len(markdown)].count("\n")
    return PageSource(path, file.src_uri, first_line)


def _carry_source(file: File, source: Path, docs: Path) -> None:
    """Date and author plugins (git-revision-date-localized, git-authors) read a page's file
    in git: a generated page points them at the map it is made from, and so does its edit link.
    Its Markdown stays the generated text."""
    file.abs_src_path = str(source)
    file.generated_by = None  # those plugins give a generated page the time of the build
    file.edit_uri = Path(os.path.relpath(source.resolve(), docs)).as_posix()


def _replace_entry(items: list[Any], src_uri: str, section: Section) -> bool:
    """Put the section where the nav has its entry for ``src_uri`` (its title wins)."""
    for index, item in enumerate(items):
        if isinstance(item, Page) and item.file.src_uri == src_uri:
            if item.title:  # the nav's title for the entry names the section
                section.title = item.title
                vars(item).pop("title", None)  # the page keeps its own
            items[index] = section
            return True
        if isinstance(item, Section) and _replace_entry(item.children, src_uri, section):
            return True
    return False


def _prunes_navigation(config: MkDocsConfig) -> bool:
    """Whether the theme leaves collapsed sections out of each page (or is not Material)."""
    if config.theme.name != "material":
        return True  # other themes have no such switch: nothing to suggest
    return "navigation.prune" in (config.theme.get("features") or [])


def _renders_mermaid(config: MkDocsConfig) -> bool:
    if "mermaid2" in config.plugins:
        return True
    superfences = config.mdx_configs.get("pymdownx.superfences", {})
    fences = superfences.get("custom_fences", []) if isinstance(superfences, dict) else []
    return "pymdownx.superfences" in config.markdown_extensions and any(
        isinstance(f, dict) and f.get("name") == "mermaid" for f in fences
    )


def _relink(nav: Navigation) -> None:
    """Recompute the page order, previous/next and parent links after adding items."""
    pages: list[Page] = []

    def walk(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children, item)

    walk(nav.items, None)
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index > 0 else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    nav.pages = pages
