"""Query blocks in hand-written pages: every block and filter, read back from the built HTML.

The rows a block should show are worked out here from the JSON export, independently of the
query code, and compared with the rows of the table in the page.
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitekit import MERMAID_JS, REPO, Project, require_mermaid_js

Entry = dict[str, Any]


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    lines: str
    expected: Callable[[Export], list[str]]  # the ids of the rows, in order
    ordered: bool = False


class Export:
    """The example site's JSON export, with the lookups an oracle needs."""

    def __init__(self, data: Entry) -> None:
        self.data = data
        self.journeys = {j["id"]: j for j in data["journeys"]}
        self.steps = {(s["journey"], s["id"]): s for s in data["steps"]}
        self.pains = {p["id"]: p for p in data["pain_points"]}

    def places(self, entry: Entry) -> Iterator[tuple[Entry, Entry]]:
        """(journey, step) for each step where a pain point or opportunity occurs."""
        for o in entry["occurrences"]:
            yield self.journeys[o["journey"]], self.steps[(o["journey"], o["step"])]

    def pain_ids(self, keep: Callable[[Entry], bool]) -> list[str]:
        return [p["id"] for p in self.data["pain_points"] if keep(p)]

    def opportunity_ids(self, keep: Callable[[Entry], bool]) -> list[str]:
        return [o["id"] for o in self.data["opportunities"] if keep(o)]

    def step_keys(self, keep: Callable[[Entry, Entry], bool]) -> list[str]:
        return [
            f"{s['journey']}/{s['id']}"
            for s in self.data["steps"]
            if keep(self.journeys[s["journey"]], s)
        ]

    def statuses_fixing(self, pain_id: str) -> list[str]:
        return [o["status"] for o in self.data["opportunities"] if pain_id in o["fixes"]]


SEVERITY = ["low", "medium", "high", "critical"]
STATUS = ["idea", "planned", "in-progress", "done"]


def worst_first(export: Export, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda i: -SEVERITY.index(export.pains[i]["severity"]))


