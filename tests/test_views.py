"""The map views: sites built from small corpora in tmp_path, read back from the HTML and SVG."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeys.catalog import load_catalog
from journeys.pages.generate import generate_pages
from journeys.pages.series import period_key
from journeys.pages.views import ViewOptions, backlog, portfolio
from journeys.web import addresses
from journeys.web.mermaid import decode
from nasty_strings import NASTY_STRINGS
from sitekit import MERMAID_JS, MKDOCS_YML, Project, require_mermaid_js

TODAY = "2026-06-30"

# --- reading HTML ---------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.parts: list[str] = []
        self.children: list[Element] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find(self, tag: str = "", cls: str = "", **attrs: str) -> list[Element]:
        """Descendants (and self) with the tag, the class and the attribute values given."""
        return [
            e
            for e in self.iter()
            if (not tag or e.tag == tag)
            and (not cls or cls in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str = "", cls: str = "", **attrs: str) -> Element:
        found = self.find(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} elements match {tag}.{cls} {attrs}"
        return found[0]


class Tree(HTMLParser):
    """Every element of a page with its attributes and its text (its descendants' included)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.parts.append(data)


def tree(page: str) -> Element:
    return Tree(page).root


def flat(value: str) -> str:
    """Source text as the views show it: whitespace runs become one space."""
    return re.sub(r"\s+", " ", value).strip()


# --- writing corpora ------------------------------------------------------------------------


def step(step_id: str, emotion: int, **fields: Any) -> dict[str, Any]:
    return {"action": f"Action {step_id}", "id": step_id, "emotion": emotion, **fields}


def journey(title: str, stages: list[tuple[str, list[dict[str, Any]]]], **fields: Any) -> Any:
    return {
        "title": title,
        "persona": fields.pop("persona", "pat"),
        **fields,
        "stages": [
            {"name": name, "id": name.lower().replace(" ", "-"), "steps": steps}
            for name, steps in stages
        ],
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, width=10_000, sort_keys=False)


def make_site(
    root: Path,
    journeys: dict[str, Any],
    *,
    personas: dict[str, dict[str, Any]] | None = None,
    touchpoints: list[dict[str, str]] | None = None,
    data: list[list[str]] | None = None,
    options: str = "",
    config: str = "",
) -> Project:
    require_mermaid_js()
    project = Project(root)
    yml = MKDOCS_YML.format(mermaid_js=json.dumps(str(MERMAID_JS)))
    yml = yml.replace("  - journeys:\n", "  - journeys:\n" + options) + config
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    project.write("docs/index.md", "# Home\n")
    for persona_id, persona in (personas or {"pat": {"name": "Pat"}}).items():
        project.write(f"journeys/personas/{persona_id}.md", f"---\n{dump(persona)}---\n")
    for path, source in journeys.items():
        (root / "journeys" / f"{path}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / "journeys" / f"{path}.md").write_text(
            f"---\n{dump(source)}---\nThe story.\n", encoding="utf-8"
        )
    if touchpoints:
        (root / "journeys/touchpoints.yml").write_text(dump(touchpoints), encoding="utf-8")
    if data:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["journey", "step", "touchpoint", "metric", "value", "period", "source"])
        writer.writerows(data)
        (root / "journeys/data").mkdir(parents=True, exist_ok=True)
        (root / "journeys/data/metrics.csv").write_text(out.getvalue(), encoding="utf-8")
    return project


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYS_TODAY", TODAY)


# --- emotion curve --------------------------------------------------------------------------

CURVE = journey(
    "Curve",
    [
        ("First", [step("a", 1), step("b", 2, expected=4), step("c", 3, expected=3)]),
        (
            "Second",
            [
                step("d", 4, expected=2, pains=["Slow", "Rude"]),
                step("e", 5),
                step("f", 2, expected=5),
            ],
        ),
    ],
)


def curve_svgs(page: Element) -> list[Element]:
    svgs = page.find("svg", "journeys-curve__svg")
    assert [s.classes[-1] for s in svgs] == [
        "journeys-curve__svg--lane",
        "journeys-curve__svg--chart",
    ]
    return svgs


