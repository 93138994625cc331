"""The service blueprint and the opportunity scores as readers get them, on the example site.

The returns map (journeys/retail/returns-refund.md) is a blueprint: its journey page is opened on
a phone (390 px) and a wide screen (1920 px), in the light and dark schemes; the backlog's
impact × effort matrix and its "what to do next" list are read as drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from site_browser import Visit, diagram_texts, run_axe, wait_for_diagrams
from site_server import REPO, ServedSite

from journeys.web import addresses

OpenVisit = Callable[..., AbstractContextManager[Visit]]

ARTIFACTS = REPO / "test-artifacts" / "blueprint"  # screenshots to look at, not compared
BLUEPRINT_JOURNEY = "returns-refund"
BLUEPRINT = ".journeys-canvas--blueprint"
SCREENS = {
    "phone": {"width": 390, "height": 844},
    "wide": {"width": 1920, "height": 1080},
}
LANES = [
    "Physical evidence",
    "Customer actions",
    "Frontstage",
    "Backstage",
    "Support processes",
]
LINES = {
    "interaction": "Line of interaction",
    "visibility": "Line of visibility",
    "internal-interaction": "Line of internal interaction",
}
# Two findings in Material's own chrome, as in test_site_canvas.py.
PLANTED = (".md-search", ".md-copyright")

# Each row's name (its <th>): where it is drawn, whether it is what the reader sees there, and
# for a line, the rule drawn above it (its style and width) and how far it reaches.
DRAWN = """
(selector) => {
  const canvas = document.querySelector(selector);
  const scroller = canvas.querySelector('.journeys-canvas__scroll');
  const box = scroller.getBoundingClientRect();
  const rows = [...scroller.querySelectorAll('tbody tr')].map(tr => {
    const th = tr.querySelector('th');
    const r = th.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
    const rule = tr.querySelector('td');
    const style = getComputedStyle(rule);
    const ruleBox = rule.getBoundingClientRect();
    return {
      name: th.textContent.trim(),
      line: tr.classList.contains('journeys-blueprint__line'),
      left: Math.round(r.left - box.left),
      width: r.width, height: r.height,
      inside: r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
      onTop: !!hit && (hit === th || th.contains(hit)),
      visible: getComputedStyle(th).visibility === 'visible' && r.width > 0 && r.height > 0,
      rule: {style: style.borderTopStyle, width: parseFloat(style.borderTopWidth),
             color: style.borderTopColor, reach: Math.round(ruleBox.right - r.left)},
    };
  });
  return {
    rows, scrollLeft: scroller.scrollLeft,
    max: scroller.scrollWidth - scroller.clientWidth,
    window: document.documentElement.clientWidth,
    visible: scroller.clientWidth,
    tableWidth: scroller.querySelector('table').getBoundingClientRect().width,
    button: (canvas.querySelector('.journeys-canvas__button') || {}).textContent || null,
  };
}
"""

# Each stage header's left and right edges, and those of the steps it spans (the actions row).
ALIGNED = """
(selector) => {
  const table = document.querySelector(selector + ' table');
  const stages = [...table.querySelectorAll('thead th[scope=colgroup]')];
  const cells = [...table.querySelectorAll('tr.journeys-blueprint__lane--actions td')];
  let at = 0;
  return stages.map(th => {
    const span = th.colSpan;
    const first = cells[at].getBoundingClientRect();
    const last = cells[at + span - 1].getBoundingClientRect();
    at += span;
    const r = th.getBoundingClientRect();
    return [Math.round(r.left - first.left), Math.round(r.right - last.right)];
  });
}
"""


def _open(visit: Visit, site: ServedSite, uri: str) -> None:
    visit.goto(site.address(uri))
    wait_for_diagrams(visit.page, len(diagram_texts(site.html(uri))))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", ["phone", "wide"])
def test_the_blueprint_draws_its_lanes_and_lines(
    plain_site: ServedSite, open_visit: OpenVisit, screen: str, scheme: str
) -> None:
    site = plain_site
    uri = addresses.journey(BLUEPRINT_JOURNEY)
    with open_visit(site, viewport=SCREENS[screen], color_scheme=scheme) as visit:
        _open(visit, site, uri)
        page = visit.page
        page.locator(BLUEPRINT).scroll_into_view_if_needed()
        drawn: dict[str, Any] = page.evaluate(DRAWN, BLUEPRINT)
        names = [row["name"] for row in drawn["rows"]]
        assert [n for n in names if not n.startswith("Line of")] == LANES
        assert [n for n in names if n.startswith("Line of")] == list(LINES.values())
        for row in drawn["rows"]:
            assert row["visible"] and row["left"] <= 1, row
        # The three lines are drawn, each its own way, across the whole map.
        rules = {row["name"]: row["rule"] for row in drawn["rows"] if row["line"]}
        assert [rules[name]["style"] for name in LINES.values()] == ["solid", "dashed", "dotted"]
        for rule in rules.values():
            assert rule["width"] >= 2 and rule["color"] not in ("rgba(0, 0, 0, 0)", "transparent")
            assert rule["reach"] >= drawn["tableWidth"] - 2, rule
        # Stage headers stand over their own steps.
        for left, right in page.evaluate(ALIGNED, BLUEPRINT):
            assert abs(left) <= 1 and abs(right) <= 1
        # A map canvas: the full-screen control, and on a wide screen most of the window.
        assert drawn["button"] == "Full screen"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(BLUEPRINT).screenshot(path=str(ARTIFACTS / f"{screen}-{scheme}.png"))
        if screen == "wide":
            assert drawn["visible"] >= 0.75 * drawn["window"], drawn
        assert visit.clean() == {}
        assert run_axe(page, PLANTED) == []


def test_on_a_phone_the_lane_names_stay_in_view_as_the_blueprint_scrolls(
    plain_site: ServedSite, open_visit: OpenVisit
) -> None:
    site = plain_site
    with open_visit(site, viewport=SCREENS["phone"]) as visit:
        _open(visit, site, addresses.journey(BLUEPRINT_JOURNEY))
        page = visit.page
        scroller = page.locator(f"{BLUEPRINT} .journeys-canvas__scroll")
        scroller.scroll_into_view_if_needed()
        start = page.evaluate(DRAWN, BLUEPRINT)
        assert start["max"] > 0, "the blueprint fits a phone: nothing to scroll"
        assert start["rows"][0]["width"] < start["visible"] / 2  # the steps get the room
        for target in ("(s.scrollWidth - s.clientWidth) / 2", "s.scrollWidth"):
            scroller.evaluate(f"s => {{ s.scrollLeft = {target}; }}")
            page.wait_for_function(
                "(sel) => document.querySelector(sel + ' .journeys-canvas__scroll').scrollLeft > 0",
                arg=BLUEPRINT,
            )
            scrolled = page.evaluate(DRAWN, BLUEPRINT)
            assert scrolled["scrollLeft"] > 0
            for row in scrolled["rows"]:
                if row["inside"]:
                    assert row["left"] <= 1 and row["onTop"], row
            assert any(row["inside"] for row in scrolled["rows"])
        # Full screen works on a phone too, and Escape leaves it.
        page.locator(f"{BLUEPRINT} .journeys-canvas__button").click()
        assert page.evaluate(
            "(s) => document.querySelector(s).classList.contains('journeys-canvas--full')",
            BLUEPRINT,
        )
        page.keyboard.press("Escape")
        page.wait_for_function(
            "(s) => !document.querySelector(s).classList.contains('journeys-canvas--full')",
            arg=BLUEPRINT,
        )
        assert visit.clean() == {}


MATRIX = """
() => {
  const after = (id) => {
    for (let el = document.getElementById(id)?.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.tagName === 'H2') return null;
      const table = el.tagName === 'TABLE' ? el : el.querySelector('table');
      if (table) return table;
    }
    return null;
  };
  const read = (table) => table ? [...table.rows].map(r => [...r.cells].map(c => ({
    text: c.textContent.trim(), links: c.querySelectorAll('a').length,
    shown: c.getBoundingClientRect().width > 0,
  }))) : null;
  return {matrix: read(after('impact-and-effort')), next: read(after('what-to-do-next'))};
}
"""


@pytest.mark.parametrize("screen", ["phone", "wide"])
def test_the_backlog_shows_the_matrix_and_what_to_do_next(
    plain_site: ServedSite, open_visit: OpenVisit, screen: str
) -> None:
    site = plain_site
    with open_visit(site, viewport=SCREENS[screen]) as visit:
        _open(visit, site, addresses.BACKLOG)
        read: dict[str, Any] = visit.page.evaluate(MATRIX)
        matrix, ranked = read["matrix"], read["next"]
        assert matrix is not None and ranked is not None, read
        quadrants = " ".join(cell["text"] for row in matrix[1:] for cell in row[1:])
        for title in ("Quick wins", "Big bets", "Fill-ins", "Time sinks"):
            assert title in quadrants
        assert sum(cell["links"] for row in matrix for cell in row) >= 1
        assert all(cell["shown"] for row in matrix for cell in row)
        header = [cell["text"] for cell in ranked[0]]
        assert header[:3] == ["#", "Opportunity", "Quadrant"]
        body = ranked[1:]
        assert body and [row[0]["text"] for row in body] == [
            str(n) for n in range(1, len(body) + 1)
        ]
        assert all(row[1]["links"] == 1 for row in body)
        assert visit.clean() == {}
        assert run_axe(visit.page, PLANTED) == []
