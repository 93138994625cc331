"""What readers see: accessible pages (axe-core), light and dark schemes, and a phone's width.

Screenshots of a journey, a persona and the pain-point index in both schemes are saved under
test-artifacts/screenshots/; with JOURNEYS_UPDATE_SCREENSHOTS=1 they also replace the ones in
docs/assets/screenshots/ that the README shows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from site_browser import Visit, diagram_contrast, diagram_texts, run_axe, wait_for_diagrams
from site_server import HOSTILE_JOURNEY_ID, REPO, ServedSite

from journeys.web import addresses

OpenVisit = Callable[..., AbstractContextManager[Visit]]

ARTIFACTS = REPO / "test-artifacts" / "screenshots"
DOCS_SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"
UPDATE_VARIABLE = "JOURNEYS_UPDATE_SCREENSHOTS"
DESKTOP = {"width": 1280, "height": 900}
# Left out of axe's checks: the hostile body's <img src=x>, without alt text on purpose
# (Material writes its src absolute); and two findings in Material 9.8.1's own chrome, not in
# the pages we generate: the search dialog has no accessible name, and the footer's
# "Made with Material for MkDocs" is grey at 4.47:1.
PLANTED = ('img[src$="/x"]', ".md-search", ".md-copyright")
PHONE = {"width": 390, "height": 844}


def _open(visit: Visit, site: ServedSite, uri: str) -> None:
    visit.goto(site.address(uri))
    wait_for_diagrams(visit.page, len(diagram_texts(site.html(uri))))


def _example_journey(site: ServedSite) -> str:
    ids = [j for j in site.catalog.journeys if j != HOSTILE_JOURNEY_ID]
    return "click-and-collect" if "click-and-collect" in ids else ids[0]


def _example_persona(site: ServedSite) -> str:
    ids = [p for p in site.catalog.personas if p != "hostile-persona"]
    return "busy-parent" if "busy-parent" in ids else ids[0]


# --- accessibility ------------------------------------------------------------------------------


def test_axe_finds_nothing_serious_on_any_kind_of_page(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = material_site
    # Every generated kind of page; the home page is hand-written (Material's code colours
    # fail contrast there: a theme matter, see docs/reference/plugin.md).
    pages = {kind: uri for kind, uri in site.page_types().items() if kind != "home"}
    pages["example journey"] = addresses.journey(_example_journey(site))
    pages["example persona"] = addresses.persona(_example_persona(site))
    found = {}
    with open_visit(site, viewport=DESKTOP) as visit:
        for kind, uri in pages.items():
            _open(visit, site, uri)
            if violations := run_axe(visit.page, PLANTED):
                found[kind] = violations
        assert visit.clean() == {}
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_in_both_schemes_stay_readable(
    plain_site: ServedSite, open_visit: OpenVisit, scheme: str
) -> None:
    site = plain_site
    shots = {
        "journey": addresses.journey(_example_journey(site)),
        "persona": addresses.persona(_example_persona(site)),
        "pain-points": addresses.PAIN_POINTS,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    update = os.environ.get(UPDATE_VARIABLE) == "1"
    found = {}
    with open_visit(site, viewport=DESKTOP, color_scheme=scheme) as visit:
        for name, uri in shots.items():
            _open(visit, site, uri)
            expected = "slate" if scheme == "dark" else "default"
            assert visit.page.evaluate("document.body.dataset.mdColorScheme") == expected
            if name == "journey":
                # axe leaves SVG text out: the diagram's own texts are checked here.
                contrast = diagram_contrast(visit.page)
                assert contrast["checked"] > 10
                if contrast["poor"]:
                    found["journey diagram"] = contrast["poor"]
                # The diagram and the steps below it; the page's top shows in the views' shots.
                visit.page.evaluate(
                    """() => {
                      document.querySelector('.journeys-diagram').scrollLeft = 0;
                      const heading = document.getElementById('journey-diagram');
                      window.scrollTo(0, heading.getBoundingClientRect().top + scrollY - 64);
                    }"""
                )
            path = ARTIFACTS / f"{name}-{scheme}.png"
            visit.page.screenshot(path=str(path), animations="disabled")
            if update:
                DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, DOCS_SCREENSHOTS / path.name)
            # Readable: colour contrast (the emotion colours included) is one of axe's rules.
            if violations := run_axe(visit.page, PLANTED):
                found[name] = violations
        assert visit.clean() == {}
    assert found == {}


def test_the_diagram_contrast_check_sees_unreadable_text(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    # Control: without its light panel in the slate scheme, Mermaid's dark grey legend and
    # title sit on the dark page.
    site = material_site
    with open_visit(site, viewport=DESKTOP, color_scheme="dark") as visit:
        _open(visit, site, addresses.journey(_example_journey(site)))
        visit.page.add_style_tag(
            content=".md-typeset .journeys-diagram { background-color: transparent !important }"
        )
        poor = diagram_contrast(visit.page)["poor"]
    assert poor and all(item["ratio"] < 2 for item in poor)


def test_the_readme_screenshots_exist() -> None:
    for name in ("journey", "persona", "pain-points"):
        for scheme in ("light", "dark"):
            path = DOCS_SCREENSHOTS / f"{name}-{scheme}.png"
            assert path.is_file(), f"{path}: run with {UPDATE_VARIABLE}=1"
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/assets/screenshots/journey-light.png" in readme


# --- a phone ------------------------------------------------------------------------------------

NARROW = """
() => {
  // What a reader may open is measured open.
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  const page = document.scrollingElement;
  const host = [...document.querySelectorAll('div.mermaid')]
    .find(h => h.shadowRoot?.querySelector('svg[aria-roledescription="journey"]'));
  let box = host;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  box = box || host;
  const style = getComputedStyle(box);
  const tables = [...document.querySelectorAll('article table')].map(table => {
    let scroller = table.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) {
      scroller = scroller.parentElement;
    }
    const cell = table.querySelector('td');
    return {
      table: (table.className || '') + ' in ' + (table.parentElement.className || '') + ': '
        + (table.querySelector('th, td')?.textContent || '').trim().slice(0, 40),
      fontSize: parseFloat(getComputedStyle(cell || table).fontSize),
      right: (scroller || table).getBoundingClientRect().right,
      fits: table.scrollWidth <= table.parentElement.clientWidth + 1 || scroller !== null,
      narrowestColumn: Math.min(...[...table.querySelectorAll('thead th')]
        .map(th => th.getBoundingClientRect().width)),
    };
  });
  // The outermost elements of the article that stick out of the screen, for the message.
  const out = [...document.querySelectorAll('article *')]
    .filter(e => e.getBoundingClientRect().right > page.clientWidth + 1)
    .filter(e => e.parentElement.getBoundingClientRect().right <= page.clientWidth + 1)
    .filter(e => {
      for (let a = e.parentElement; a && a.tagName !== 'ARTICLE'; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return false;  // scrolls or clips
      }
      return true;
    })
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
  return {
    pageScrollWidth: page.scrollWidth, pageWidth: page.clientWidth, out,
    diagram: {scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
              overflowX: style.overflowX, right: box.getBoundingClientRect().right,
              focusable: box.tabIndex >= 0,
              fontSize: parseFloat(getComputedStyle(
                host.shadowRoot.querySelector('text.task, .task text, text') || host).fontSize)},
    tables,
  };
}
"""


def _phone_problems(seen: dict[str, Any]) -> list[str]:
    problems = []
    # The page itself never scrolls sideways.
    if seen["pageScrollWidth"] > seen["pageWidth"]:
        problems.append(f"page {seen['pageScrollWidth']} px wide: {seen['out']}")
    # The diagram keeps its size, in a box of its own that scrolls, which the keyboard reaches.
    diagram = seen["diagram"]
    if not (
        diagram["overflowX"] in {"auto", "scroll"}
        and diagram["scrollWidth"] > diagram["clientWidth"]
        and diagram["right"] <= PHONE["width"]
        and diagram["focusable"]
        and diagram["fontSize"] >= 12
    ):
        problems.append(f"diagram {diagram}")
    # Tables: text at a readable size, no column squeezed to a sliver, each inside the screen
    # or in a box of its own that scrolls.
    if not seen["tables"]:
        problems.append("no text tables")
    problems += [
        f"table {table}"
        for table in seen["tables"]
        if table["fontSize"] < 12
        or not table["fits"]
        or table["right"] > PHONE["width"]
        or table["narrowestColumn"] < 24
    ]
    return problems


def test_on_a_phone_the_diagram_scrolls_and_the_tables_stay_readable(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = material_site
    found = {}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open_visit(site, viewport=PHONE, is_mobile=True, has_touch=True) as visit:
        for journey in site.catalog.journeys:
            uri = addresses.journey(journey)
            _open(visit, site, uri)
            if journey == _example_journey(site):
                visit.page.screenshot(path=str(ARTIFACTS / "journey-phone.png"))
            if problems := _phone_problems(visit.page.evaluate(NARROW)):
                found[journey] = problems
        assert visit.clean() == {}
    assert found == {}


def test_artifacts_folder_is_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "test-artifacts/" in ignored
    assert Path(ARTIFACTS).is_relative_to(REPO / "test-artifacts")
