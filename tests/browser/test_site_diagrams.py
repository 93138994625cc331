"""Every journey diagram of the served site, as the site's own Mermaid draws it.

For each journey page, with Material's Mermaid and with mkdocs-mermaid2: Mermaid's parser reads
the diagram text of the page back as the exact sections, step texts, scores and actors of the
sources; the diagram is drawn to an SVG with its accessible title and description; the page has
the diagram's text table; and nothing goes wrong in the console. Then the same after moving
through the site with Material's instant navigation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from site_browser import (
    Visit,
    diagram_texts,
    expected_diagram,
    read_diagram,
    wait_for_diagrams,
)
from site_server import HOSTILE_JOURNEY_ID, ServedSite

from journeys.format.model import Journey
from journeys.web import addresses

OpenVisit = Callable[..., AbstractContextManager[Visit]]

# The text tables below the diagram: per stage, a heading and one row per step.
STAGE_TABLES = """
() => [...document.querySelectorAll('article h3')].map(h => {
  const heading = h.cloneNode(true);
  heading.querySelectorAll('.headerlink').forEach(a => a.remove());
  let table = h.nextElementSibling;
  while (table && !table.querySelector('table') && table.tagName !== 'TABLE') {
    table = table.nextElementSibling;
  }
  table = table && (table.tagName === 'TABLE' ? table : table.querySelector('table'));
  return {
    stage: heading.textContent.trim(),
    steps: table ? [...table.querySelectorAll('tbody tr')]
      .map(tr => tr.querySelector('td').textContent.trim()) : [],
  };
})
"""


def _journey_diagram(site: ServedSite, journey: Journey) -> tuple[str, int]:
    """The journey diagram's text in the built page, and how many diagrams the page has."""
    texts = diagram_texts(site.html(addresses.journey(journey.id)))
    journeys = [t for t in texts if re.search(r"^journey$", t, re.M)]
    assert len(journeys) == 1, f"{journey.id}: {len(journeys)} journey diagrams"
    return journeys[0], len(texts)


def _check_page(visit: Visit, site: ServedSite, journey: Journey) -> list[str]:
    """What is wrong with the journey's page as shown: an empty list when nothing is."""
    problems = []
    text, count = _journey_diagram(site, journey)
    # After instant navigation the address changes before the new content is in.
    visit.page.wait_for_function(
        "title => document.querySelector('article h1')?.textContent.trim() === title",
        arg=journey.title,
        timeout=15_000,
    )
    drawn = wait_for_diagrams(visit.page, count)
    read = read_diagram(visit.page, text)
    expected = expected_diagram(site.catalog, journey)
    if read["type"] != "journey":
        problems.append(f"Mermaid reads a {read['type']} diagram")
    if read["sections"] != expected["sections"]:
        problems.append(f"sections {read['sections']} != {expected['sections']}")
    if read["tasks"] != expected["tasks"]:
        problems.append(f"tasks {read['tasks']} != {expected['tasks']}")
    if read["title"] != journey.title:
        problems.append(f"title {read['title']!r}")
    if not read["accTitle"] or not read["accDescr"]:
        problems.append("no accTitle or accDescr")
    journey_svgs = [d for d in drawn if d and d["type"] == "journey"]
    if len(journey_svgs) != 1:
        problems.append(f"{len(journey_svgs)} journey SVGs drawn")
    else:
        svg = journey_svgs[0]
        if svg["syntaxError"]:
            problems.append("Mermaid drew a syntax error")
        if svg["tasks"] != [t["task"] for t in expected["tasks"]]:
            problems.append(f"SVG tasks {svg['tasks']}")
        if svg["accTitle"] != [read["accTitle"]] or svg["accDescr"] != [read["accDescr"]]:
            problems.append(f"SVG title/desc {svg['accTitle']} {svg['accDescr']}")
    tables = visit.page.evaluate(STAGE_TABLES)
    wanted = [
        {"stage": stage.name, "steps": [step.action for step in stage.steps]}
        for stage in journey.stages
    ]
    if [t for t in tables if t["stage"] in {s.name for s in journey.stages}] != wanted:
        problems.append(f"text tables {tables} != {wanted}")
    return problems


def test_every_journey_diagram_reads_back_and_draws(
    any_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = any_site
    assert HOSTILE_JOURNEY_ID in site.catalog.journeys
    failures: dict[str, Any] = {}
    with open_visit(site) as visit:
        for journey in site.catalog.journeys.values():
            visit.goto(site.address(addresses.journey(journey.id)))
            if problems := _check_page(visit, site, journey):
                failures[journey.id] = problems
        failures |= visit.clean()
    assert failures == {}


def test_diagrams_draw_after_instant_navigation(
    any_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = any_site
    first, second = [j for j in site.catalog.journeys.values() if j.id != HOSTILE_JOURNEY_ID][:2]
    with open_visit(site, viewport={"width": 1280, "height": 900}) as visit:
        page = visit.page
        visit.goto(site.address(addresses.JOURNEYS))
        page.evaluate("window.__sameDocument = true")
        # A link in the index table: Material fetches the page and swaps it in.
        page.locator(f"article table a[href$='{first.id}/']").first.click()
        page.wait_for_url(f"**/journeys/{first.id}/", timeout=15_000)
        assert _check_page(visit, site, first) == []
        # A link in the navigation, to another journey.
        page.locator(f".md-sidebar--primary a.md-nav__link[href$='{second.id}/']").first.click()
        page.wait_for_url(f"**/journeys/{second.id}/", timeout=15_000)
        assert _check_page(visit, site, second) == []
        # Back in history, and forward again.
        page.go_back(timeout=15_000)
        page.wait_for_url(f"**/journeys/{first.id}/", timeout=15_000)
        assert _check_page(visit, site, first) == []
        assert page.evaluate("window.__sameDocument") is True, "instant navigation was not used"
        assert visit.clean() == {}
