"""Material's search box finds a step, a pain point and a persona by a word only it contains."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from site_browser import Visit, search
from site_server import (
    ACTION_WORD,
    HOSTILE_JOURNEY_ID,
    HOSTILE_PAIN_ID,
    HOSTILE_PERSONA_ID,
    PAIN_WORD,
    PERSONA_WORD,
    ServedSite,
)

from journeys.web import addresses

OpenVisit = Callable[..., AbstractContextManager[Visit]]


@pytest.mark.parametrize(
    ("word", "found"),
    [
        (ACTION_WORD, addresses.journey(HOSTILE_JOURNEY_ID)),
        (PAIN_WORD, addresses.pain_point(HOSTILE_PAIN_ID)),
        (PERSONA_WORD, addresses.persona(HOSTILE_PERSONA_ID)),
    ],
    ids=["step action", "pain point", "persona"],
)
def test_search_finds_it_by_its_own_word(
    material_site: ServedSite, open_visit: OpenVisit, word: str, found: str
) -> None:
    site = material_site
    # The word is in the hostile maps only, nowhere else in the sources or the docs.
    elsewhere = [
        path
        for path in site.root.rglob("*")
        if path.suffix in {".md", ".yml", ".csv"}
        and "site" not in path.relative_to(site.root).parts
        and "hostile" not in path.name
        and word in path.read_text(encoding="utf-8").lower()
    ]
    assert elsewhere == []
    with open_visit(site, viewport={"width": 1280, "height": 900}) as visit:
        visit.goto(site.url)
        results = search(visit.page, word)
        assert site.address(found) in results
        assert visit.clean() == {}


def test_search_finds_nothing_for_a_word_nowhere(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    # Control: the results above come from the word, not from a list that shows everything.
    with open_visit(material_site, viewport={"width": 1280, "height": 900}) as visit:
        visit.goto(material_site.url)
        assert search(visit.page, "xylophonequark") == []
