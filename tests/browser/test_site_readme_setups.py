"""The README's own-site set-up and its variants, served and read in Chromium with no internet.

The README's "Use it in your own site" files are copied verbatim into a new folder with the
example journeys folder, built with `mkdocs build --strict` (every proxy a closed port), served
on 127.0.0.1 and opened with every request outside the site refused. On each journey page the
diagram must be drawn, with the journey's sections and tasks, the page must have its title, and
nothing may go wrong in the console. The variants: MkDocs' own mkdocs and readthedocs themes,
and mkdocs-mermaid2 without and with its javascript option.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from site_browser import diagram_texts, visit, wait_for_diagrams
from site_server import _QuietHandler, build, set_site_url

from journeys.catalog import Catalog, load_catalog
from journeys.mermaid_site import BUNDLED_MERMAID
from journeys.web import addresses
from sitekit import write_readme_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def _edit(root: Path, *replacements: tuple[str, str]) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for pattern, replacement in replacements:
        text, found = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert found, f"README's mkdocs.yml has no {pattern!r}"
    config.write_text(text, encoding="utf-8")


def _theme(name: str) -> Callable[[Path], None]:
    def set_up(root: Path) -> None:
        _edit(root, (r"^  name: material.*\n  font: false.*$", f"  name: {name}"))

    return set_up


def _mermaid2(javascript: bool) -> Callable[[Path], None]:
    def set_up(root: Path) -> None:
        pytest.importorskip("mermaid2")
        plugin = "  - mermaid2"
        if javascript:  # a team's own copy, kept in docs/ as mermaid2's documentation says
            (root / "docs" / "vendor").mkdir()
            shutil.copy(BUNDLED_MERMAID, root / "docs" / "vendor" / "diagrams.js")
            plugin += ":\n      javascript: vendor/diagrams.js"
        _edit(
            root,
            (r"^  - search$", f"  - search\n{plugin}"),
            (r"pymdownx\.superfences\.fence_code_format", "mermaid2.fence_mermaid_custom"),
        )

    return set_up


SETUPS: dict[str, Callable[[Path], None]] = {
    "README as written": lambda root: None,
    "mkdocs theme": _theme("mkdocs"),
    "readthedocs theme": _theme("readthedocs"),
    "mermaid2": _mermaid2(javascript=False),
    "mermaid2 with its javascript": _mermaid2(javascript=True),
}


@contextmanager
def _served(root: Path) -> Iterator[str]:
    handler = partial(_QuietHandler, directory=str(root / "site"))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        set_site_url(root, url)
        build(root)  # --strict, no warning, nothing fetched
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield url
        finally:
            server.shutdown()
            thread.join(timeout=10)


@pytest.fixture(scope="module", params=list(SETUPS))
def readme_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, mermaid_js_path: Path
) -> Iterator[tuple[Path, str, Catalog]]:
    root = tmp_path_factory.mktemp("readme-site")
    assert write_readme_site(root) == ["mkdocs.yml", "docs/index.md"]
    SETUPS[request.param](root)
    with _served(root) as url:
        yield root, url, load_catalog(root / "journeys", root)


def test_every_journey_diagram_draws_offline_with_its_tasks(
    readme_site: tuple[Path, str, Catalog], browser: Browser
) -> None:
    root, url, catalog = readme_site
    wrong: dict[str, object] = {}
    assert catalog.journeys
    with visit(browser, url) as page:
        for journey in catalog.journeys.values():
            uri = addresses.journey(journey.id)
            built = root / "site" / addresses.url(uri, directory_urls=False)
            page_html = built.read_text(encoding="utf-8")
            page.goto(url + addresses.url(uri))
            drawn = wait_for_diagrams(page.page, len(diagram_texts(page_html)))
            diagrams = [d for d in drawn if d and d["type"] == "journey"]
            expected = {
                "sections": [stage.name for stage in journey.stages],
                "tasks": [step.action for stage in journey.stages for step in stage.steps],
                "syntaxError": False,
                "title": journey.title,
            }
            heading = page.page.locator("h1").first.inner_text().strip()
            shown = [
                {"sections": d["sections"], "tasks": d["tasks"], "syntaxError": d["syntaxError"]}
                | {"title": heading}
                for d in diagrams
            ]
            if shown != [expected]:
                wrong[journey.id] = shown
        wrong |= page.clean()
    assert wrong == {}