CASES = [
    Case(
        "pains-of-a-persona",
        "pain-points",
        "persona: busy-parent\nseverity: >= high",
        lambda e: worst_first(
            e,
            e.pain_ids(
                lambda p: (
                    p["severity"] in ("high", "critical")
                    and any("busy-parent" in j["personas"] for j, _ in e.places(p))
                )
            ),
        ),
        ordered=True,
    ),
    Case(
        "pains-without-evidence",
        "pain-points",
        "evidence: no",
        lambda e: e.pain_ids(lambda p: not p["evidence"]),
    ),
    Case(
        "pains-with-a-source",
        "pain-points",
        "evidence: store-survey-2026-08",
        lambda e: e.pain_ids(lambda p: "store-survey-2026-08" in p["evidence"]),
    ),
    Case(
        "retail-pains-nothing-fixes",
        "pain-points",
        "tag: retail\nfixed_by: no",
        lambda e: e.pain_ids(
            lambda p: not p["fixed_by"] and any("retail" in j["tags"] for j, _ in e.places(p))
        ),
    ),
    Case(
        "pains-fixed-by",
        "pain-points",
        "fixed_by: express-lane, optional-phone",
        lambda e: e.pain_ids(lambda p: {"express-lane", "optional-phone"} & set(p["fixed_by"])),
    ),
    Case(
        "pains-with-a-done-fix",
        "pain-points",
        "status: done",
        lambda e: e.pain_ids(lambda p: "done" in e.statuses_fixing(p["id"])),
    ),
    Case(
        "pains-of-one-stage",
        "pain-points",
        "journey: click-and-collect\nstage: collection",
        lambda e: e.pain_ids(
            lambda p: any(
                o["journey"] == "click-and-collect" and o["stage"] == "collection"
                for o in p["occurrences"]
            )
        ),
    ),
    Case(
        "pains-at-a-touchpoint-or-channel",
        "pain-points",
        "touchpoint: collection-desk\nchannel: store",
        lambda e: e.pain_ids(
            lambda p: any(
                s["touchpoint"] == "collection-desk" and s["channel"] == "store"
                for _, s in e.places(p)
            )
        ),
    ),
    Case(
        "pains-at-the-lowest-emotion",
        "pain-points",
        "emotion: 1\nstate: current",
        lambda e: e.pain_ids(
            lambda p: any(s["emotion"] == 1 and j["state"] == "current" for j, s in e.places(p))
        ),
    ),
    Case(
        "pains-by-map-owner-any-case",
        "pain-points",
        "owner: customer SERVICE\nseverity: != medium",
        lambda e: e.pain_ids(
            lambda p: (
                p["severity"] != "medium"
                and any(j["owner"] == "Customer service" for j, _ in e.places(p))
            )
        ),
    ),
    Case(
        "pains-by-id-and-step",
        "pain-points",
        "id: long-queue, chat-timeout, repeat-details\nstep: collect-order, waits-for-agent",
        lambda e: e.pain_ids(
            lambda p: (
                p["id"] in ("long-queue", "chat-timeout", "repeat-details")
                and any(o["step"] in ("collect-order", "waits-for-agent") for o in p["occurrences"])
            )
        ),
    ),
    Case(
        "opportunities-an-owner-has",
        "opportunities",
        "owner: Store operations",
        lambda e: e.opportunity_ids(lambda o: o["owner"] == "Store operations"),
    ),
    Case(
        "opportunities-not-done",
        "opportunities",
        "status: not done\nsort: status desc, id",
        lambda e: [
            o["id"]
            for o in sorted(
                (o for o in e.data["opportunities"] if o["status"] != "done"),
                key=lambda o: (-STATUS.index(o["status"]), o["id"]),
            )
        ],
        ordered=True,
    ),
    Case(
        "opportunities-in-a-status-range",
        "opportunities",
        "status: idea..planned",
        lambda e: e.opportunity_ids(lambda o: o["status"] in ("idea", "planned")),
    ),
    Case(
        "opportunities-quick-wins",
        "opportunities",
        "impact: >= 3\neffort: <= 2",
        lambda e: e.opportunity_ids(
            lambda o: o["impact"] is not None and o["impact"] >= 3 and o["effort"] <= 2
        ),
    ),
    Case(
        "opportunities-not-scored",
        "opportunities",
        "effort: no",
        lambda e: e.opportunity_ids(lambda o: o["effort"] is None),
    ),
    Case(
        "opportunities-for-critical-pains",
        "opportunities",
        "severity: > high",
        lambda e: e.opportunity_ids(
            lambda o: any(e.pains[p]["severity"] == "critical" for p in o["fixes"])
        ),
    ),
    Case(
        "opportunities-fixing-a-pain",
        "opportunities",
        "fixes: long-queue",
        lambda e: e.opportunity_ids(lambda o: "long-queue" in o["fixes"]),
    ),
    Case(
        "opportunities-with-evidence-for-a-persona",
        "opportunities",
        "evidence: yes\npersona: subscriber",
        lambda e: e.opportunity_ids(
            lambda o: (
                any(e.pains[p]["evidence"] for p in o["fixes"])
                and any("subscriber" in j["personas"] for j, _ in e.places(o))
            )
        ),
    ),
    Case(
        "opportunities-by-id-tag-and-emotion",
        "opportunities",
        "id: express-lane, chat-handover, card-expiry-reminder\ntag: support, retail\n"
        "emotion: <= 2",
        lambda e: e.opportunity_ids(
            lambda o: (
                o["id"] in ("express-lane", "chat-handover", "card-expiry-reminder")
                and any(
                    {"support", "retail"} & set(j["tags"]) and s["emotion"] <= 2
                    for j, s in e.places(o)
                )
            )
        ),
    ),
    Case(
        "opportunities-of-a-place",
        "opportunities",
        "journey: click-and-collect, click-and-collect-future\nstage: collection, waiting\n"
        "state: current",
        lambda e: e.opportunity_ids(
            lambda o: any(
                x["journey"] == "click-and-collect" and x["stage"] in ("collection", "waiting")
                for x in o["occurrences"]
            )
        ),
    ),
    Case(
        "opportunities-at-a-touchpoint-step-or-channel",
        "opportunities",
        "touchpoint: collection-desk, live-chat\nchannel: store, chat\nstep: != explains-again",
        lambda e: e.opportunity_ids(
            lambda o: any(
                s["touchpoint"] in ("collection-desk", "live-chat")
                and s["channel"] in ("store", "chat")
                and s["id"] != "explains-again"
                for _, s in e.places(o)
            )
        ),
    ),
    Case(
        "pains-written-with-yaml-habits",
        "pain-points",
        "personas: [busy-parent, subscriber]\nseverity: '>= high'\nsort: -text",
        lambda e: [
            p["id"]
            for p in sorted(
                (
                    p
                    for p in e.data["pain_points"]
                    if p["severity"] in ("high", "critical")
                    and any(
                        {"busy-parent", "subscriber"} & set(j["personas"]) for j, _ in e.places(p)
                    )
                ),
                key=lambda p: p["text"].casefold(),
                reverse=True,
            )
        ],
        ordered=True,
    ),
    Case(
        "steps-felt-bad-written-as-a-dash-range",
        "steps",
        "emotion: 1-2\ntags: retail",
        lambda e: e.step_keys(lambda j, s: 1 <= s["emotion"] <= 2 and "retail" in j["tags"]),
    ),
    Case(
        "steps-with-staff-in-view",
        "steps",
        "frontstage: yes",
        lambda e: e.step_keys(lambda j, s: bool(s["frontstage"])),
    ),
    Case(
        "steps-a-backstage-text",
        "steps",
        "backstage: returns team batches approved refunds twice a week",
        lambda e: e.step_keys(
            lambda j, s: "Returns team batches approved refunds twice a week" in s["backstage"]
        ),
    ),
    Case(
        "steps-of-a-journey-without-systems",
        "steps",
        "journey: returns-refund\nsupport: no",
        lambda e: e.step_keys(lambda j, s: j["id"] == "returns-refund" and not s["support"]),
    ),
    Case(
        "steps-with-physical-evidence",
        "steps",
        "physical_evidence: yes",
        lambda e: e.step_keys(lambda j, s: bool(s["physical_evidence"])),
    ),
    Case(
        "steps-felt-bad",
        "steps",
        "emotion: 1..2",
        lambda e: e.step_keys(lambda j, s: 1 <= s["emotion"] <= 2),
    ),
    Case(
        "steps-far-from-the-promise",
        "steps",
        "gap: >= 2\nsort: gap desc, journey",
        lambda e: [
            f"{s['journey']}/{s['id']}"
            for s in sorted(
                (s for s in e.data["steps"] if s["gap"] is not None and s["gap"] >= 2),
                key=lambda s: (-s["gap"], s["journey"]),
            )
        ],
        ordered=True,
    ),
    Case(
        "steps-expected-high",
        "steps",
        "expected: 5\ncolumns: action, step, journey",
        lambda e: e.step_keys(lambda j, s: s["expected"] == 5),
    ),
    Case(
        "steps-without-pains",
        "steps",
        "pain: no\nopportunity: no\nstate: current",
        lambda e: e.step_keys(
            lambda j, s: not s["pains"] and not s["opportunities"] and j["state"] == "current"
        ),
    ),
    Case(
        "steps-with-a-pain",
        "steps",
        "pain: long-queue, chatbot-loop",
        lambda e: e.step_keys(lambda j, s: {"long-queue", "chatbot-loop"} & set(s["pains"])),
    ),
    Case(
        "steps-with-work-in-progress",
        "steps",
        "status: in-progress\nopportunity: yes",
        lambda e: e.step_keys(
            lambda j, s: any(
                o["status"] == "in-progress"
                for o in e.data["opportunities"]
                if o["id"] in s["opportunities"]
            )
        ),
    ),
    Case(
        "steps-with-critical-evidence",
        "steps",
        "severity: critical\nevidence: tickets-2026-q3",
        lambda e: e.step_keys(
            lambda j, s: any(
                e.pains[p]["severity"] == "critical" and "tickets-2026-q3" in e.pains[p]["evidence"]
                for p in s["pains"]
            )
        ),
    ),
    Case(
        "steps-on-a-channel-with-an-ampersand",
        "steps",
        "channel: phone & email",
        lambda e: e.step_keys(lambda j, s: s["channel"] == "phone & email"),
    ),
    Case(
        "steps-of-a-persona-in-a-stage",
        "steps",
        "persona: cafe-owner\nstage: invoicing\nowner: trade sales",
        lambda e: e.step_keys(
            lambda j, s: (
                "cafe-owner" in j["personas"]
                and s["stage"] == "invoicing"
                and j["owner"] == "Trade sales"
            )
        ),
    ),
    Case(
        "steps-without-touchpoint-or-with-one",
        "steps",
        "touchpoint: no",
        lambda e: e.step_keys(lambda j, s: not s["touchpoint"]),
    ),
    Case(
        "steps-by-id-and-journey",
        "steps",
        "journey: click-and-collect, returns-refund\nstep: != collect-order\ntag: yes",
        lambda e: e.step_keys(
            lambda j, s: (
                j["id"] in ("click-and-collect", "returns-refund") and s["id"] != "collect-order"
            )
        ),
    ),
]

