"""Design for large sites, checked on small ones: what each page carries, and the hints."""

from __future__ import annotations

import logging
import re

import pytest

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
    _add_journeys(project, PRUNE_HINT_PAGES + 1)
    with caplog.at_level(logging.INFO):
        project.build()
    assert any("navigation.prune" in r.getMessage() for r in caplog.records)

    _prune(project)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        project.build()
    assert not any("navigation.prune" in r.getMessage() for r in caplog.records)
