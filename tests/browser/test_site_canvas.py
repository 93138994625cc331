"""The map canvas as readers get it: the window's width, sticky lanes, edges, the keyboard, full
screen, print, the SVG downloads, and a phone.

Measured on the example site's journey pages at 1280x800 and 1920x1080 (and 2560x1440), in the
light and dark schemes, with Material's Mermaid and with mkdocs-mermaid2.
"""

from __future__ import annotations

import re
import shutil
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from site_browser import Visit, diagram_texts, run_axe, wait_for_diagrams
from site_browser import visit as visit_site
from site_server import (
    HOSTILE_JOURNEY_ID,
    REPO,
    ServedSite,
    _QuietHandler,
    build,
    copy_project,
    set_site_url,
    source_project,
)

from journeys.web import addresses

if TYPE_CHECKING:
    from playwright.sync_api import Browser

OpenVisit = Callable[..., AbstractContextManager[Visit]]

ARTIFACTS = REPO / "test-artifacts" / "canvas"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DOCS_SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"
UPDATE_VARIABLE = "JOURNEYS_UPDATE_SCREENSHOTS"
SCREENS = {
    "1280x800": {"width": 1280, "height": 800},
    "1920x1080": {"width": 1920, "height": 1080},
    "2560x1440": {"width": 2560, "height": 1440},
}
PHONE = {"width": 390, "height": 844}
# The printable area of a landscape sheet with 10 mm margins, in CSS pixels (96 per inch).
PAPER = {
    "A4": {"width": round(277 / 25.4 * 96), "height": round(190 / 25.4 * 96)},
    "A3": {"width": round(400 / 25.4 * 96), "height": round(277 / 25.4 * 96)},
}
# As in test_site_look.py: the hostile body's <img src=x> (no alt text on purpose), and two
# findings in Material's own chrome.
PLANTED = ('img[src$="/x"]', ".md-search", ".md-copyright")
SWIMLANE = ".journeys-canvas--swimlane"
KINDS = {
    "swimlane": SWIMLANE,
    "curve": ".journeys-canvas--curve",
    "diagram": ".journeys-canvas--diagram",
}


def _open(visit: Visit, site: ServedSite, uri: str) -> None:
    visit.goto(site.address(uri))
    wait_for_diagrams(visit.page, len(diagram_texts(site.html(uri))))


def _example(site: ServedSite) -> str:
    ids = [j for j in site.catalog.journeys if j != HOSTILE_JOURNEY_ID]
    return "click-and-collect" if "click-and-collect" in ids else ids[0]


def _widest(site: ServedSite) -> str:
    """The journey of most steps: the one that most needs the room."""
    return max(site.catalog.journeys.values(), key=lambda j: (len(j.steps), j.id)).id


# --- the window's width ---------------------------------------------------------------------

MAP_BOX = """
(selector) => {
  const canvas = document.querySelector(selector);
  const scroller = canvas.querySelector('.journeys-canvas__scroll');
  const box = scroller.getBoundingClientRect();
  return {
    window: document.documentElement.clientWidth,
    visible: scroller.clientWidth, left: box.left, right: box.right,
    scrollWidth: scroller.scrollWidth,
    tocShown: [...document.querySelectorAll('.md-sidebar--secondary')]
      .some(s => s.offsetWidth > 0 && getComputedStyle(s).display !== 'none'),
  };
}
"""


