"""Many authors, one intranet (issue 13): maps and personas whose bodies and texts carry every
attack in attacks.py are built with `mkdocs build --strict`, and every page is opened in
Chromium with requests outside the site refused. Every link of each body is clicked. No script
may run, no request may leave the site, no body may lay itself over the page, and each page's
diagram still draws and its search still answers.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from attacks import ALL_ATTACKS, attack_body
from site_browser import Visit, diagram_texts, search, wait_for_diagrams
from site_server import _QuietHandler, build, set_site_url

from journeys.web import addresses
from sitekit import MKDOCS_YML

OpenVisit = Callable[..., AbstractContextManager[Visit]]

SEARCH_WORD = "quasarlith"  # in one step's action only
INTRO = "every attack below is written by a hostile author"

EXTENSIONS = """\
  - admonition
  - attr_list
  - md_in_html
  - footnotes
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.snippets
"""
SAFE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<circle cx="5" cy="5" r="4" fill="teal"/></svg>\n'
)


def _y(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML string


def _journey(journey_id: str, title: str, texts: list[str]) -> str:
    steps = [
        f"      - action: {_y(text)}\n        id: s{number}\n        emotion: {number % 5 + 1}\n"
        f"        touchpoint: {_y('Desk ' + text) if number % 7 == 0 else 'desk'}\n"
        + (
            f"        pains: [{{id: {journey_id}-p{number}, text: {_y(text)}}}]\n"
            if number % 7 == 0
            else ""
        )
        for number, text in enumerate(texts)
    ]
    return (
        f"---\ntitle: {_y(title)}\nid: {journey_id}\npersona: attacker\n"
        f"owner: {_y(texts[0])}\nreviewed: 2026-09-01\nstages:\n"
        f"  - name: {_y(texts[1])}\n    steps:\n"
        f"      - action: {_y(f'Finds the {SEARCH_WORD} word')}\n        id: word\n"
        "        emotion: 3\n" + "".join(steps) + "---\n" + attack_body(title)
    )


def write_attack_project(root: Path, mermaid_js: Path) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n\nThe attacked site.\n", encoding="utf-8")
    config = MKDOCS_YML.format(mermaid_js=json.dumps(str(mermaid_js))) + EXTENSIONS
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    journeys = root / "journeys"
    (journeys / "personas").mkdir(parents=True)
    texts = list(ALL_ATTACKS.values())
    (journeys / "attacks.md").write_text(
        _journey("attacks", "Attacks in texts", texts), encoding="utf-8"
    )
    (journeys / "more-attacks.md").write_text(
        _journey("more-attacks", "More attacks", texts[::-1][:10]), encoding="utf-8"
    )
    (journeys / "personas/face.svg").write_text(SAFE_SVG, encoding="utf-8")
    persona = "\n".join(
        [
            "---",
            f"name: {_y('Attacker ' + texts[0])}",
            "image: face.svg",
            f"role: {_y(texts[1])}",
            f"quote: {_y(texts[2])}",
            f"goals: [{', '.join(_y(t) for t in texts[:5])}]",
            "---",
            attack_body("Attacker persona"),
        ]
    )
    (journeys / "personas/attacker.md").write_text(persona, encoding="utf-8")
    (journeys / "touchpoints.yml").write_text(
        f"- id: desk\n  name: {_y('Desk ' + texts[0])}\n  channel: {_y(texts[2])}\n",
        encoding="utf-8",
    )


class AttackSite:
    def __init__(self, root: Path, url: str) -> None:
        self.root, self.url = root, url

    def pages(self) -> list[str]:
        site = self.root / "site"
        return sorted(
            path.relative_to(site).as_posix()
            for path in site.rglob("*.html")
            if path.name != "404.html"
        )


@pytest.fixture(scope="module")
def attack_site(
    tmp_path_factory: pytest.TempPathFactory, mermaid_js_path: Path
) -> Iterator[AttackSite]:
    root = tmp_path_factory.mktemp("attacks")
    write_attack_project(root, mermaid_js_path)
    handler = partial(_QuietHandler, directory=str(root / "site"))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        set_site_url(root, url)
        build(root)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield AttackSite(root, url)
        finally:
            server.shutdown()
            thread.join(timeout=10)


# What ran or took over: the payloads' flag, and any element of the article laid over the page.
TAKEN_OVER = """
() => ({
  pwned: window.__pwned ?? null,
  fixed: [...document.querySelectorAll('article *')]
    .filter(e => getComputedStyle(e).position === 'fixed').map(e => e.outerHTML.slice(0, 80)),
  config: document.querySelectorAll('#__config').length,
})
"""

# The links of the page's body: those after the body's first paragraph, marked to be clicked.
MARK_BODY_LINKS = """
(intro) => {
  const first = [...document.querySelectorAll('article p')]
    .find(p => p.textContent.includes(intro));
  if (!first) return 0;
  const links = [...document.querySelectorAll('article a')].filter(
    a => first.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
  links.forEach((a, i) => a.setAttribute('data-test-link', String(i)));
  return links.length;
}
"""


def _check_page(visit: Visit, site: AttackSite, page: str) -> dict[str, object]:
    """Open the page, wait for its diagrams, click every link of its body; what went wrong."""
    address = site.url + page.removesuffix("index.html")
    found: dict[str, object] = {}
    visit.goto(address)
    html = (site.root / "site" / page).read_text(encoding="utf-8")
    wait_for_diagrams(visit.page, len(diagram_texts(html)))
    visit.page.wait_for_load_state("networkidle", timeout=15_000)
    state = visit.page.evaluate(TAKEN_OVER)
    if state != {"pwned": None, "fixed": [], "config": 1}:
        found["on load"] = state
    count = visit.page.evaluate(MARK_BODY_LINKS, INTRO)
    for index in range(count):
        link = visit.page.locator(f'[data-test-link="{index}"]')
        label, href = link.inner_text()[:40], link.get_attribute("href") or ""
        if re.match(r"https?://", href) and not href.startswith(site.url):
            # A plain link elsewhere, which a map may hold: following it is the reader's choice.
            assert link.get_attribute("ping") is None
            continue
        link.click(force=True, no_wait_after=True, timeout=5_000)
        visit.page.wait_for_timeout(200)
        visit.page.wait_for_load_state("load", timeout=15_000)
        pwned = visit.page.evaluate("() => window.__pwned ?? null")
        if pwned is not None:
            found[f"link {label!r} ran script"] = pwned
        if visit.page.url.split("#")[0] != address:
            if not visit.page.url.startswith(site.url):
                found[f"link {label!r} left the site for"] = visit.page.url
            visit.goto(address)
            visit.page.evaluate(MARK_BODY_LINKS, INTRO)
    return found


def test_no_attack_runs_reaches_outside_or_takes_over_a_page(
    attack_site: AttackSite, open_visit: OpenVisit
) -> None:
    pages = attack_site.pages()
    assert "journeys/attacks/index.html" in pages and "personas/attacker/index.html" in pages
    failures: dict[str, object] = {}
    clicked = 0
    with open_visit(attack_site) as visit:
        for page in pages:
            found = _check_page(visit, attack_site, page)
            if found:
                failures[page] = found
            clicked += visit.page.evaluate(
                "() => document.querySelectorAll('[data-test-link]').length"
            )
        failures |= visit.clean()
    assert failures == {}
    assert clicked >= 20  # the bodies' links were there to click


def test_each_attacked_page_still_draws_its_diagram_and_answers_search(
    attack_site: AttackSite, open_visit: OpenVisit
) -> None:
    with open_visit(attack_site, viewport={"width": 1280, "height": 900}) as visit:
        for uri in (addresses.journey("attacks"), addresses.journey("more-attacks")):
            address = attack_site.url + uri.removesuffix("index.md").removesuffix(".md")
            address = address if address.endswith("/") else address + "/"
            visit.goto(address)
            [drawn] = wait_for_diagrams(visit.page, 1)
            assert drawn["type"] == "journey" and not drawn["syntaxError"]
            assert len(drawn["tasks"]) > 5
            results = search(visit.page, SEARCH_WORD)
            assert attack_site.url + "journeys/attacks/" in results
        persona = attack_site.url + "personas/attacker/"
        visit.goto(persona)
        assert search(visit.page, SEARCH_WORD)
        # The persona's picture, a plain SVG, is shown.
        assert visit.page.evaluate(
            "() => [...document.images].some(i => i.src.endsWith('face.svg') && i.naturalWidth)"
        )
        assert visit.clean() == {}


def test_the_checks_see_what_they_look_for(attack_site: AttackSite, open_visit: OpenVisit) -> None:
    """Control: the same payloads on a page nobody sanitised are seen to run and to leave."""
    control = attack_site.root / "site/control/index.html"
    control.parent.mkdir(exist_ok=True)
    control.write_text(
        "<!doctype html><html><body><article>"
        f"<p>{INTRO}</p>"
        '<a href="#a" ping="http://evil.example/ping">ping link</a>'
        '<a href="#b" onclick="window.__pwned=2">onclick link</a>'
        '<div style="position:fixed;inset:0;pointer-events:none"></div>'
        "</article></body></html>",
        encoding="utf-8",
    )
    with open_visit(attack_site) as visit:
        found = _check_page(visit, attack_site, "control/index.html")
        assert found["on load"] == {
            "pwned": None,
            "fixed": ['<div style="position:fixed;inset:0;pointer-events:none"></div>'],
            "config": 0,
        }
        assert found["link 'onclick link' ran script"] == 2
        visit.page.wait_for_timeout(500)
        assert "http://evil.example/ping" in visit.outside