def test_curve_has_a_point_per_step_at_the_height_of_its_emotion(tmp_path: Path) -> None:
    project = make_site(tmp_path, {"curve": CURVE})
    project.build(strict=True)
    page = tree(project.html("journeys/curve"))
    for svg in curve_svgs(page):
        top, unit = float(svg.attrs["data-top"]), float(svg.attrs["data-unit"])
        points = svg.find("circle", "journeys-curve__point")
        assert [(p.attrs["data-step"], int(p.attrs["data-emotion"])) for p in points] == [
            ("a", 1),
            ("b", 2),
            ("c", 3),
            ("d", 4),
            ("e", 5),
            ("f", 2),
        ]
        for point in points:
            emotion = int(point.attrs["data-emotion"])
            assert float(point.attrs["cy"]) == pytest.approx(top + (5 - emotion) * unit)
            assert f"journeys-emotion--{emotion}" in point.classes
        xs = [float(p.attrs["cx"]) for p in points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        # The felt line runs through the points, in order.
        line = svg.one("polyline", "journeys-curve__felt-line").attrs["points"].split()
        assert line == [f"{p.attrs['cx']},{p.attrs['cy']}" for p in points]
        assert svg.attrs["role"] == "img"
        assert svg.find("title")[0].text == "Emotion curve: Curve"
        assert "6 steps" in svg.one("desc").text


def test_the_gap_is_shaded_where_expected_is_above_felt(tmp_path: Path) -> None:
    project = make_site(tmp_path, {"curve": CURVE})
    project.build(strict=True)
    page = tree(project.html("journeys/curve"))
    for svg in curve_svgs(page):
        top, unit = float(svg.attrs["data-top"]), float(svg.attrs["data-unit"])
        expected = svg.find(cls="journeys-curve__expected")
        assert {e.attrs["data-step"]: int(e.attrs["data-expected"]) for e in expected} == {
            "b": 4,
            "c": 3,
            "d": 2,
            "f": 5,
        }
        gaps = {g.attrs["data-step"]: g for g in svg.find("line", "journeys-curve__gap")}
        # Only where expected > felt: b (4 > 2) and f (5 > 2); c meets it, d beats it.
        assert {k: int(g.attrs["data-gap"]) for k, g in gaps.items()} == {"b": 2, "f": 3}
        bar = gaps["f"]
        assert float(bar.attrs["y1"]) == pytest.approx(top + (5 - 5) * unit)
        assert float(bar.attrs["y2"]) == pytest.approx(top + (5 - 2) * unit)
        # Shaded between b and c (both give expected, b falls short); not between c and d.
        assert len(svg.find("polygon", "journeys-curve__gap-area")) == 1
        labels = svg.find("text", "journeys-curve__gap-label")
        assert [(t.attrs["data-step"], t.text) for t in labels] == [("f", "gap 3")]
    finding = page.one(cls="journeys-curve__finding").text
    assert flat(finding) == "Largest gap: 3 points at Action f (expected 5, felt 2)."
    rows = page.one("details", "journeys-curve__data").find("tr")[1:]
    assert [[c.text for c in row.find("td")][4:6] for row in rows] == [
        ["", ""],
        ["4", "2"],
        ["3", ""],
        ["2", ""],
        ["", ""],
        ["5", "3"],
    ]


def test_pain_points_are_marked_on_the_curve(tmp_path: Path) -> None:
    project = make_site(tmp_path, {"curve": CURVE})
    project.build(strict=True)
    page = tree(project.html("journeys/curve"))
    for svg in curve_svgs(page):
        marks = svg.find("g", "journeys-curve__pain")
        assert [(m.attrs["data-step"], m.attrs["data-pains"]) for m in marks] == [("d", "2")]
        assert "Slow (medium); Rude (medium)" in marks[0].one("title").text


def test_every_step_with_the_largest_gap_is_named(tmp_path: Path) -> None:
    tie = journey("Tie", [("Only", [step("a", 1, expected=3), step("b", 3, expected=5)])])
    flat_map = journey("Flat", [("Only", [step("a", 3), step("b", 4)])])
    project = make_site(tmp_path, {"tie": tie, "flat": flat_map})
    project.build(strict=True)
    tie_page = tree(project.html("journeys/tie"))
    assert flat(tie_page.one(cls="journeys-curve__finding").text) == (
        "Largest gap: 2 points at Action a (expected 3, felt 1), Action b (expected 5, felt 3)."
    )
    flat_page = tree(project.html("journeys/flat"))
    assert "no expected emotion" in flat_page.one(cls="journeys-curve__finding").text
    assert not flat_page.find(cls="journeys-curve__gap")


def test_a_map_whose_steps_all_have_errors_still_gets_its_page(tmp_path: Path) -> None:
    broken = journey("Broken", [("Only", [step("a", 9)])])
    fine = journey("Fine", [("Only", [step("b", 3)])], state="future", current="broken")
    project = make_site(tmp_path, {"broken": broken, "fine": fine})
    project.build()  # not strict: the error is reported, the valid pages are built
    page = tree(project.html("journeys/broken"))
    assert page.one("div", "journeys-freshness")
    assert not page.find("div", "journeys-swimlane") and not page.find("svg", "journeys-curve__svg")
    compared = tree(project.html("journeys/fine"))
    assert compared.find(id="compared-with-the-current-state")
    assert "over 1 step." in compared.one(cls="journeys-curve__average").text


# --- swimlane -------------------------------------------------------------------------------


def test_swimlane_has_a_column_per_step_and_a_lane_per_kind_of_item(tmp_path: Path) -> None:
    source = journey(
        "Lanes",
        [
            (
                "Find",
                [
                    step(
                        "a",
                        3,
                        touchpoint="web",
                        thought="Hmm.",
                        questions=["Where?"],
                        pains=[{"id": "slow", "text": "Slow page", "severity": "high"}],
                        opportunities=[
                            {"id": "cdn", "text": "Use a CDN", "fixes": ["slow"], "owner": "Ops"}
                        ],
                        metrics={"bounce": 0.4},
                    ),
                    step("b", 4, touchpoint="Word of mouth", channel="people"),
                ],
            ),
            ("Buy", [step("c", 5, backstage="Stock check", next=["a"])]),
        ],
    )
    touchpoints = [{"id": "web", "name": "Website", "channel": "web"}]
    project = make_site(tmp_path, {"lanes": source}, touchpoints=touchpoints)
    project.build(strict=True)
    page = tree(project.html("journeys/lanes"))
    lane = page.one("div", "journeys-swimlane")
    stages = lane.one("thead").find("th")[1:]
    assert [(th.text, th.attrs["colspan"], th.attrs["id"]) for th in stages] == [
        ("Find", "2", "stage-find"),
        ("Buy", "1", "stage-buy"),
    ]
    assert len(lane.find("col", "journeys-swimlane__step-column")) == 3
    rows = {row.classes[-1]: row for row in lane.find("tr", "journeys-lane")}
    assert list(rows) == [
        "journeys-lane--actions",
        "journeys-lane--thoughts",
        "journeys-lane--touchpoints",
        "journeys-lane--emotion",
        "journeys-lane--pains",
        "journeys-lane--opportunities",
        "journeys-lane--backstage",
        "journeys-lane--metrics",
    ]
    actions = rows["journeys-lane--actions"].find("a", "journeys-lane__action")
    assert [(a.text, a.attrs["href"]) for a in actions] == [
        ("Action a", "#step-a"),
        ("Action b", "#step-b"),
        ("Action c", "#step-c"),
    ]
    assert flat(rows["journeys-lane--actions"].find("td")[2].text) == "Action c then: Action a"
    assert rows["journeys-lane--actions"].one("p").one("a").attrs["href"] == "#step-a"
    cells = rows["journeys-lane--touchpoints"].find("td")
    assert [(a.text, a.attrs["href"]) for a in cells[0].find("a")] == [
        ("Website", "../../touchpoints/web/")
    ]
    assert flat(cells[1].text) == "Word of mouth people"
    assert flat(rows["journeys-lane--thoughts"].find("td")[0].text) == "Hmm.Where?"
    pain = rows["journeys-lane--pains"].one("a")
    assert (pain.text, pain.attrs["href"]) == ("Slow page", "../../pain-points/slow/")
    opportunity = rows["journeys-lane--opportunities"].one("a")
    assert opportunity.attrs["href"] == "../../opportunities/#opportunity-cdn"
    assert rows["journeys-lane--backstage"].find("td")[2].text == "Stock check"
    metric = rows["journeys-lane--metrics"].one(cls="journeys-metric")
    assert metric.attrs["data-metric"] == "bounce" and flat(metric.text) == "bounce 0.4"
    # The emotion lane is one drawing across every step column.
    assert rows["journeys-lane--emotion"].one("td").attrs["colspan"] == "3"


def test_a_lane_no_step_fills_is_left_out(project: Project) -> None:
    project.build(strict=True)
    lane = tree(project.html("journeys/click-and-collect")).one("div", "journeys-swimlane")
    kinds = [row.classes[-1] for row in lane.find("tr", "journeys-lane")]
    assert "journeys-lane--backstage" not in kinds and "journeys-lane--thoughts" not in kinds
    assert "journeys-lane--actions" in kinds and "journeys-lane--emotion" in kinds


# --- metrics --------------------------------------------------------------------------------


def test_a_metric_trend_shows_every_period_in_order(tmp_path: Path) -> None:
    source = journey("Metrics", [("Only", [step("call", 2, touchpoint="phone"), step("end", 4)])])
    data = [
        ["", "", "phone", "csat", "4.1", "2026-Q10", "Phone system"],
        ["", "", "phone", "csat", "3.2", "2026-Q1", "Phone system"],
        ["", "", "phone", "csat", "3.9", "2026-Q2", "Phone system"],
        ["metrics", "end", "", "nps", "31", "2026-Q2", "Survey"],
    ]
    touchpoints = [{"id": "phone", "name": "Phone line", "channel": "phone"}]
    project = make_site(tmp_path, {"metrics": source}, touchpoints=touchpoints, data=data)
    project.build(strict=True)
    lane = tree(project.html("journeys/metrics")).one("tr", "journeys-lane--metrics")
    first, second = lane.find("td")
    csat = first.one(cls="journeys-metric", data_metric="csat")
    assert csat.one(cls="journeys-metric__value").text == "4.1"
    assert csat.one(cls="journeys-metric__context").text == "Phone line, 2026-Q1 – 2026-Q10"
    assert csat.one("a").attrs["href"] == "../../touchpoints/phone/"
    spark = csat.one("svg", "journeys-spark")
    points = [(c.attrs["data-period"], c.attrs["data-value"]) for c in spark.find("circle")]
    assert points == [("2026-Q1", "3.2"), ("2026-Q2", "3.9"), ("2026-Q10", "4.1")]
    ys = [float(c.attrs["cy"]) for c in spark.find("circle")]
    assert ys[0] > ys[1] > ys[2]  # a rising value climbs
    assert spark.one("title").text == "csat: 3.2 (2026-Q1), 3.9 (2026-Q2), 4.1 (2026-Q10)"
    nps = second.one(cls="journeys-metric", data_metric="nps")
    assert flat(nps.text) == "nps 31 2026-Q2" and not nps.find("svg")
    assert nps.one("a").attrs["href"] == "#step-end"
    # The touchpoint's page shows the same trend with its periods.
    page = tree(project.html("touchpoints/phone"))
    row = page.one("div", "journeys-trends").one("tr", data_metric="csat")
    cells = [flat(td.text) for td in row.find("td")]
    assert cells[0] == "4.1"
    assert cells[2] == "3.2 (2026-Q1), 3.9 (2026-Q2), 4.1 (2026-Q10)"
    assert cells[3] == "Phone system"
    assert len(row.one("svg", "journeys-spark").find("circle")) == 3


def test_periods_sort_naturally() -> None:
    periods = ["2026-Q10", "2025-Q4", None, "2026-Q2", "2026-q1"]
    assert sorted(periods, key=period_key) == [None, "2025-Q4", "2026-q1", "2026-Q2", "2026-Q10"]


# --- current vs future ----------------------------------------------------------------------


def test_future_map_compares_steps_stages_and_pains_with_its_current_map(tmp_path: Path) -> None:
    current = journey(
        "Today",
        [
            ("Order", [step("browse", 3), step("call", 1, pains=["On hold", "Lost order"])]),
            ("Collect", [step("queue", 2, pains=["Queue"]), step("leave", 2)]),
        ],
    )
    future = journey(
        "Tomorrow",
        [
            (
                "Order",
                [
                    step("browse", 4),
                    step(
                        "text",
                        5,
                        opportunities=[
                            {
                                "id": "texts",
                                "text": "Send texts",
                                "fixes": ["on-hold"],
                                "status": "planned",
                            }
                        ],
                    ),
                ],
            ),
            ("Collect", [step("leave", 5, pains=[{"id": "queue"}])]),
        ],
        state="future",
        current="today",
    )
    project = make_site(tmp_path, {"today": current, "tomorrow": future})
    project.build(strict=True)
    page = tree(project.html("journeys/tomorrow"))
    assert not tree(project.html("journeys/today")).find(id="compared-with-the-current-state")
    tables = page.find("table")
    by_header = {tuple(th.text for th in t.find("th")): t for t in tables}
    steps = by_header[("Step", "Change", "Stage", "Emotion now", "In the future state", "+/−")]
    rows = [[flat(td.text) for td in tr.find("td")] for tr in steps.find("tr")[1:]]
    assert [(r[0], r[1]) for r in rows] == [
        ("Action browse", "kept"),
        ("Action text", "new"),
        ("Action leave", "kept"),
        ("Action call", "removed"),
        ("Action queue", "removed"),
    ]
    assert rows[2][2:] == ["Collect", "2", "5", "+3"]
    removed = steps.find("tr")[4].one("a").attrs["href"]
    assert removed == "../today/#step-call"
    stages = by_header[("Stage", "Average emotion now", "In the future state", "Change")]
    assert [[flat(td.text) for td in tr.find("td")] for tr in stages.find("tr")[1:]] == [
        ["Order", "2", "4.5", "+2.5"],
        ["Collect", "2", "5", "+3"],
    ]
    gone = by_header[("Pain point", "Severity", "Where it hurts now", "Removed by")]
    gone_rows = [[flat(td.text) for td in tr.find("td")] for tr in gone.find("tr")[1:]]
    assert gone_rows == [
        ["On hold", "medium", "Action call", "Send texts (planned, on this map)"],
        ["Lost order", "medium", "Action call", "no opportunity recorded"],
    ]
    summary = flat(page.text)
    assert "2 disappear, 1 remain, 0 new" in summary
    assert "2 kept, 2 removed, 1 new" in summary


# --- path of a non-linear journey ------------------------------------------------------------

MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


def flowchart_of(page: str) -> str:
    charts = [html.unescape(b) for b in MERMAID_BLOCK.findall(page)]
    charts = [c for c in charts if c.startswith("flowchart")]
    assert len(charts) == 1
    return charts[0]


def read_flowchart(chart: str) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """Node labels by node id, and the edges (source label, arrow, target label)."""
    labels = {m[1]: decode(m[2]) for m in re.finditer(r'^\s*(s\d+)\["([^"]*)"\]$', chart, re.M)}
    edges = {
        (labels[m[1]], m[2], labels[m[3]])
        for m in re.finditer(r"^\s*(s\d+) (-->|-\.->) (s\d+)$", chart, re.M)
    }
    return labels, edges


def test_flowchart_follows_next_with_branches_and_loops(tmp_path: Path) -> None:
    source = journey(
        "Loops",
        [
            ("Sign up", [step("form", 2), step("wait", 2, next=["click", "resend"])]),
            ("Verify", [step("resend", 2, next=["wait"]), step("click", 4), step("done", 5)]),
        ],
    )
    linear = journey("Straight", [("Only", [step("a", 3), step("b", 4)])])
    project = make_site(tmp_path, {"loops": source, "straight": linear})
    project.build(strict=True)
    page = project.html("journeys/loops")
    labels, edges = read_flowchart(flowchart_of(page))
    assert sorted(labels.values()) == sorted(
        f"Action {s}" for s in ("form", "wait", "resend", "click", "done")
    )
    assert edges == {
        ("Action form", "-->", "Action wait"),
        ("Action wait", "-->", "Action click"),
        ("Action wait", "-->", "Action resend"),
        ("Action resend", "-.->", "Action wait"),
        ("Action click", "-->", "Action done"),
    }
    chart = flowchart_of(page)
    assert 'subgraph g0 ["Sign up"]' in chart and 'subgraph g1 ["Verify"]' in chart
    items = [
        flat(li.text) for li in tree(page).find("li") if "back" in li.text or "branches" in li.text
    ]
    assert "Action wait branches to Action click, Action resend" in items
    assert "Action resend loops back to Action wait (back)" in items
    straight = project.html("journeys/straight")
    assert not [b for b in MERMAID_BLOCK.findall(straight) if "flowchart" in b]


# --- portfolio ------------------------------------------------------------------------------


def portfolio_corpus(root: Path) -> Project:
    personas = {"pat": {"name": "Pat"}, "sam": {"name": "Sam"}}
    one = journey(
        "One",
        [
            ("Find", [step("a", 1, pains=["Lost"]), step("b", 2, pains=["Lost", "Slow"])]),
            ("Pay", [step("c", 5)]),
        ],
        persona=["pat", "sam"],
    )
    two = journey(
        "Two",
        [("Find", [step("a", 4, pains=[{"id": "lost"}])]), ("Wait", [step("w", 3)])],
        persona="sam",
    )
    two["stages"][0]["steps"][0]["pains"].append(
        {"id": "broken", "text": "Broken", "severity": "critical"}
    )
    three = journey(
        "Three",
        [("Find", [step("x", 2, pains=[{"id": "slow"}])])],
        persona="pat",
        state="future",
        current="one",
    )
    return make_site(root, {"one": one, "two": two, "three": three}, personas=personas)


def heat_cells(heatmap: Element) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (td.attrs["data-journey"], td.attrs["data-stage"]): (
            td.attrs["data-average"],
            td.attrs["data-pains"],
        )
        for td in heatmap.find("td", "journeys-heat")
        if "data-journey" in td.attrs
    }