PAGE_FRONT_MATTER = "---\ntitle: Queries\n---\n\n"


def _block(case: Case) -> str:
    if case.kind == "steps":
        columns = "columns: step, journey" if "columns:" not in case.lines else ""
    else:
        columns = "columns: id, severity" if case.kind == "pain-points" else "columns: id"
    return f"## {case.name}\n\n```{case.kind}\n{case.lines}\n{columns}\n```\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Export]:
    """The example site with one page holding every case, built once for this module."""
    require_mermaid_js()
    root = tmp_path_factory.mktemp("query-site")
    for name in ("docs", "journeys"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("node_modules/mermaid/dist/mermaid.min.js", str(MERMAID_JS)),
        encoding="utf-8",
    )
    site = Project(root)
    site.write("docs/research/queries.md", PAGE_FRONT_MATTER + "\n".join(map(_block, CASES)))
    site.build(strict=True)
    from journeys.catalog import load_catalog
    from journeys.export import export_json

    return site, Export(export_json(load_catalog(root / "journeys")))


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    return page[start : end if end > 0 else len(page)]


def cells(part: str) -> list[list[str]]:
    """The rows of the first table in ``part``, as cell HTML."""
    body = part[part.index("<tbody>") : part.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("</tr>")[:-1]]


def plain(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def row_ids(kind: str, part: str) -> list[str]:
    if "journeys-query-empty" in part and "<table" not in part:
        return []
    rows = cells(part)
    if kind != "steps":
        return [plain(row[0]) for row in rows]
    keys = []
    for row in rows:
        step = next(plain(c) for c in row if re.fullmatch(r"[a-z0-9-]+", plain(c)))
        journey = re.search(r'href="[./]*journeys/([^/"]+)/', "".join(row))
        assert journey, row
        keys.append(f"{journey[1]}/{step}")
    return keys


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_block_shows_the_rows_its_filter_asks_for(
    built: tuple[Project, Export], case: Case
) -> None:
    site, export = built
    page = site.html("research/queries")
    expected = case.expected(export)
    assert expected, f"{case.name}: the example maps should give this case some rows"
    shown = row_ids(case.kind, section(page, case.name))
    if case.ordered:
        assert shown == expected
    else:
        assert sorted(shown) == sorted(expected)


def test_every_field_of_every_kind_is_exercised() -> None:
    from journeys.query.registry import TABLE_KINDS

    for kind, of in TABLE_KINDS.items():
        fields = of.field_names
        used = {
            line.split(":")[0].strip()
            for case in CASES
            if case.kind == kind
            for line in case.lines.splitlines()
        }
        assert set(fields) <= used, f"{kind}: no case for {set(fields) - used}"


def test_the_rows_link_to_their_pages(built: tuple[Project, Export]) -> None:
    site, _ = built
    page = site.html("research/queries")
    pains = section(page, "pains-of-a-persona")
    assert 'href="../../pain-points/long-queue/"' not in pains  # columns: id only: no link
    steps = section(page, "steps-expected-high")
    assert re.search(r'href="\.\./\.\./journeys/[a-z-]+/#step-[a-z0-9-]+"', steps)
    for address in re.findall(r'href="(\.\./\.\./[^"#]+/)[#"]', page):
        target = (site.root / "site" / "research" / "queries" / address).resolve()
        assert (target / "index.html").is_file(), address


def test_the_default_columns_link_every_item(project: Project) -> None:
    project.write(
        "docs/notes.md",
        """\
        # Notes

        ```pain-points
        ```

        ```opportunities
        ```

        ```steps
        journey: click-and-collect
        ```
        """,
    )
    project.build(strict=True)
    page = project.html("notes")
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page)
    assert headers == [
        *("Pain point", "Severity", "Journeys", "Personas", "Fixed by"),
        *("Opportunity", "Status", "Owner", "Fixes", "Journeys"),
        *("Journey", "Stage", "Step", "Touchpoint", "Emotion", "Pain points"),
    ]
    assert 'href="../pain-points/out-of-stock/"' in page
    assert 'href="../opportunities/#opportunity-lockers"' in page
    assert 'href="../journeys/click-and-collect/#step-queues-at-the-desk"' in page
    assert 'href="../touchpoints/collection-desk/"' in page
    assert 'href="../personas/busy-parent/"' in page
    assert page.count("data-journeys-table") == 3  # sortable and filterable like the indexes


