"""The index tables as readers get them: written by the plugin as HTML, sorted and filtered by
assets/tables.js in the browser, every row's links leading to a page of the site."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from site_browser import Visit
from site_server import ServedSite

from journeys.web import addresses

OpenVisit = Callable[..., AbstractContextManager[Visit]]


def test_the_pain_points_index_sorts_by_severity_and_its_links_lead_to_pages(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = material_site
    with open_visit(site, viewport={"width": 1280, "height": 900}) as visit:
        visit.goto(site.address(addresses.PAIN_POINTS))
        table = visit.page.locator("article table").first
        severity = table.locator("thead th", has_text="Severity").locator("button.journeys-sort")
        order = {"low": 1, "medium": 2, "high": 3, "critical": 4}

        def ranks() -> list[int]:
            words = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
            return [order[word.strip()] for word in words]

        assert ranks() == sorted(ranks(), reverse=True)  # as written: most severe first
        severity.click()  # tables.js made each header a button
        assert len(ranks()) > 3 and ranks() == sorted(ranks()) and ranks()[0] < ranks()[-1]
        hrefs = table.locator("tbody a").evaluate_all("links => links.map(a => a.href)")
        assert hrefs
        for href in sorted({h.split("#")[0] for h in hrefs}):
            response = visit.page.request.get(href)
            assert response.ok, href
        assert visit.clean() == {}