def test_heatmap_cells_hold_the_average_emotion_and_pain_count(tmp_path: Path) -> None:
    project = portfolio_corpus(tmp_path)
    project.build(strict=True)
    page = tree(project.html("portfolio"))
    heatmaps = page.find("div", "journeys-heatmap")
    assert heat_cells(heatmaps[0]) == {
        ("one", ""): ("2.7", "2"),
        ("one", "find"): ("1.5", "2"),
        ("one", "pay"): ("5", "0"),
        ("three", ""): ("2", "1"),
        ("three", "find"): ("2", "1"),
        ("two", ""): ("3.5", "2"),
        ("two", "find"): ("4", "2"),
        ("two", "wait"): ("3", "0"),
    }
    cell = heatmaps[0].one("td", data_journey="one", data_stage="find")
    assert "journeys-heat--15" in cell.classes
    assert cell.one("a").attrs["href"] == "../journeys/one/#stage-find"
    assert flat(cell.text) == "Find 1.5 2 pains"
    # Rows follow the journeys index: by title.
    rows = [tr.one("th").find("a")[0].text for tr in heatmaps[0].one("tbody").find("tr")]
    assert rows == ["One", "Three", "Two"]
    # One heatmap per persona, with that persona's journeys only.
    assert {j for j, _ in heat_cells(heatmaps[1])} == {"one", "three"}  # Pat
    assert {j for j, _ in heat_cells(heatmaps[2])} == {"one", "two"}  # Sam