def test_sort_limit_and_columns(project: Project) -> None:
    project.write(
        "docs/notes.md",
        """\
        # Notes

        ```pain-points
        sort: text desc
        limit: 1
        columns: severity, text, occurrences
        ```
        """,
    )
    project.build(strict=True)
    page = project.html("notes")
    assert re.findall(r"<th[^>]*>(.*?)</th>", page) == ["Severity", "Pain point", "Steps"]
    assert [[plain(c) for c in row] for row in cells(page)] == [["medium", "Long queue", "1"]]
    assert "The first 1 of 2 pain points." in page


def test_a_filter_that_matches_nothing_says_so(project: Project) -> None:
    project.write(
        "docs/notes.md",
        """\
        # Notes

        ```pain-points
        severity: critical
        ```

        ```steps
        emotion: 5
        ```
        """,
    )
    project.build(strict=True)
    page = project.html("notes")
    assert "<table" not in page
    assert "No pain points match this query (severity: critical)." in html.unescape(page)
    assert "No steps match this query (emotion: 5)." in html.unescape(page)


MISTAKES = """\
---
title: A page with mistakes
tags: [x]
---

# Mistakes

```pain-points
sevrity: high
```

```pain-points
persona: busy-parnt
severity: >= hgh
```

```steps
emotion: 0..9
sort: emotion sideways
limit: none
```

```opportunities
owner: >= Marketing
columns: text, colour
just words
```

```journey-diagram
stage: awareness
view: sketch
```

```journey-diagram
journey: click-and-collect
stage: checkout
```
"""


