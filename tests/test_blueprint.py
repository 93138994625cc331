"""Service-blueprint lanes and opportunity scores: read, checked, drawn, exported, compared and
queried, on sites built in tmp_path and through the command line."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess

import pytest

from sitekit import Project

BLUEPRINT = """\
---
title: Return a parcel
persona: busy-parent
stages:
  - name: Drop off
    steps:
      - action: Hands the parcel over at the desk
        id: hands-over
        touchpoints: [collection-desk, Returns label]
        emotion: 3
        physical_evidence: [Returns label, Receipt]
        frontstage: Clerk scans the label
        backstage: [Clerk puts the parcel on the returns shelf]
        support: Returns system books the parcel in
        opportunities:
          - id: self-service-drop
            text: A self-service drop box
            impact: 4
            effort: 2
          - id: courier-pickup
            text: A courier collects from home
            impact: 5
            effort: 5
  - name: Refund
    steps:
      - action: Waits for the refund
        id: waits
        touchpoint: Banking app
        emotion: 2
        support: Payment provider refund
        pains:
          - id: slow-refund
            text: The refund takes two weeks
            severity: critical
        opportunities:
          - id: instant-refund
            text: Refund at the desk
            fixes: [slow-refund]
            impact: 2
            effort: 1
          - id: refund-message
            text: Message when the refund leaves
            fixes: [slow-refund]