def test_pain_priorities_weigh_severity_by_journeys_and_personas(tmp_path: Path) -> None:
    project = portfolio_corpus(tmp_path)
    project.build(strict=True)
    page = tree(project.html("portfolio"))
    table = next(
        t for t in page.find("table") if t.find("th") and t.find("th")[0].text == "Pain point"
    )
    rows = [[flat(td.text) for td in tr.find("td")] for tr in table.find("tr")[1:]]
    # lost: medium 2 × 2 journeys × 2 personas; broken: critical 4 × 1 × 1;
    # slow: medium 2 × 1 (the future map does not count) × 2 personas.
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("Lost", "medium", "8"),
        ("Broken", "critical", "4"),
        ("Slow", "medium", "4"),
    ]


def large_portfolio(root: Path) -> Project:
    """Five journeys in three folders, one of them with three: large once the limit is two."""
    personas = {"pat": {"name": "Pat"}, "sam": {"name": "Sam"}}
    shared = [{"id": "lost", "text": "Lost", "severity": "high"}]
    journeys = {
        "retail/a": journey("A", [("Find", [step("a", 1, pains=shared)])], persona="pat"),
        "retail/b": journey("B", [("Find", [step("b", 3, pains=[{"id": "lost"}])])]),
        "retail/c": journey("C", [("Find", [step("c", 5, pains=[{"id": "lost"}])])]),
        "support/d": journey("D", [("Ask", [step("d", 2, pains=[{"id": "lost"}])])]),
        "e": journey("E", [("Wait", [step("e", 4)])], persona="sam"),
    }
    return make_site(root, journeys, personas=personas)