def test_mistakes_are_located_warnings_that_fail_strict(project: Project) -> None:
    project.write("docs/mistakes.md", MISTAKES)
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 1
    log = result.stderr
    expected = [
        "docs/mistakes.md:9: pain-points.sevrity: unknown field (did you mean 'severity'?",
        "docs/mistakes.md:13: pain-points.persona: no persona 'busy-parnt' in the maps "
        "(did you mean 'busy-parent'?",
        "docs/mistakes.md:14: pain-points.severity: unknown severity 'hgh' (did you mean "
        "'high'?; severity, lowest first: low, medium, high, critical)",
        "docs/mistakes.md:18: steps.emotion: '0' is not a whole number from 1 to 5",
        "docs/mistakes.md:19: steps.sort: 'sideways' after emotion: write asc or desc",
        "docs/mistakes.md:20: steps.limit: 'none' is not a whole number of rows, 1 or more",
        "docs/mistakes.md:24: opportunities.owner: '>=' compares ordered values",
        "docs/mistakes.md:25: opportunities.columns: unknown column 'colour'",
        "docs/mistakes.md:26: opportunities: cannot read 'just words'",
        "docs/mistakes.md:29: journey-diagram: which journey?",
        "docs/mistakes.md:31: journey-diagram.view: unknown view 'sketch'",
        "docs/mistakes.md:36: journey-diagram.stage: no stage 'checkout' in the maps",
    ]
    for line in expected:
        assert line in log, f"{line!r} not in\n{log}"
    assert "Traceback" not in log
    # A plain build still gives the page, with what is wrong shown in place of each block.
    assert project.mkdocs("build").returncode == 0
    page = html.unescape(project.html("mistakes"))
    assert page.count("block is not shown: fix it in the page's source.") == 6
    assert "docs/mistakes.md:13: pain-points.persona: no persona 'busy-parnt'" in page


def test_diagram_blocks(project: Project) -> None:
    project.write(
        "docs/notes.md",
        """\
        # Notes

        ```journey-diagram
        journey: click-and-collect
        stage: collection
        ```

        ```journey-diagram
        journey: click-and-collect
        view: swimlane
        ```
        """,
    )
    project.build(strict=True)
    page = project.html("notes")
    diagrams = re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', page, re.S)
    assert len(diagrams) == 1
    source = html.unescape(diagrams[0])
    assert "section Collection" in source and "section Awareness" not in source
    assert "Queues at the desk: 2: Busy parent" in source
    assert "Sees an ad" not in source
    assert 'class="journeys-swimlane journeys-canvas' in page
    assert "Sees an ad" in page  # the swimlane has every stage
    # The swimlane's steps link to the journey's page, not to anchors of this page.
    assert 'href="../journeys/click-and-collect/#step-sees-an-ad"' in page
    assert 'href="#step-' not in page


