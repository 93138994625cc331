"""The served site works without the internet, and nothing written in a map runs as script.

Every kind of generated page is opened with both Mermaid integrations; every request a page,
its scripts or its workers make is checked, and any that leaves 127.0.0.1 is refused and
reported. The sites were built with every proxy pointing at a closed port (site_server.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from site_browser import Visit, diagram_texts, search, wait_for_diagrams
from site_server import ACTION_WORD, PAYLOAD, ServedSite, build

from journeys.web import addresses

OpenVisit = Callable[..., AbstractContextManager[Visit]]

# Script that ran, and links or sources that would run script when followed.
RAN = """
() => ({
  pwned: window.__pwned ?? null,
  scriptLinks: [...document.querySelectorAll('[href], [*|href], [src], [action], [formaction]')]
    .flatMap(e => [...e.attributes].map(a => a.value))
    .filter(v => /^[\\s\\x00-\\x1f]*(javascript|vbscript|data:text)/i.test(v)),
})
"""


def test_no_request_leaves_the_site_and_no_map_text_runs(
    any_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = any_site
    failures: dict[str, object] = {}
    with open_visit(site) as visit:
        for kind, uri in site.page_types().items():
            visit.goto(site.address(uri))
            wait_for_diagrams(visit.page, len(diagram_texts(site.html(uri))))
            visit.page.wait_for_load_state("networkidle", timeout=15_000)
            ran = visit.page.evaluate(RAN)
            if ran != {"pwned": None, "scriptLinks": []}:
                failures[kind] = ran
        # Search runs in a worker, which fetches the index: that too stays in the site.
        assert search(visit.page, ACTION_WORD)
        failures |= visit.clean()
    assert failures == {}


def test_hostile_texts_are_shown_as_text(material_site: ServedSite, open_visit: OpenVisit) -> None:
    site = material_site
    with open_visit(site) as visit:
        visit.goto(site.address(addresses.journey("hostile-markup")))
        text = visit.page.locator("article").inner_text()
        assert PAYLOAD in text  # in the facts and tables
        body = text.split("Notes", 1)[-1]
        assert "The story, with markup in it:" in body
        assert "<script>" not in body  # the body's script is removed, not shown
        assert visit.page.evaluate(RAN) == {"pwned": None, "scriptLinks": []}
        assert visit.clean() == {}


def test_the_guard_sees_requests_that_leave(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    # Control: a page's fetch and a worker's fetch to elsewhere are both caught.
    with open_visit(material_site) as visit:
        visit.goto(material_site.url)
        visit.page.evaluate(
            """async () => {
              await fetch('http://192.0.2.1/page').catch(() => null);
              const code = "fetch('https://192.0.2.1/worker').catch(() => postMessage(1))";
              const worker = new Worker(URL.createObjectURL(new Blob([code])));
              await new Promise(done => { worker.onmessage = done; setTimeout(done, 5000); });
            }"""
        )
        assert sorted(visit.outside) == ["http://192.0.2.1/page", "https://192.0.2.1/worker"]


def test_every_page_loads_the_site_own_scripts_only(any_site: ServedSite) -> None:
    site = any_site
    pages = sorted(site.site_dir.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="((?:https?:)?//[^"]*)"', text)
        assert [url for url in external if not url.startswith(site.url)] == [], page
        assert "import mermaid from" not in text, page  # mkdocs-mermaid2's CDN loader
    journey = site.html(addresses.journey("hostile-markup"))
    assert '<script src="../../assets/javascripts/journeys/mermaid.min.js"></script>' in journey
    assert (site.site_dir / "assets/javascripts/journeys/mermaid.min.js").is_file()


def test_a_build_that_reaches_for_the_network_fails_here(tmp_path: Path) -> None:
    # Control for the closed proxy the sites are built behind: mkdocs-mermaid2 without the
    # journeys plugin fetches Mermaid from its CDN at build time, and that build fails.
    pytest.importorskip("mermaid2")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Control\nplugins:\n  - mermaid2\n", encoding="utf-8"
    )
    started = time.monotonic()
    with pytest.raises(AssertionError, match=r"unpkg\.com"):
        build(tmp_path)
    assert time.monotonic() - started < 60