def test_a_large_portfolio_sums_up_folders_and_gives_each_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "PAGE_JOURNEYS", 2)
    monkeypatch.setattr(portfolio, "SUMMARY_PRIORITIES", 0)
    monkeypatch.setattr(portfolio, "ROW_JOURNEYS", 1)
    project = large_portfolio(tmp_path)
    project.build(strict=True)
    summary = tree(project.html("portfolio"))
    assert not summary.find("div", "journeys-heatmap")  # the heatmaps are on the folder pages
    folders = summary.find("table")[0]
    rows = [[flat(td.text) for td in tr.find("td")] for tr in folders.find("tr")[1:]]
    assert rows == [
        ["Top-level journeys", "1", "4", "0", "E (4)"],
        ["Retail (part 1 of 2)", "2", "2", "1", "A (1)"],
        ["Retail (part 2 of 2)", "1", "5", "1", "C (5)"],
        ["Support", "1", "2", "1", "D (2)"],
    ]
    hrefs = [tr.find("a")[0].attrs["href"] for tr in folders.find("tr")[1:]]
    assert hrefs == ["top-level/", "retail/", "retail-part-2/", "support/"]
    personas = summary.find("table")[1]
    assert [flat(td.text) for td in personas.find("tr")[1].find("td")] == [
        "Pat",
        "4",
        "2.8",
        "1",
        "Retail (part 1 of 2), Retail (part 2 of 2), Support",
    ]
    # Priorities past the limit are not dropped silently: the summary says where they are.
    assert "The 0 highest of 1" in flat(summary.text)
    # Every journey is on exactly one folder page, in a heatmap, overall and by persona.
    seen: list[str] = []
    for address in ("top-level", "retail", "retail-part-2", "support"):
        page = tree(project.html(f"portfolio/{address}"))
        heatmaps = page.find("div", "journeys-heatmap")
        seen += sorted({j for j, _ in heat_cells(heatmaps[0])})
        walkers = {h.text for h in page.find("h3")}
        assert len(heatmaps) == 1 + len(walkers)
    assert sorted(seen) == ["a", "b", "c", "d", "e"]
    retail = tree(project.html("portfolio/retail"))
    assert flat(retail.one("h1").text) == "Portfolio: Retail (part 1 of 2)"
    priority = retail.find("table")[-1]
    # A row names at most ROW_JOURNEYS journeys; the pain point's page lists the rest.
    journeys_cell = priority.find("tr")[1].find("td")[2]
    assert [(a.text, a.attrs["href"]) for a in journeys_cell.find("a")] == [
        ("A", "../../journeys/a/"),
        ("and 3 more", "../../pain-points/lost/"),
    ]