def test_fences_of_other_names_and_longer_fences_stay_code(project: Project) -> None:
    project.write(
        "docs/notes.md",
        """\
        # Notes

        ````markdown
        ```pain-points
        severity: high
        ```
        ````

        ~~~python
        print("```steps")
        ~~~

        !!! note

            ```steps
            emotion: 2
            ```

        - In a list:

            ```opportunities
            status: planned
            columns: id
            ```
        """,
    )
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + "  - admonition\n")
    project.build(strict=True)
    page = project.html("notes")
    assert "```pain-points" in html.unescape(page)  # shown as code
    assert "print" in page
    tables = re.findall(r"<table>.*?</table>", page, re.S)
    assert len(tables) == 2  # the admonition's and the list's
    assert "Queues at the desk" in tables[0]
    assert "lockers" in tables[1]


def test_a_block_in_a_map_body_stays_code(project: Project) -> None:
    journey = (project.journeys / "retail" / "click-and-collect.md").read_text()
    project.write(
        "journeys/retail/click-and-collect.md",
        journey.replace("The story.", "The story.\n\n```steps\nemotion: 2\n```"),
    )
    project.build(strict=True)
    page = html.unescape(project.html("journeys/click-and-collect"))
    assert "emotion: 2" in page


def test_query_blocks_update_with_the_maps(project: Project) -> None:
    project.write("docs/notes.md", "# Notes\n\n```pain-points\nseverity: high\ncolumns: id\n```\n")
    project.build(strict=True)
    assert [plain(r[0]) for r in cells(project.html("notes"))] == ["out-of-stock"]
    journey = project.journeys / "retail" / "click-and-collect.md"
    journey.write_text(journey.read_text().replace("severity: high", "severity: low"))
    project.build(strict=True)
    assert "No pain points match" in project.html("notes")


def test_the_example_research_note_builds_every_block(built: tuple[Project, Export]) -> None:
    site, _ = built
    source = (REPO / "docs" / "examples" / "collection-desk-review.md").read_text()
    kinds = re.findall(r"^```([a-z-]+)$", source, re.M)
    assert set(kinds) == {"journey-diagram", "pain-points", "opportunities", "steps"}
    page = site.html("examples/collection-desk-review")
    assert "block is not shown" not in page
    assert page.count('<pre class="mermaid">') == 2
    assert 'class="journeys-swimlane journeys-canvas' in page
    assert "No pain points match this query" in page  # the check that should stay empty


def test_the_documented_examples_work_in_someone_elses_page(
    built: tuple[Project, Export], tmp_path: Path
) -> None:
    """Every block the guide shows as an example, pasted into a new page, builds cleanly."""
    guide = (REPO / "docs" / "guide" / "query-blocks.md").read_text()
    examples = re.findall(r"^````markdown\n(.*?)^````$", guide, re.M | re.S)
    assert len(examples) >= 2
    from journeys.catalog import load_catalog
    from journeys.query import PageSource, expand_query_blocks

    catalog = load_catalog(REPO / "journeys")
    for example in examples:
        markdown, problems = expand_query_blocks(example, PageSource("x.md", "x.md"), catalog)
        assert problems == []
        assert "```" not in markdown


def test_the_guide_names_every_field_column_and_sort_key() -> None:
    from journeys.query.registry import KINDS

    guide = (REPO / "docs" / "guide" / "query-blocks.md").read_text()
    names = {
        *(n for kind in KINDS.values() for n in kind.field_names),
        *(n for kind in KINDS.values() for n in kind.columns),
        *(n for kind in KINDS.values() for n in kind.sort_keys),
    }
    missing = sorted(n for n in names if f"`{n}`" not in guide)
    assert missing == []


