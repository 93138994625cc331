"""The map canvas outside the browser: the SVG files for slides (site and `journeys images`),
the canvas markup, and index tables that name what they count.

The browser side (width, full screen, print, downloads) is tests/browser/test_site_canvas.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from journeys.catalog import load_catalog
from journeys.pages.generate import generate_pages
from journeys.pages.views.images import all_images, curve_image, swimlane_image
from journeys.web import addresses
from journeys.web.markup import FIRST_FEW
from sitekit import REPO, Project

SVG = "{http://www.w3.org/2000/svg}"


def _points(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    return [
        e.get("data-step", "")
        for e in root.iter()
        if "journeys-curve__point" in e.get("class", "").split()
    ]


def test_every_journey_of_the_example_has_both_images_with_a_point_per_step() -> None:
    catalog = load_catalog(REPO / "journeys", REPO)
    images = dict(all_images(catalog))
    for journey in catalog.journeys.values():
        for view in ("swimlane", "emotion-curve"):
            svg = images[addresses.image(journey.id, view)]
            assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
            assert _points(svg) == [step.id for step in journey.steps], (journey.id, view)
            # It stands alone: nothing to fetch, no script, its colours inside.
            assert not re.search(r"(?:href|src)=\"(?:https?:)?//", svg)
            assert "<script" not in svg and "<style>" in svg


def test_the_swimlane_image_holds_every_text_of_the_map(project: Project) -> None:
    catalog = load_catalog(project.journeys, project.root)
    journey = catalog.journeys["click-and-collect"]
    root = ElementTree.fromstring(swimlane_image(catalog, journey).encode("utf-8"))
    # The words of the map, with the wrapping undone.
    words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    words = " ".join(words.split())
    for step in journey.steps:
        assert " ".join(step.action.split()[:2]) in words
    for stage in journey.stages:
        assert stage.name in words
    for pain in catalog.pain_points.values():
        assert pain.severity in words
    title = root.find(f"{SVG}title")
    assert title is not None and journey.title in (title.text or "")


def test_hostile_texts_stay_text_in_the_images(project: Project) -> None:
    project.write(
        "journeys/hostile.md",
        """\
        ---
        title: "</svg><script>alert(1)</script> & ]]>"
        id: hostile
        persona: busy-parent
        stages:
          - name: "<b>stage</b>"
            steps:
              - action: "<img src=x onerror=alert(1)> &amp; a long action that wraps"
                emotion: 1
                thought: "</text><script>alert(1)</script>"
        ---
        """,
    )
    catalog = load_catalog(project.journeys, project.root)
    journey = catalog.journeys["hostile"]
    for svg in (swimlane_image(catalog, journey), curve_image(catalog, journey)):
        root = ElementTree.fromstring(svg.encode("utf-8"))  # well-formed
        assert not [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("img")]
        assert "</svg><script>alert(1)</script>" in "".join(root.itertext())


def test_journeys_images_writes_one_journey_or_all(project: Project) -> None:
    out = project.root / "slides"
    one = project.journeys_cli("images", str(out), "click-and-collect")
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "click-and-collect-emotion-curve.svg",
        "click-and-collect-swimlane.svg",
    ]
    catalog = load_catalog(project.journeys, project.root)
    steps = [s.id for s in catalog.journeys["click-and-collect"].steps]
    for path in out.iterdir():
        assert _points(path.read_text(encoding="utf-8")) == steps
    curves = project.root / "curves"
    only = project.journeys_cli("images", str(curves), "--view", "emotion-curve")
    assert only.returncode == 0, only.stderr
    assert [p.name for p in curves.iterdir()] == ["click-and-collect-emotion-curve.svg"]
    assert "wrote 1 images" in only.stdout


def test_journeys_images_names_an_unknown_journey(project: Project) -> None:
    result = project.journeys_cli("images", "out", "no-such-journey")
    assert result.returncode == 2
    assert "no journey no-such-journey" in result.stderr
    assert "click-and-collect" in result.stderr  # the ones there are
    assert "Traceback" not in result.stderr


def test_the_site_serves_the_images_its_download_links_name(project: Project) -> None:
    site = project.build(strict=True)
    page = (site / "journeys" / "click-and-collect" / "index.html").read_text(encoding="utf-8")
    found = re.findall(
        r'<a class="journeys-canvas__download" href="([^"]+)" download="([^"]+)">', page
    )
    assert found == [
        ("swimlane.svg", "click-and-collect-swimlane.svg"),
        ("emotion-curve.svg", "click-and-collect-emotion-curve.svg"),
    ]
    links = [href for href, _ in found]
    for link in links:
        assert _points((site / "journeys" / "click-and-collect" / link).read_text("utf-8"))
    assert "assets/javascripts/journeys/canvas.js" in page


def test_map_canvases_carry_no_id_name_or_data_attribute_of_ours() -> None:
    """Material drives components from data-md-* and reads ids: the canvas's own markup (its
    boxes and tools) carries classes only."""
    catalog = load_catalog(REPO / "journeys", REPO)
    page = next(p for p in generate_pages(catalog) if p.src_uri == addresses.journey("first-order"))
    openings = re.findall(r"<(?:div|p|a)\b[^>]*\bjourneys-canvas[^>]*>", page.markdown)
    assert len(openings) >= 8  # three canvases, their frames, scrollers and tools
    for tag in openings:
        assert not re.search(r"\s(?:id|name|data-[\w-]+)=", tag), tag
    assert 'hide: ["toc"]' in page.markdown  # the map takes the table of contents' room


# --- index tables name what they count ------------------------------------------------------


def _index(catalog_root: Path, uri: str) -> str:
    catalog = load_catalog(catalog_root / "journeys", catalog_root)
    return next(p.markdown for p in generate_pages(catalog) if p.src_uri == uri)


def test_the_pain_point_index_names_journeys_steps_and_fixes(project: Project) -> None:
    markdown = _index(project.root, addresses.PAIN_POINTS)
    row = next(line for line in markdown.splitlines() if "Long queue" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == '<span class="journeys-badge journeys-badge--medium">medium</span>'
    assert "[Click " in cells[2]  # the journey, by its title
    assert "[Queues at the desk]" in cells[3]  # the step
    assert "[Collection lockers]" in cells[5]  # the opportunity that fixes it


def test_a_long_list_is_cut_to_the_first_few_and_links_the_rest(project: Project) -> None:
    steps = "\n".join(
        f"""\
              - action: Step number {n}
                emotion: 2
                pains: [shared-pain]"""
        for n in range(FIRST_FEW + 4)
    )
    project.write(
        "journeys/many.md",
        f"""\
        ---
        title: Many steps
        id: many
        persona: busy-parent
        stages:
          - name: All
            steps:
              - action: The first step
                emotion: 3
                pains:
                  - id: shared-pain
                    text: Shared pain
                    severity: critical
{steps}
        ---
        """,
    )
    markdown = _index(project.root, addresses.PAIN_POINTS)
    row = next(line for line in markdown.splitlines() if "Shared pain" in line)
    steps_cell = [c.strip() for c in row.strip("|").split("|")][3]
    assert steps_cell.count("](") == FIRST_FEW + 1  # the first few, and the link to the rest
    rest = 8 - FIRST_FEW  # eight steps hurt
    assert re.search(rf"\[and {rest} more\]\([^)]*shared-pain[^)]*\)$", steps_cell), steps_cell
    assert "journeys-badge--critical" in row


def test_touchpoint_and_persona_indexes_name_what_they_count(project: Project) -> None:
    touchpoints = _index(project.root, addresses.TOUCHPOINTS)
    row = next(line for line in touchpoints.splitlines() if "In-store collection desk" in line)
    assert "[Queues at the desk]" in row and "[Click " in row
    personas = _index(project.root, addresses.PERSONAS)
    row = next(line for line in personas.splitlines() if "Busy parent" in line)
    assert "[Long queue]" in row or "Long queue" in row
    opportunities = _index(project.root, addresses.OPPORTUNITIES)
    assert "journeys-badge--planned" in opportunities