# --- backlog --------------------------------------------------------------------------------


def test_backlog_groups_opportunities_by_status_and_lists_unfixed_pains(tmp_path: Path) -> None:
    source = journey(
        "Backlog",
        [
            (
                "Only",
                [
                    step(
                        "a",
                        2,
                        pains=[
                            {"id": "slow", "text": "Slow", "severity": "high"},
                            {"id": "ugly", "text": "Ugly", "severity": "low"},
                            {"id": "rude", "text": "Rude", "severity": "critical"},
                        ],
                        opportunities=[
                            {"id": "cdn", "text": "CDN", "fixes": ["slow"], "status": "done"},
                            {"id": "idea", "text": "Think", "owner": "Ana"},
                            {
                                "id": "redo",
                                "text": "Redesign",
                                "fixes": ["slow", "ugly"],
                                "status": "in-progress",
                                "owner": "Design",
                            },
                        ],
                    )
                ],
            )
        ],
    )
    project = make_site(tmp_path, {"backlog": source})
    project.build(strict=True)
    page = tree(project.html("backlog"))
    columns = page.one("div", "journeys-board").find("section")
    board = {
        c.attrs["data-status"]: [
            card.attrs["data-opportunity"] for card in c.find("li", "journeys-card")
        ]
        for c in columns
    }
    assert board == {"idea": ["idea"], "planned": [], "in-progress": ["redo"], "done": ["cdn"]}
    redo = page.one("li", "journeys-card", data_opportunity="redo")
    assert redo.one(cls="journeys-card__owner").text == "Owner: Design"
    assert [a.text for a in redo.one("ul", "journeys-card__fixes").find("a")] == ["Slow", "Ugly"]
    assert "no owner" in page.one("li", data_opportunity="cdn").text
    unfixed = next(t for t in page.find("table") if "Pain point" in t.text)
    assert [tr.find("td")[0].text for tr in unfixed.find("tr")[1:]] == ["Rude"]
    opportunities = project.html("opportunities")
    assert 'href="../opportunities/#opportunity-redo"' in project.html("backlog")
    assert 'id="opportunity-redo"' in opportunities


def test_a_long_list_of_unfixed_pains_is_cut_and_says_where_the_rest_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backlog, "UNFIXED_ROWS", 2)
    monkeypatch.setattr(backlog, "ROW_JOURNEYS", 1)
    pains = [
        {"id": "low", "text": "Low", "severity": "low"},
        {"id": "rude", "text": "Rude", "severity": "critical"},
        {"id": "slow", "text": "Slow", "severity": "high"},
    ]
    journeys = {
        name: journey(name.upper(), [("Only", [step("a", 2, pains=pains)])]) for name in ("a", "b")
    }
    project = make_site(tmp_path, journeys)
    project.build(strict=True)
    page = tree(project.html("backlog"))
    unfixed = next(t for t in page.find("table") if "Pain point" in t.text)
    rows = unfixed.find("tr")[1:]
    assert [tr.find("td")[0].text for tr in rows] == ["Rude", "Slow"]  # most severe first
    assert "The 2 most severe of 3." in flat(page.text)
    assert [(a.text, a.attrs["href"]) for a in rows[0].find("td")[2].find("a")] == [
        ("A", "../journeys/a/"),
        ("and 1 more", "../pain-points/rude/"),
    ]
    index = tree(project.html("pain-points"))
    assert "Low" in index.text  # the one left out here is on the index


# --- freshness and evidence -----------------------------------------------------------------


def freshness_corpus(root: Path, options: str = "      review_after_days: 30\n") -> Project:
    pains = [
        {"id": "known", "text": "Known", "evidence": ["survey"]},
        {"id": "hunch", "text": "Hunch", "severity": "high"},
    ]
    return make_site(
        root,
        {
            "fresh": journey("Fresh", [("S", [step("a", 3, pains=pains)])], reviewed="2026-06-15"),
            "stale": journey("Stale", [("S", [step("a", 3)])], reviewed="2026-05-01"),
            "edge": journey("Edge", [("S", [step("a", 3)])], reviewed="2026-05-31"),
            "never": journey("Never", [("S", [step("a", 3, pains=[{"id": "known"}])])]),
        },
        options=options,
    )