def test_journeys_query_prints_the_exports_entries(example_site: Project) -> None:
    import json

    result = example_site.journeys_cli(
        "query", "pain-points", "persona: busy-parent", "severity: >= high"
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["order-not-found", "long-queue", "repeat-details"]
    exported = json.loads(example_site.journeys_cli("export", "--format", "json").stdout)
    entry = next(p for p in exported["pain_points"] if p["id"] == "long-queue")
    row = next(r for r in rows if r["id"] == "long-queue")
    assert {k: v for k, v in row.items() if k != "matched"} == entry
    assert {"journey": "click-and-collect", "stage": "collection", "step": "collect-order"} in (
        row["matched"]
    )
    steps = json.loads(example_site.journeys_cli("query", "steps", "emotion: 1", "limit: 2").stdout)
    assert len(steps) == 2 and all(s["emotion"] == 1 for s in steps)
    table = example_site.journeys_cli(
        "query", "opportunities", "owner: Finance", "columns: id, owner", "--format", "markdown"
    )
    assert "| invoice-on-dispatch | Finance |" in table.stdout


def test_journeys_query_markdown_is_fit_for_a_pull_request_comment(example_site: Project) -> None:
    """A plain table: no page markup, and no links that lead nowhere outside the site."""
    words = ("query", "pain-points", "severity: critical", "--format", "markdown")
    plain = example_site.journeys_cli(*words).stdout
    assert plain.startswith("| Pain point | Severity |")
    assert "<div" not in plain and "journeys-table-tools" not in plain
    assert "](" not in plain and ".md" not in plain
    assert "| critical |" in plain
    linked = example_site.journeys_cli(*words, "--site-url", "https://maps.example.org/").stdout
    assert "](https://maps.example.org/pain-points/order-not-found/)" in linked
    assert "](https://maps.example.org/opportunities/#opportunity-" in linked
    assert re.findall(r"\]\(([^)]*)\)", linked) and all(
        url.startswith("https://maps.example.org/") and ".md" not in url
        for url in re.findall(r"\]\(([^)]*)\)", linked)
    )


def test_journeys_query_points_at_the_line_with_a_mistake(example_site: Project) -> None:
    result = example_site.journeys_cli("query", "steps", "emotion: 2", "chanel: store")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "query:2: steps.chanel: unknown field (did you mean 'channel'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_guide_is_readable_as_a_plain_page() -> None:
    """Blocks shown as syntax use a longer fence, so no editor mistakes them for live ones."""
    guide = (REPO / "docs" / "guide" / "query-blocks.md").read_text()
    assert textwrap.dedent(guide).count("````markdown") >= 2


@pytest.fixture(scope="module")
def example_catalog() -> Any:
    from journeys.catalog import load_catalog

    return load_catalog(REPO / "journeys")


def test_a_stage_the_chosen_journeys_lack_is_located(example_catalog: Any) -> None:
    from journeys.query import PageSource, expand_query_blocks

    page = "# Note\n\n```journey-diagram\njourney: click-and-collect\nstage: invoicing\n```\n"
    markdown, problems = expand_query_blocks(
        page, PageSource("docs/note.md", "note.md", 3), example_catalog
    )
    assert [str(p) for p in problems] == [
        "docs/note.md:7: journey-diagram.stage: no stage 'invoicing' in the journeys of this "
        "block (their stages: awareness, purchase, waiting, collection)"
    ]
    assert "No steps match this query." in markdown


LINE = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda name, op, value: f"{name}: {op}{value}",
        st.sampled_from(
            [
                "persona",
                "severity",
                "emotion",
                "status",
                "evidence",
                "sort",
                "limit",
                "columns",
                "journey",
                "stage",
                "view",
                "gap",
                "channel",
                "owner",
                "tag",
                "fixed_by",
                "x",
            ]
        ),
        st.sampled_from(["", ">= ", "<", "!= ", "not ", "= "]),
        st.text(max_size=20),
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["pain-points", "opportunities", "steps", "journey-diagram"]),
    lines=st.lists(LINE, max_size=6),
)
def test_any_block_text_gives_a_page_or_located_problems(
    example_catalog: Any, kind: str, lines: list[str]
) -> None:
    from journeys.query import PageSource, expand_query_blocks

    body = "\n".join(line.replace("`", "'") for line in lines)
    page = f"# Note\n\n```{kind}\n{body}\n```\n"
    total = page.count("\n") + 1
    markdown, problems = expand_query_blocks(
        page, PageSource("docs/note.md", "note.md"), example_catalog
    )
    assert f"```{kind}" not in markdown
    for problem in problems:
        assert problem.path == "docs/note.md"
        assert 3 <= problem.line <= total
