"""The example research note, whose query blocks embed the maps in a hand-written page: its
diagrams read back as the stages it asks for and draw, with Material's Mermaid and with
mkdocs-mermaid2; its tables sort; axe finds nothing serious; nothing goes wrong in the console.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from contextlib import AbstractContextManager

from site_browser import (
    Visit,
    diagram_texts,
    expected_diagram,
    read_diagram,
    run_axe,
    wait_for_diagrams,
)
from site_server import ServedSite

OpenVisit = Callable[..., AbstractContextManager[Visit]]
NOTE = "examples/collection-desk-review/index.md"
# Material 9.8.1's own chrome, as in test_site_look.py: the search dialog has no accessible
# name, and the footer's "Made with Material for MkDocs" is grey at 4.47:1.
THEME_FINDINGS = (".md-search", ".md-copyright")


def test_the_research_notes_diagrams_read_back_and_draw(
    any_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = any_site
    texts = diagram_texts(site.html(NOTE))
    assert len(texts) == 2
    with open_visit(site) as visit:
        visit.goto(site.address(NOTE))
        drawn = wait_for_diagrams(visit.page, 2)
        for text, journey_id in zip(
            texts, ("click-and-collect", "click-and-collect-future"), strict=True
        ):
            journey = site.catalog.journeys[journey_id]
            collection = dataclasses.replace(
                journey, stages=[s for s in journey.stages if s.id == "collection"]
            )
            read = read_diagram(visit.page, text)
            expected = expected_diagram(site.catalog, collection)
            assert read["sections"] == expected["sections"] == ["Collection"]
            assert read["tasks"] == expected["tasks"]
        assert [d["type"] for d in drawn] == ["journey", "journey"]
        assert not any(d["syntaxError"] for d in drawn)
        assert visit.clean() == {}


def test_the_research_notes_tables_sort_and_pass_axe(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = material_site
    with open_visit(site, viewport={"width": 1280, "height": 900}) as visit:
        page = visit.page
        visit.goto(site.address(NOTE))
        wait_for_diagrams(page, 2)
        table = page.locator("#the-worst-moments ~ div table, #the-worst-moments ~ table").first
        emotion = table.locator("thead th", has_text="Emotion")
        emotion.locator("button").click()
        emotion.locator("button").click()  # the second click sorts the other way
        scores = table.locator("tbody tr td:nth-child(5)").all_text_contents()
        assert scores and scores == sorted(scores, reverse=True)
        assert run_axe(page, THEME_FINDINGS) == []
        assert visit.clean() == {}
