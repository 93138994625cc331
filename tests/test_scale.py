"""Design for large sites, checked on small ones: what each page carries, and the hints."""

from __future__ import annotations

import logging
import re

import pytest

from journeys.pages.indexes import NAV_JOURNEYS
from journeys.plugin import PRUNE_HINT_PAGES
from sitekit import Project

NAV_LINK = re.compile(r'class="md-nav__link')


def _add_journeys(project: Project, count: int) -> None:
    template = (project.journeys / "retail" / "click-and-collect.md").read_text(encoding="utf-8")
    for number in range(count):
        project.write(f"journeys/area-{number % 3}/j{number:04d}.md", template)


def _primary_nav_links(html: str) -> int:
    start = html.find('<nav class="md-nav md-nav--primary"')
    end = html.find('<div class="md-sidebar md-sidebar--secondary"', start)
    return len(NAV_LINK.findall(html[start:end]))


def _prune(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  font: false\n", "  font: false\n  features: [navigation.prune]\n"),
        encoding="utf-8",
    )


def test_per_item_pages_stay_out_of_the_navigation(project: Project) -> None:
    _add_journeys(project, 30)
    _prune(project)
    project.build()
    journey_page = project.html("journeys/j0000")
    pain_page = project.html("pain-points/long-queue")
    nav = journey_page.split('class="md-content"')[0]
    assert 'href="../j0003/"' in nav  # a sibling in the same folder
    assert "pain-points/long-queue/" not in nav  # per-item pages are reached from indexes
    # A page outside the navigation carries only its top level: journeys stay collapsed.
    assert _primary_nav_links(pain_page) < 12 < _primary_nav_links(journey_page)


def test_a_large_navigation_without_prune_gets_a_hint(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    # The plugin's own navigation stays small (see below): hand-written pages make this one.
    for number in range(PRUNE_HINT_PAGES + 1):
        project.write(f"docs/notes/n{number:04d}.md", f"# Note {number}\n")
    with caplog.at_level(logging.INFO):
        project.build()
    assert any("navigation.prune" in r.getMessage() for r in caplog.records)

    _prune(project)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        project.build()
    assert not any("navigation.prune" in r.getMessage() for r in caplog.records)


def test_past_a_size_the_navigation_lists_folders_and_the_index_lists_the_maps(
    project: Project,
) -> None:
    """Without navigation.prune every page carries the whole navigation: past NAV_JOURNEYS
    journeys it holds a link per folder to the folder's table on the journeys index, so that
    pages do not grow with the site."""
    _add_journeys(project, NAV_JOURNEYS)  # with the fixture's map: one more than the limit
    project.build()
    journey_page = project.html("journeys/j0000")
    nav = journey_page[: journey_page.find('class="md-content"')]
    assert 'href="../j0003/"' not in nav and 'href="../click-and-collect/"' not in nav
    for folder, count in (("area-0", 34), ("area-1", 33), ("area-2", 33), ("retail", 1)):
        assert f'href="../#folder-{folder}"' in nav, folder
        assert f"{count} journeys" in nav or f"{count} journey" in nav, folder
    index = project.html("journeys")
    for folder in ("area-0", "area-1", "area-2", "retail"):
        assert f'id="folder-{folder}"' in index
    assert len(re.findall(r'href="j\d{4}/"', index)) == NAV_JOURNEYS  # every map is listed
    assert _primary_nav_links(journey_page) < 20


def test_up_to_the_size_the_navigation_lists_every_map(project: Project) -> None:
    _add_journeys(project, NAV_JOURNEYS - 1)
    project.build()
    nav = project.html("journeys/j0000")
    nav = nav[: nav.find('class="md-content"')]
    assert 'href="../j0003/"' in nav and "folder-" not in nav