def test_freshness_page_lists_maps_past_review_after_days(tmp_path: Path) -> None:
    project = freshness_corpus(tmp_path)
    project.build(strict=True)
    page = tree(project.html("freshness"))
    tables = page.find("table")
    due = [[flat(td.text) for td in tr.find("td")] for tr in tables[0].find("tr")[1:]]
    assert due == [
        ["Never", "—", "never", "—", "—"],
        ["Stale", "—", "2026-05-01", "60", "2026-05-31"],
    ]
    in_time = [[flat(td.text) for td in tr.find("td")] for tr in tables[1].find("tr")[1:]]
    assert in_time == [
        ["Edge", "—", "2026-05-31", "30", "2026-06-30"],
        ["Fresh", "—", "2026-06-15", "15", "2026-07-15"],
    ]
    no_evidence = [[flat(td.text) for td in tr.find("td")] for tr in tables[2].find("tr")[1:]]
    assert [row[:3] for row in no_evidence] == [["Hunch", "high", "Fresh"]]
    assert "Checked against 2026-06-30: 2 of 4 maps are due" in flat(page.text)


def test_each_journey_page_shows_its_own_freshness(tmp_path: Path) -> None:
    project = freshness_corpus(tmp_path)
    project.build(strict=True)

    def note(address: str) -> Element:
        return tree(project.html(address)).one("div", "journeys-freshness")

    fresh = note("journeys/fresh")
    assert fresh.one("p", "admonition-title").text == "Up to date"
    assert (
        "Reviewed on 2026-06-15, 15 days ago; the next review is due by 2026-07-15." in fresh.text
    )
    assert (
        flat(fresh.find("p")[2].text) == "1 of 2 pain points on this map names no evidence: Hunch."
    )
    assert fresh.find("a")[0].attrs["href"] == "../../pain-points/hunch/"
    stale = note("journeys/stale")
    assert "admonition warning" in stale.attrs["class"]
    assert stale.one("p", "admonition-title").text == "Due for review"
    assert "60 days ago" in stale.text and "due since 2026-05-31" in stale.text
    assert note("journeys/never").one("p", "admonition-title").text == "Never reviewed"
    assert "Every pain point on this map names its evidence." in note("journeys/never").text


def test_review_after_days_defaults_to_a_year(tmp_path: Path) -> None:
    project = freshness_corpus(tmp_path, options="")
    project.build(strict=True)
    text = flat(tree(project.html("freshness")).text)
    assert "due for review 365 days after" in text
    assert "1 of 4 maps is due" in text  # only the map without a date


@pytest.mark.parametrize("value", ["0", "-5", "true", "'30'", "1.5"])
def test_review_after_days_must_be_a_whole_number_of_days(tmp_path: Path, value: str) -> None:
    project = freshness_corpus(tmp_path, options=f"      review_after_days: {value}\n")
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "review_after_days" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_journeys_today_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = freshness_corpus(tmp_path)
    monkeypatch.setenv("JOURNEYS_TODAY", "next tuesday")
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "JOURNEYS_TODAY='next tuesday' is not a date (write it as YYYY-MM-DD)" in result.stderr
    assert "Traceback" not in result.stderr


# --- the site as a whole --------------------------------------------------------------------


def view_links(page: Element) -> list[str]:
    blocks = [e for e in page.iter() if any(c.startswith("journeys-") for c in e.classes)]
    return [a.attrs["href"] for block in blocks for a in block.find("a") if "href" in a.attrs]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_in_the_views_leads_to_a_page(
    example_site: Project, directory_urls: bool
) -> None:
    config = example_site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"use_directory_urls: {str(directory_urls).lower()}\n",
        encoding="utf-8",
    )
    site = example_site.build(strict=True)
    checked = 0
    for page_file in site.rglob("*.html"):
        page = tree(page_file.read_text(encoding="utf-8"))
        ids = {e.attrs["id"] for e in page.iter() if "id" in e.attrs}
        for href in view_links(page):
            path, _, fragment = href.partition("#")
            if not path:
                assert fragment in ids, (page_file, href)
                continue
            target = Path(posixpath.normpath(page_file.parent.joinpath(path).as_posix()))
            if href.split("#")[0].endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (page_file, href)
            if fragment:
                target_ids = {e.attrs.get("id") for e in tree(target.read_text("utf-8")).iter()}
                assert fragment in target_ids, (page_file, href)
            checked += 1
    assert checked > 200
    # The new pages are in the navigation's journeys section (navigation.prune leaves a
    # section out of the pages outside it), and the stylesheet is on every page.
    journeys = (site / addresses.url(addresses.JOURNEYS, directory_urls=False)).read_text("utf-8")
    for title in ("Portfolio", "Opportunity backlog", "Freshness and evidence"):
        assert title in journeys
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/stylesheets/journeys.css" in home
    assert (site / "assets/stylesheets/journeys.css").is_file()


def test_the_example_site_shows_every_view(example_site: Project) -> None:
    site = example_site.build(strict=True)
    future = tree((site / "journeys/click-and-collect-future/index.html").read_text("utf-8"))
    assert future.find(id="compared-with-the-current-state")
    assert future.find("div", "journeys-swimlane") and future.find(
        "figure", "journeys-curve__figure"
    )
    first_order = (site / "journeys/first-order/index.html").read_text("utf-8")
    assert "flowchart TD" in first_order
    desk = tree((site / "touchpoints/collection-desk/index.html").read_text("utf-8"))
    assert desk.one("tr", data_metric="csat").one("svg", "journeys-spark")
    for address in ("portfolio", "backlog", "freshness"):
        assert (site / address / "index.html").is_file()


def test_generated_pages_are_the_same_every_time(project: Project) -> None:
    options = ViewOptions(today=dt.date(2026, 6, 30))
    first = generate_pages(load_catalog(project.journeys), options)
    second = generate_pages(load_catalog(project.journeys), options)
    assert first == second