---
"""


@pytest.fixture
def blueprint_site(project: Project) -> Project:
    project.write("journeys/retail/return-a-parcel.md", BLUEPRINT)
    return project


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()


def _words(fragment: str) -> str:
    return " ".join(_text(fragment))


def _problems(project: Project) -> list[dict[str, object]]:
    result = project.journeys_cli("validate", "--format", "json")
    problems: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    return problems


# Reading and checking -------------------------------------------------------------------------


def test_blueprint_keys_validate_clean(blueprint_site: Project) -> None:
    result = blueprint_site.journeys_cli("validate", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("edit", "line", "field", "message"),
    [
        (
            (
                "touchpoints: [collection-desk, Returns label]",
                "touchpoint: collection-desk\n"
                "        touchpoints: [collection-desk, Returns label]",
            ),
            10,
            "stages[0].steps[0].touchpoints",
            "is given beside 'touchpoint' (line 9): keep one, 'touchpoints: [a, b]' for several",
        ),
        (
            ("impact: 4", "impact: 7"),
            18,
            "stages[0].steps[0].opportunities[0].impact",
            "7 is not allowed (a whole number from 1 to 5)",
        ),
        (
            ("frontstage: Clerk scans the label", "frontstage: {who: clerk}"),
            12,
            "stages[0].steps[0].frontstage",
            "must be a list of texts, not a mapping",
        ),
    ],
)
def test_a_wrong_blueprint_key_is_a_located_error(
    project: Project, edit: tuple[str, str], line: int, field: str, message: str
) -> None:
    project.write("journeys/retail/return-a-parcel.md", BLUEPRINT.replace(*edit))
    problems = _problems(project)
    found = [p for p in problems if p["field"] == field]
    assert found, problems
    assert found[0]["line"] == line
    assert found[0]["message"] == message
    assert project.journeys_cli("validate").returncode == 1


def test_a_conflicting_score_names_both_places(blueprint_site: Project) -> None:
    blueprint_site.write(
        "journeys/other.md",
        """\
        ---
        title: Another map
        persona: busy-parent
        stages:
          - name: Only
            steps:
              - action: Does something
                emotion: 3
                opportunities:
                  - id: self-service-drop
                    effort: 4
        ---
        """,
    )
    problems = _problems(blueprint_site)
    conflicts = [p for p in problems if "two efforts" in str(p["message"])]
    assert len(conflicts) == 1, problems
    message = str(conflicts[0]["message"])
    # Maps are read in path order: the other map's value comes first.
    assert "'4' at journeys/other.md:10 and '2' here" in message
    assert conflicts[0]["path"] == "journeys/retail/return-a-parcel.md"
    assert conflicts[0]["line"] == 16


# The pages ----------------------------------------------------------------------------------


def test_the_blueprint_shows_each_lane_and_line_in_order(blueprint_site: Project) -> None:
    blueprint_site.build(strict=True)
    page = blueprint_site.html("journeys/return-a-parcel")
    start = page.index('<div class="journeys-blueprint')
    view = page[start : page.index("</table>", start)]
    rows = re.findall(r"<tr class=\"journeys-blueprint__(lane|line)[^\"]*\">(.*?)</tr>", view, re.S)
    headers = [_words(re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1)) for _, row in rows]
    assert [h.split(" — ")[0] for h in headers] == [
        "Physical evidence",
        "Customer actions",
        "Line of interaction",
        "Frontstage",
        "Line of visibility",
        "Backstage",
        "Line of internal interaction",
        "Support processes",
    ]
    cells = {
        _words(re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1)): [
            _words(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for kind, row in rows
        if kind == "lane"
    }
    assert cells["Physical evidence"] == ["Returns label Receipt", ""]
    assert cells["Customer actions"] == [
        "Hands the parcel over at the desk",
        "Waits for the refund",
    ]
    assert cells["Frontstage"] == ["Clerk scans the label", ""]
    assert cells["Backstage"] == ["Clerk puts the parcel on the returns shelf", ""]
    assert cells["Support processes"] == [
        "Returns system books the parcel in",
        "Payment provider refund",
    ]
    # Aligned with the stages, like the swimlane map.
    assert re.findall(r'<th scope="colgroup" colspan="(\d)">([^<]*)</th>', view) == [
        ("1", "Drop off"),
        ("1", "Refund"),
    ]


def test_a_map_without_lanes_has_no_blueprint(blueprint_site: Project) -> None:
    # Only backstage, the lane maps had before blueprints: the page stays as it was.
    path = blueprint_site.journeys / "retail/click-and-collect.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("emotion: 4\n", "emotion: 4\n        backstage: Ad run\n"))
    blueprint_site.build(strict=True)
    assert "Ad run" in blueprint_site.html("journeys/click-and-collect")
    assert "journeys-blueprint" not in blueprint_site.html("journeys/click-and-collect")
    assert "Service blueprint" not in blueprint_site.html("journeys/click-and-collect")


def test_touchpoint_pages_list_every_step_that_names_them(blueprint_site: Project) -> None:
    blueprint_site.build(strict=True)
    desk = blueprint_site.html("touchpoints/collection-desk")
    assert "Hands the parcel over at the desk" in desk
    assert "Queues at the desk" in desk  # named by `touchpoint`, as before
    label = blueprint_site.html("touchpoints/returns-label")
    assert "Hands the parcel over at the desk" in label
    journey = blueprint_site.html("journeys/return-a-parcel")
    assert "touchpoints/returns-label/" in journey and "touchpoints/collection-desk/" in journey


def test_the_matrix_puts_each_opportunity_in_its_quadrant(blueprint_site: Project) -> None:
    blueprint_site.build(strict=True)
    for address in ("opportunities", "backlog"):
        page = blueprint_site.html(address)
        section = page[page.index('id="impact-and-effort"') : page.index('id="what-to-do-next"')]
        quadrants = {
            title: _words(rest)
            for title, rest in re.findall(
                r"<strong>(Quick wins|Big bets|Fill-ins|Time sinks)</strong>(.*?)</td>",
                section,
                re.S,
            )
        }
        assert "A self-service drop box (4 × 2)" in quadrants["Quick wins"]
        assert "A courier collects from home (5 × 5)" in quadrants["Big bets"]
        assert "Refund at the desk (2 × 1)" in quadrants["Fill-ins"]
        assert "none yet" in quadrants["Time sinks"]
        assert "Collection lockers" in _words(section.split("Not scored yet")[1])
        assert "Message when the refund leaves" in _words(section.split("Not scored yet")[1])
        target = "./" if address == "opportunities" else "../opportunities/"
        assert f'href="{target}#opportunity-self-service-drop"' in section


def test_what_to_do_next_ranks_quick_wins_then_big_bets(blueprint_site: Project) -> None:
    blueprint_site.build(strict=True)
    page = blueprint_site.html("backlog")
    section = page[page.index('id="what-to-do-next"') :]
    table = section[: section.index("</table>")]
    rows = [
        _words(re.findall(r"<td>(.*?)</td>", row, re.S)[1])
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    assert rows == [
        "A self-service drop box",
        "A courier collects from home",
        "Refund at the desk",
    ]
    assert "critical, 1 step" in _words(table)
    portfolio = blueprint_site.html("portfolio")
    assert "backlog/#what-to-do-next" in portfolio


# Export, schema, diff, query ------------------------------------------------------------------


def test_the_export_carries_every_new_key(blueprint_site: Project) -> None:
    data = json.loads(blueprint_site.journeys_cli("export", "--format", "json").stdout)
    step = next(s for s in data["steps"] if s["id"] == "hands-over")
    assert step["touchpoints"] == ["collection-desk", "returns-label"]
    assert step["touchpoint"] == "collection-desk"
    assert step["frontstage"] == ["Clerk scans the label"]
    assert step["backstage"] == ["Clerk puts the parcel on the returns shelf"]
    assert step["support"] == ["Returns system books the parcel in"]
    assert step["physical_evidence"] == ["Returns label", "Receipt"]
    opportunity = next(o for o in data["opportunities"] if o["id"] == "self-service-drop")
    assert (opportunity["impact"], opportunity["effort"]) == (4, 2)
    sheet = blueprint_site.journeys_cli("export", "--format", "csv").stdout
    header = next(csv.reader(io.StringIO(sheet)))
    for column in ("touchpoints", "frontstage", "backstage", "support", "physical_evidence"):
        assert column in header
    sheet = blueprint_site.journeys_cli("export", "--format", "csv", "--table", "opportunities")
    rows = list(csv.DictReader(io.StringIO(sheet.stdout)))
    scored = next(row for row in rows if row["opportunity"] == "self-service-drop")
    assert (scored["impact"], scored["effort"]) == ("4", "2")
    assert scored["steps"] == "return-a-parcel/hands-over"
    unscored = next(row for row in rows if row["opportunity"] == "refund-message")
    assert (unscored["impact"], unscored["effort"], unscored["fixes"]) == ("", "", "slow-refund")


def test_the_schema_knows_every_new_key(blueprint_site: Project) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(blueprint_site.journeys_cli("schema", "journey").stdout)
    front = {
        "title": "T",
        "persona": "p",
        "stages": [
            {
                "name": "S",
                "steps": [
                    {
                        "action": "A",
                        "emotion": 3,
                        "touchpoints": ["a", "b"],
                        "frontstage": "x",
                        "backstage": ["y"],
                        "support": "z",
                        "physical_evidence": ["e"],
                        "opportunities": [{"id": "o", "text": "O", "impact": 5, "effort": 1}],
                    }
                ],
            }
        ],
    }
    jsonschema.validate(front, schema)
    bad = json.loads(json.dumps(front))
    bad["stages"][0]["steps"][0]["opportunities"][0]["impact"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    bad = json.loads(json.dumps(front))
    bad["stages"][0]["steps"][0]["support"] = {"a": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_the_diff_names_a_lane_and_a_score_change(blueprint_site: Project) -> None:
    root = blueprint_site.root

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    path = root / "journeys/retail/return-a-parcel.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("frontstage: Clerk scans the label", "frontstage: Clerk weighs the parcel")
    text = text.replace("effort: 2", "effort: 3")
    path.write_text(text, encoding="utf-8")
    result = blueprint_site.journeys_cli("diff", "HEAD", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "frontstage" in report and "Clerk weighs the parcel" in report
    assert "effort" in report
    markdown = blueprint_site.journeys_cli("diff", "HEAD").stdout
    assert "frontstage" in markdown and "effort" in markdown


@pytest.mark.parametrize(
    ("kind", "lines", "expected"),
    [
        ("opportunities", ["impact: >= 4"], {"self-service-drop", "courier-pickup"}),
        ("opportunities", ["effort: 1..2", "impact: yes"], {"self-service-drop", "instant-refund"}),
        ("opportunities", ["impact: no"], {"lockers", "refund-message"}),
        ("steps", ["frontstage: yes"], {"return-a-parcel/hands-over"}),
        ("steps", ["support: payment provider refund"], {"return-a-parcel/waits"}),
        ("steps", ["touchpoint: returns-label"], {"return-a-parcel/hands-over"}),
    ],
)
def test_query_blocks_filter_on_the_new_keys(
    blueprint_site: Project, kind: str, lines: list[str], expected: set[str]
) -> None:
    result = blueprint_site.journeys_cli("query", kind, *lines)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    ids = {f"{e['journey']}/{e['id']}" if "stage" in e else e["id"] for e in entries}
    assert ids == expected


def test_query_columns_show_lanes_and_scores(blueprint_site: Project) -> None:
    blueprint_site.write(
        "docs/ops.md",
        """\
        # Ops

        ```steps
        journey: return-a-parcel
        columns: action, frontstage, support
        ```

        ```opportunities
        impact: yes
        columns: text, impact, effort
        ```
        """,
    )
    blueprint_site.build(strict=True)
    page = _words(blueprint_site.html("ops"))
    assert "Frontstage Support processes" in page
    assert "Clerk scans the label Returns system books the parcel in" in page
    assert "Impact Effort" in page
    assert "A self-service drop box 4 2" in page


def test_the_example_site_has_a_blueprint_and_scores(example_site: Project) -> None:
    example_site.build(strict=True)
    page = example_site.html("journeys/returns-refund")
    assert "Line of visibility" in page and "Clerk phones the returns team" in page
    backlog = _words(example_site.html("backlog"))
    assert "What to do next" in backlog
    assert "Quick wins" in backlog