@pytest.mark.parametrize("screen", ["1280x800", "1920x1080", "2560x1440"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_takes_at_least_three_quarters_of_the_window(
    material_site: ServedSite, open_visit: OpenVisit, screen: str, scheme: str
) -> None:
    site = material_site
    with open_visit(site, viewport=SCREENS[screen], color_scheme=scheme) as visit:
        _open(visit, site, addresses.journey(_widest(site)))
        box = visit.page.evaluate(MAP_BOX, SWIMLANE)
        assert box["visible"] >= 0.75 * box["window"], box
        assert box["left"] >= 0 and box["right"] <= box["window"], box
        assert not box["tocShown"]
        assert visit.clean() == {}


def test_a_map_in_a_page_of_the_docs_gets_the_width_too(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    """A hand-written page whose query block draws a map: the column widens as well."""
    site = material_site
    with open_visit(site, viewport=SCREENS["1920x1080"]) as visit:
        pages = [
            p
            for p in (site.site_dir).rglob("*.html")
            if "journeys-canvas--swimlane" in p.read_text(encoding="utf-8")
            and "/journeys/" not in p.as_posix()[len(str(site.site_dir)) :]
        ]
        if not pages:
            pytest.skip("the site under test embeds no map in a page of its own")
        relative = pages[0].relative_to(site.site_dir).as_posix()
        visit.goto(site.url + relative.removesuffix("index.html"))
        box = visit.page.evaluate(MAP_BOX, SWIMLANE)
        # The table of contents keeps its place on a page of the docs.
        assert box["visible"] >= 0.6 * box["window"], box
        assert visit.clean() == {}


# --- scrolling sideways ---------------------------------------------------------------------

LANES = """
() => {
  const frame = document.querySelector('.journeys-canvas--swimlane .journeys-canvas__frame');
  const scroller = frame.querySelector('.journeys-canvas__scroll');
  const box = scroller.getBoundingClientRect();
  const lanes = [...scroller.querySelectorAll('tbody th')].map(th => {
    th.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = th.getBoundingClientRect();
    const shown = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {lane: th.textContent.trim(), left: Math.round(r.left - box.left),
            onTop: !!shown && (shown === th || th.contains(shown))};
  });
  return {scrollLeft: scroller.scrollLeft, max: scroller.scrollWidth - scroller.clientWidth,
          moreLeft: frame.classList.contains('journeys-canvas__frame--more-left'),
          moreRight: frame.classList.contains('journeys-canvas__frame--more-right'), lanes};
}
"""


@pytest.mark.parametrize("screen", ["1280x800", "1920x1080"])
def test_lane_headings_stay_in_view_and_the_edges_say_there_is_more(
    material_site: ServedSite, open_visit: OpenVisit, screen: str
) -> None:
    site = material_site
    with open_visit(site, viewport=SCREENS[screen]) as visit:
        _open(visit, site, addresses.journey(_widest(site)))
        page = visit.page
        start = page.evaluate(LANES)
        if start["max"] <= 0:
            pytest.skip(f"{_widest(site)} fits the window at {screen}: nothing to scroll")
        assert start["scrollLeft"] == 0 and not start["moreLeft"] and start["moreRight"]
        scroller = page.locator(f"{SWIMLANE} .journeys-canvas__scroll")
        scroller.evaluate("s => { s.scrollLeft = (s.scrollWidth - s.clientWidth) / 2; }")
        page.wait_for_function(
            "() => document.querySelector('.journeys-canvas--swimlane .journeys-canvas__frame')"
            ".classList.contains('journeys-canvas__frame--more-left')"
        )
        middle = page.evaluate(LANES)
        assert middle["moreLeft"] and middle["moreRight"]
        assert middle["lanes"] and all(
            lane["left"] <= 1 and lane["onTop"] for lane in middle["lanes"]
        ), middle["lanes"]
        scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
        page.wait_for_function(
            "() => !document.querySelector('.journeys-canvas--swimlane .journeys-canvas__frame')"
            ".classList.contains('journeys-canvas__frame--more-right')"
        )
        end = page.evaluate(LANES)
        assert end["moreLeft"] and not end["moreRight"]
        assert all(lane["left"] <= 1 and lane["onTop"] for lane in end["lanes"]), end["lanes"]
        assert visit.clean() == {}


def test_the_focused_map_scrolls_with_the_keyboard(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = material_site
    with open_visit(site, viewport=SCREENS["1280x800"]) as visit:
        _open(visit, site, addresses.journey(_widest(site)))
        scroller = visit.page.locator(f"{SWIMLANE} .journeys-canvas__scroll")
        scroller.focus()
        assert visit.page.evaluate(
            "document.activeElement.classList.contains('journeys-canvas__scroll')"
        )
        for _ in range(5):
            visit.page.keyboard.press("ArrowRight")
        visit.page.wait_for_function(
            "() => document.querySelector('.journeys-canvas--swimlane .journeys-canvas__scroll')"
            ".scrollLeft > 0"
        )
        for _ in range(5):
            visit.page.keyboard.press("ArrowLeft")
        visit.page.wait_for_function(
            "() => document.querySelector('.journeys-canvas--swimlane .journeys-canvas__scroll')"
            ".scrollLeft === 0"
        )
        assert visit.clean() == {}


# --- full screen ----------------------------------------------------------------------------

FULL_STATE = """
(selector) => {
  const canvas = document.querySelector(selector);
  const r = canvas.getBoundingClientRect();
  const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
  return {
    full: canvas.classList.contains('journeys-canvas--full'),
    open: document.documentElement.classList.contains('journeys-canvas-open'),
    covers: r.left <= 0.5 && r.top <= 0.5
      && r.width >= innerWidth - 1 && r.height >= innerHeight - 1,
    alone: !!hit && canvas.contains(hit),
    button: canvas.querySelector('.journeys-canvas__button').textContent,
  };
}
"""


@pytest.mark.parametrize("screen", ["1280x800", "1920x1080"])
def test_full_screen_opens_and_escape_closes_it_for_every_view(
    any_site: ServedSite, open_visit: OpenVisit, screen: str
) -> None:
    site = any_site
    with open_visit(site, viewport=SCREENS[screen]) as visit:
        _open(visit, site, addresses.journey(_example(site)))
        page = visit.page
        for kind, selector in KINDS.items():
            assert page.locator(f"{selector} .journeys-canvas__button").count() == 1, kind
            page.locator(f"{selector} .journeys-canvas__button").click()
            opened = page.evaluate(FULL_STATE, selector)
            assert opened == {
                "full": True,
                "open": True,
                "covers": True,
                "alone": True,
                "button": "Exit full screen",
            }, kind
            if kind == "swimlane":
                page.screenshot(path=str(_artifact(f"full-screen-{screen}.png")))
                # The map has the focus: the arrow keys scroll it at once.
                assert page.evaluate(
                    "document.activeElement.classList.contains('journeys-canvas__scroll')"
                )
            page.keyboard.press("Escape")
            page.wait_for_function(
                "(s) => !document.querySelector(s).classList.contains('journeys-canvas--full')",
                arg=selector,
            )
            closed = page.evaluate(FULL_STATE, selector)
            assert not closed["full"] and not closed["open"] and not closed["covers"], kind
            assert closed["button"] == "Full screen"
            # The button toggles too.
            page.locator(f"{selector} .journeys-canvas__button").click()
            assert page.evaluate(FULL_STATE, selector)["full"]
            page.locator(f"{selector} .journeys-canvas__button").click()
            assert not page.evaluate(FULL_STATE, selector)["full"]
        assert visit.clean() == {}


def test_canvases_are_set_up_once_per_page_through_instant_navigation(
    any_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = any_site
    journeys = [
        j
        for j in site.catalog.journeys
        if j != HOSTILE_JOURNEY_ID and site.catalog.journeys[j].steps
    ][:3]
    with open_visit(site, viewport=SCREENS["1280x800"]) as visit:
        page = visit.page
        _open(visit, site, addresses.journey(journeys[0]))
        for journey in [*journeys[1:], journeys[0]]:
            # A click on a link: Material's instant navigation swaps the page in place.
            href = site.address(addresses.journey(journey))
            page.evaluate(
                "(href) => { const a = document.createElement('a'); a.href = href;"
                " document.querySelector('article').appendChild(a); a.click(); }",
                href,
            )
            page.wait_for_url(href)
            wait_for_diagrams(page, len(diagram_texts(site.html(addresses.journey(journey)))))
            counts = page.evaluate(
                "() => [...document.querySelectorAll('.journeys-canvas')]"
                ".map(c => c.querySelectorAll('.journeys-canvas__button').length)"
            )
            assert counts and all(count == 1 for count in counts), (journey, counts)
            page.locator(f"{SWIMLANE} .journeys-canvas__button").click()
            page.keyboard.press("Escape")
            assert not page.evaluate(FULL_STATE, SWIMLANE)["open"]
        assert visit.clean() == {}


# --- print ----------------------------------------------------------------------------------

PRINTED = """
() => {
  const hidden = (e) => !e || e.getClientRects().length === 0;
  const width = document.documentElement.clientWidth;
  const maps = [...document.querySelectorAll('article .journeys-canvas--swimlane table')]
    .filter(t => !hidden(t))
    .map(table => {
      const box = table.parentElement;
      const right = Math.max(
        ...[...table.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().right));
      const svg = table.querySelector('svg');
      return {
        steps: table.querySelectorAll('col').length - 1,
        tableRight: table.getBoundingClientRect().right, cellsRight: right,
        overflow: box.scrollWidth - box.clientWidth, boxRight: box.getBoundingClientRect().right,
        curve: svg ? svg.getBoundingClientRect().right : 0,
      };
    });
  const chart = document.querySelector('article .journeys-curve__chart svg');
  return {
    width, maps, pageOverflow: document.documentElement.scrollWidth - width,
    chartRight: chart ? chart.getBoundingClientRect().right : 0,
    chrome: ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-search',
             '.md-footer', '.journeys-canvas__tools']
      .filter(s => [...document.querySelectorAll(s)].some(e => !hidden(e))),
    colours: getComputedStyle(document.querySelector('.journeys-swimlane')).printColorAdjust,
  };
}
"""


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_printed_on_landscape_paper_no_map_column_is_cut_off(
    material_site: ServedSite, open_visit: OpenVisit, paper: str
) -> None:
    site = material_site
    found = {}
    with open_visit(site, viewport=PAPER[paper]) as visit:
        page = visit.page
        for journey in site.catalog.journeys.values():
            if not journey.steps:
                continue
            _open(visit, site, addresses.journey(journey.id))
            page.emulate_media(media="print")
            # The browser fires beforeprint when it prints (page.pdf() below does); emulating
            # print media does not, so the test fires it.
            page.evaluate("dispatchEvent(new Event('beforeprint'))")
            seen = page.evaluate(PRINTED)
            width = seen["width"]
            problems = [
                m
                for m in seen["maps"]
                if m["overflow"] > 1
                or max(m["tableRight"], m["cellsRight"], m["curve"]) > width + 1
            ]
            printed_steps = sum(m["steps"] for m in seen["maps"])
            if (
                problems
                or printed_steps != len(journey.steps)
                or seen["pageOverflow"] > 1
                or seen["chartRight"] > width + 1
                or seen["chrome"]
                or seen["colours"] != "exact"
            ):
                found[journey.id] = seen
            if journey.id == _widest(site):
                page.pdf(
                    path=str(_artifact(f"{journey.id}-{paper}.pdf")),
                    format=paper,
                    landscape=True,
                    print_background=True,
                )
            page.emulate_media(media="screen")
            page.evaluate("dispatchEvent(new Event('afterprint'))")
            # Back on screen, the page is as it was: the one map, whole.
            assert page.locator(".journeys-canvas__print").count() == 0
        assert visit.clean() == {}
    assert found == {}


# --- export for slides ----------------------------------------------------------------------


@pytest.mark.parametrize("view", ["swimlane", "curve"])
def test_the_downloaded_svg_parses_and_has_one_point_per_step(
    material_site: ServedSite, open_visit: OpenVisit, view: str
) -> None:
    site = material_site
    journey = site.catalog.journeys[_example(site)]
    with open_visit(site, viewport=SCREENS["1280x800"], accept_downloads=True) as visit:
        _open(visit, site, addresses.journey(journey.id))
        link = visit.page.locator(f"{KINDS[view]} a.journeys-canvas__download")
        with visit.page.expect_download() as waiting:
            link.click()
        download = waiting.value
        path = _artifact(download.suggested_filename)
        download.save_as(path)
        assert visit.clean() == {}
    assert path.name == f"{journey.id}-{'swimlane' if view == 'swimlane' else 'emotion-curve'}.svg"
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    points = [e for e in root.iter() if "journeys-curve__point" in e.get("class", "").split()]
    assert len(points) == len(journey.steps)
    assert [p.get("data-step") for p in points] == [s.id for s in journey.steps]
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and journey.title in (title.text or "")


# --- accessibility, in both schemes ---------------------------------------------------------


@pytest.mark.parametrize(("screen", "scheme"), [("1280x800", "light"), ("1920x1080", "dark")])
def test_axe_finds_nothing_serious_on_the_map_pages(
    material_site: ServedSite, open_visit: OpenVisit, scheme: str, screen: str
) -> None:
    site = material_site
    found = {}
    pages = {
        "journey": addresses.journey(_example(site)),
        "widest": addresses.journey(_widest(site)),
        "hostile": addresses.journey(HOSTILE_JOURNEY_ID),
        "pain points": addresses.PAIN_POINTS,
        "touchpoints": addresses.TOUCHPOINTS,
        "personas": addresses.PERSONAS,
        "opportunities": addresses.OPPORTUNITIES,
    }
    with open_visit(site, viewport=SCREENS[screen], color_scheme=scheme) as visit:
        for name, uri in pages.items():
            _open(visit, site, uri)
            if violations := run_axe(visit.page, PLANTED):
                found[name] = violations
        # And with the map on full screen.
        _open(visit, site, pages["journey"])
        visit.page.locator(f"{SWIMLANE} .journeys-canvas__button").click()
        if violations := run_axe(visit.page, PLANTED):
            found["full screen"] = violations
        assert visit.clean() == {}
    assert found == {}


# --- a phone --------------------------------------------------------------------------------

PHONE_STATE = """
() => {
  const page = document.scrollingElement;
  return {
    pageScrollWidth: page.scrollWidth, pageWidth: page.clientWidth,
    canvases: [...document.querySelectorAll('.journeys-canvas')].map(c => {
      const r = c.getBoundingClientRect();
      return {left: r.left, right: r.right};
    }),
  };
}
"""


def test_on_a_phone_the_canvas_stays_on_the_screen_and_full_screen_works(
    material_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = material_site
    with open_visit(site, viewport=PHONE, is_mobile=True, has_touch=True) as visit:
        _open(visit, site, addresses.journey(_widest(site)))
        seen = visit.page.evaluate(PHONE_STATE)
        assert seen["pageScrollWidth"] <= seen["pageWidth"], seen
        assert all(c["left"] >= 0 and c["right"] <= PHONE["width"] for c in seen["canvases"]), seen
        visit.page.locator(f"{SWIMLANE} .journeys-canvas__button").tap()
        state = visit.page.evaluate(FULL_STATE, SWIMLANE)
        assert state["full"] and state["covers"] and state["alone"]
        visit.page.screenshot(path=str(_artifact("full-screen-phone.png")))
        visit.page.locator(f"{SWIMLANE} .journeys-canvas__button").tap()
        assert not visit.page.evaluate(FULL_STATE, SWIMLANE)["full"]
        assert visit.clean() == {}


# --- MkDocs' own themes ---------------------------------------------------------------------


@pytest.fixture(scope="module", params=["mkdocs", "readthedocs"])
def theme_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, mermaid_js_path: Path
) -> Iterator[str]:
    """The example site with one of MkDocs' own themes instead of Material, served."""
    root = tmp_path_factory.mktemp(f"theme-{request.param}")
    copy_project(source_project(), root, mermaid_js_path, hostile=False)
    config = root / "mkdocs.yml"
    text, found = re.subn(
        r"^theme:\n(?:[ \t]+.*\n)+",
        f"theme:\n  name: {request.param}\n",
        config.read_text("utf-8"),
        count=1,
        flags=re.M,
    )
    assert found
    config.write_text(text, encoding="utf-8")
    handler = partial(_QuietHandler, directory=str(root / "site"))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        set_site_url(root, url)
        build(root)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield url
        finally:
            server.shutdown()
            thread.join(timeout=10)


def test_full_screen_and_downloads_work_in_mkdocs_own_themes(
    theme_site: str, browser: Browser
) -> None:
    """No Material: no document$, no instant navigation; the canvas still works, with no error."""
    with visit_site(
        browser, theme_site, viewport=SCREENS["1280x800"], accept_downloads=True
    ) as seen:
        seen.goto(theme_site + "journeys/click-and-collect/")
        page = seen.page
        for kind, selector in KINDS.items():
            page.locator(f"{selector} .journeys-canvas__button").click()
            state = page.evaluate(FULL_STATE, selector)
            assert state["full"] and state["covers"] and state["alone"], kind
            page.keyboard.press("Escape")
            assert not page.evaluate(FULL_STATE, selector)["full"], kind
        with page.expect_download() as waiting:
            page.locator(f"{SWIMLANE} a.journeys-canvas__download").click()
        path = _artifact("theme-" + waiting.value.suggested_filename)
        waiting.value.save_as(path)
        assert ElementTree.parse(path).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        assert seen.clean() == {}


# --- screenshots for the docs ---------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_map_canvas(
    plain_site: ServedSite, open_visit: OpenVisit, scheme: str
) -> None:
    """The swimlane map as the README and the map-views guide show it, at 1280 px."""
    site = plain_site
    suffix = "-dark" if scheme == "dark" else ""
    with open_visit(site, viewport={"width": 1280, "height": 800}, color_scheme=scheme) as visit:
        _open(visit, site, addresses.journey(_example(site)))
        visit.page.evaluate(
            """() => {
              const heading = document.getElementById('journey-map');
              window.scrollTo(0, heading.getBoundingClientRect().top + scrollY - 56);
            }"""
        )
        shots = {f"views-swimlane{suffix}.png": None}
        path = SCREENSHOTS / f"views-swimlane{suffix}.png"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(path), animations="disabled")
        if scheme == "light":
            visit.page.locator(f"{SWIMLANE} .journeys-canvas__button").click()
            visit.page.screenshot(path=str(SCREENSHOTS / "views-full-screen.png"))
            shots["views-full-screen.png"] = None
        assert visit.clean() == {}
    if _updating():
        for name in shots:
            shutil.copyfile(SCREENSHOTS / name, DOCS_SCREENSHOTS / name)


def _updating() -> bool:
    import os

    return os.environ.get(UPDATE_VARIABLE) == "1"


def _artifact(name: str) -> Any:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