# --- hostile text ---------------------------------------------------------------------------

TEXTS = [s for s in NASTY_STRINGS if s.strip()]


def hostile_corpus(root: Path) -> Project:
    """Every text field of every kind of item holds a hostile string."""
    steps = []
    for i, value in enumerate(TEXTS):
        steps.append(
            {
                "action": value,
                "id": f"s{i}",
                "touchpoint": f"t{i}",
                "channel": value,
                "emotion": 1 + i % 5,
                "expected": 5,
                "thought": value,
                "questions": [value],
                "actors": [value],
                "backstage": value,
                "pains": [{"id": f"p{i}", "text": value}],
                "opportunities": [
                    {"id": f"o{i}", "text": value, "owner": value, "fixes": [f"p{i}"]}
                ],
                "metrics": {value: i},
            }
        )
    steps[0]["next"] = ["s2", "s1"]
    stages = [
        {"name": value, "id": f"g{i}", "steps": steps[i * 10 : i * 10 + 10]}
        for i, value in enumerate(TEXTS[: (len(steps) + 9) // 10])
    ]
    current = {"title": TEXTS[0], "persona": "pat", "owner": TEXTS[1], "stages": stages}
    future = {
        "title": TEXTS[2],
        "persona": "pat",
        "state": "future",
        "current": "current",
        "reviewed": "2020-01-01",
        "stages": [
            {
                "name": TEXTS[3],
                "id": "g0",
                "steps": [{"id": "s0", "action": TEXTS[4], "emotion": 3}],
            }
        ],
    }
    touchpoints = [
        {"id": f"t{i}", "name": value, "channel": value} for i, value in enumerate(TEXTS)
    ]
    data = [
        ["", "", f"t{i}", value, str(n), period, value]
        for i, value in enumerate(TEXTS)
        for n, period in enumerate((value + " A", value + " B"))
    ]
    return make_site(
        root,
        {"current": current, "future": future},
        personas={"pat": {"name": TEXTS[5]}},
        touchpoints=touchpoints,
        data=data,
    )


def assert_inert(page: Element, where: str) -> None:
    """No markup from a source made it into the page as markup."""
    for element in page.iter():
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (where, element.tag, name)
            if name in {"href", "src", "xlink:href", "action", "formaction"}:
                assert not value.strip().lower().startswith("javascript:"), (where, name, value)
        assert (
            element.tag not in {"img", "iframe", "object"}
            or "src" not in element.attrs
            or ("onerror" not in element.attrs)
        )
        if element.tag == "script":
            assert "alert" not in element.text, where


def test_hostile_text_is_escaped_in_every_view(tmp_path: Path) -> None:
    project = hostile_corpus(tmp_path)
    site = project.build(strict=True)
    for page_file in sorted(site.rglob("*.html")):
        assert_inert(tree(page_file.read_text(encoding="utf-8")), str(page_file))
    shown = {flat(t) for t in TEXTS}
    page = tree(project.html("journeys/current"))
    lane = page.one("div", "journeys-swimlane")
    rows = {row.classes[-1]: row for row in lane.find("tr", "journeys-lane")}
    actions = [a.text for a in rows["journeys-lane--actions"].find("a", "journeys-lane__action")]
    assert actions == [flat(t) for t in TEXTS]
    assert [q.text for q in rows["journeys-lane--thoughts"].find("q")] == actions
    assert [td.text for td in rows["journeys-lane--backstage"].find("td")] == actions
    assert {th.text for th in lane.one("thead").find("th")[1:]} <= shown
    pains = [a.text for a in rows["journeys-lane--pains"].find("a")]
    assert pains == actions
    metrics = rows["journeys-lane--metrics"].find(cls="journeys-metric")
    assert {m.attrs["data-metric"] for m in metrics} == shown
    sparks = [s.one("title").text for s in rows["journeys-lane--metrics"].find("svg")]
    assert len(sparks) == len(TEXTS)
    chart = page.one("svg", "journeys-curve__svg--chart")
    assert chart.find("title")[0].text == "Emotion curve: " + flat(TEXTS[0])
    stage_names = chart.find("text", "journeys-curve__stage")
    assert {t.one("title").text for t in stage_names} <= shown  # each carries its full name
    assert {t.text for t in stage_names} == {t.one("title").text * 2 for t in stage_names}
    table = page.one("details", "journeys-curve__data")
    assert [tr.find("td")[2].text for tr in table.find("tr")[1:]] == actions
    # The flowchart reads back every label exactly.
    labels, edges = read_flowchart(flowchart_of(project.html("journeys/current")))
    assert list(labels.values()) == TEXTS
    assert (TEXTS[0], "-->", TEXTS[2]) in edges and (TEXTS[0], "-->", TEXTS[1]) in edges
    # Portfolio, backlog, freshness and touchpoint pages.
    heat = tree(project.html("portfolio")).find("span", "journeys-heat__stage")
    assert {s.text for s in heat} <= shown and heat
    cards = tree(project.html("backlog")).find("p", "journeys-card__title")
    assert sorted(c.text for c in cards) == sorted(actions)
    trends = tree(project.html("touchpoints/t0")).one("div", "journeys-trends")
    assert trends.one("th", scope="row").text == flat(TEXTS[0])
    future = project.html("journeys/future")
    assert "Due for review" in future
    assert tree(future).find(id="compared-with-the-current-state")
