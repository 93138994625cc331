"""`journeys import`: spreadsheets (CSV and xlsx, made here) to journey files, run as users do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.format import keys as format_keys
from nasty_strings import NASTY_STRINGS
from sitekit import REPO, journeys_cli

PERSONA = "---\nname: Busy parent\n---\nA parent.\n"
TOUCHPOINTS = "- id: instagram-ad\n  name: Instagram ad\n  channel: social\n"

# Every column, under the names and synonyms a team's own sheet might use: a stage cell left
# blank repeats the stage above, list cells split on `;` and on lines.
HEADER = [
    "Stage",
    "Step",
    "Step ID",
    "Touch point",
    "Channel",
    "Feeling",
    "Expected",
    "Thought",
    "Questions",
    "Actors",
    "Backstage",
    "Pain points",
    "Opportunities",
    "Metrics",
    "Next",
]
ROWS = [
    [
        "Awareness",
        "Sees an ad",
        "",
        "instagram-ad",
        "",
        "4",
        "4",
        "Those look sturdy.",
        "Are they in my size?; Do they last?",
        "Busy parent\nChild",
        "Ad targeting",
        "Ad shows shoes that are out of stock",
        "",
        "ctr=0.031",
        "",
    ],
    [
        "",
        "Compares prices",
        "compare",
        "Price site",
        "web",
        "3",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "Collection",
        "Queues at the desk",
        "queues-at-the-desk",  # the slug of the action: no id is written
        "Collection desk",
        "store",
        "2",
        "4",
        "Why is this so slow?\nI have ten minutes.",
        "",
        "",
        "",
        "Long queue; No seats",
        "Collection lockers",
        "wait_minutes=18\nstaff: 2",
        "sees-an-ad",
    ],
]

EXPECTED_STAGES = [
    {
        "name": "Awareness",
        "steps": [
            {
                "action": "Sees an ad",
                "touchpoint": "instagram-ad",
                "emotion": 4,
                "expected": 4,
                "thought": "Those look sturdy.",
                "questions": ["Are they in my size?", "Do they last?"],
                "actors": ["Busy parent", "Child"],
                "backstage": "Ad targeting",
                "pains": ["Ad shows shoes that are out of stock"],
                "metrics": {"ctr": 0.031},
            },
            {
                "action": "Compares prices",
                "id": "compare",
                "touchpoint": "Price site",
                "channel": "web",
                "emotion": 3,
            },
        ],
    },
    {
        "name": "Collection",
        "steps": [
            {
                "action": "Queues at the desk",
                "touchpoint": "Collection desk",
                "channel": "store",
                "emotion": 2,
                "expected": 4,
                "thought": "Why is this so slow?\nI have ten minutes.",
                "pains": ["Long queue", "No seats"],
                "opportunities": ["Collection lockers"],
                "metrics": {"wait_minutes": 18, "staff": 2},
                "next": ["sees-an-ad"],
            }
        ],
    },
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A journeys folder with a persona and a touchpoint registry, no journey yet."""
    (tmp_path / "journeys" / "personas").mkdir(parents=True)
    (tmp_path / "journeys" / "personas" / "busy-parent.md").write_text(PERSONA, encoding="utf-8")
    (tmp_path / "journeys" / "touchpoints.yml").write_text(TOUCHPOINTS, encoding="utf-8")
    return tmp_path


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """Rows as a spreadsheet program writes them: quotes where needed, CRLF line ends."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


def front_matter(path: Path) -> dict[str, Any]:
    """A written journey's front matter, read by PyYAML alone."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data: dict[str, Any] = yaml.safe_load(text.split("---\n", 2)[1])
    return data


def run_import(root: Path, *args: str) -> Any:
    return journeys_cli("import", *args, cwd=root)


def assert_valid(root: Path) -> None:
    result = journeys_cli("validate", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout + result.stderr


def write_xlsx(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


# A team's own sheet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-8"), (";", "cp1252"), ("\t", "utf-16")],
    ids=["comma", "semicolon-bom", "tab", "semicolon-cp1252", "tab-utf16"],
)
def test_a_csv_with_every_column_becomes_a_valid_journey(
    folder: Path, delimiter: str, encoding: str
) -> None:
    rows = [HEADER, *[list(row) for row in ROWS]]
    rows[3][8] = "Can I pay at the café?"  # a letter that cp1252 and UTF-8 write differently
    (folder / "map.csv").write_bytes(csv_text(rows, delimiter).encode(encoding))
    result = run_import(folder, "map.csv", "--title", "Click & collect", "--persona", "busy-parent")
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr
        == {
            ("utf-8", ","): "",
            ("utf-8-sig", ";"): "map.csv: read as utf-8-sig (with a BOM), columns separated by "
            "semicolons\n",
            ("utf-8", "\t"): "map.csv: read as utf-8, columns separated by tabs\n",
            ("cp1252", ";"): "map.csv: read as cp1252, columns separated by semicolons\n",
            ("utf-16", "\t"): "map.csv: read as utf-16 (with a BOM), columns separated by tabs\n",
        }[(encoding, delimiter)]
    )
    written = folder / "journeys" / "click-collect.md"
    assert result.stdout.strip() == (
        "wrote journeys/click-collect.md: 2 stages, 3 steps from map.csv"
    )
    data = front_matter(written)
    expected = json.loads(json.dumps(EXPECTED_STAGES))
    expected[1]["steps"][0]["questions"] = ["Can I pay at the café?"]
    assert data == {"title": "Click & collect", "persona": "busy-parent", "stages": expected}
    assert_valid(folder)


def test_the_written_file_is_readable_yaml_in_the_contracts_order(folder: Path) -> None:
    (folder / "map.csv").write_text(csv_text([HEADER, *ROWS]), encoding="utf-8")
    result = run_import(
        folder, "map.csv", "--title", "Shoes", "--persona", "busy-parent", "--folder", "retail"
    )
    assert result.returncode == 0, result.stderr
    text = (folder / "journeys" / "retail" / "shoes.md").read_text(encoding="utf-8")
    assert text.startswith(
        "---\n"
        "title: Shoes\n"
        "persona: busy-parent\n"
        "stages:\n"
        "  - name: Awareness\n"
        "    steps:\n"
        "      - action: Sees an ad\n"
        "        touchpoint: instagram-ad\n"
        "        emotion: 4\n"
        "        expected: 4\n"
        "        thought: Those look sturdy.\n"
        "        questions: ['Are they in my size?', 'Do they last?']\n"
        "        actors: [Busy parent, Child]\n"
        "        backstage: Ad targeting\n"
        "        pains:\n"
        "          - Ad shows shoes that are out of stock\n"
        "        metrics: {ctr: 0.031}\n"
        "      - action: Compares prices\n"
        "        id: compare\n"
    )
    assert "\n\n  - name: Collection\n" in text  # a blank line between stages
    assert (
        "        thought: |-\n          Why is this so slow?\n          I have ten minutes.\n"
        in text
    )
    assert "Imported from `map.csv`" in text.split("---\n", 2)[2]


def test_an_xlsx_workbook_with_numbers_multiline_cells_and_a_chosen_sheet(folder: Path) -> None:
    rows: list[list[Any]] = [HEADER, *[list(row) for row in ROWS]]
    for row in rows[1:]:  # scores and metrics as a spreadsheet keeps them: numbers
        row[5] = int(row[5])
        row[6] = float(row[6]) if row[6] else None
    rows[1][0] = "Awareness"
    book = folder / "book.xlsx"
    from openpyxl import Workbook

    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["Not the map"])
    sheet = workbook.create_sheet("Map")
    for row in rows:
        sheet.append(row)
    workbook.save(book)
    result = run_import(
        folder, "book.xlsx", "--sheet", "Map", "--title", "Shoes", "--persona", "busy-parent"
    )
    assert result.returncode == 0, result.stderr
    assert front_matter(folder / "journeys" / "shoes.md")["stages"] == EXPECTED_STAGES
    assert_valid(folder)
    missing = run_import(folder, "book.xlsx", "--sheet", "Nope", "--title", "X", "--persona", "p")
    assert missing.returncode == 1
    assert "book.xlsx: has no sheet 'Nope' (its sheets: 'Notes', 'Map')" in missing.stderr


def test_headers_match_without_case_spaces_or_underscores(folder: Path) -> None:
    rows = [
        ["STAGE", "action", "touch_point", "EMOTION", "physical evidence", "Notes"],
        ["Start", "Opens the app", "mobile app", "3", "Receipt", "ignore me"],
    ]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parent")
    assert result.returncode == 0, result.stderr
    step = front_matter(folder / "journeys" / "app.md")["stages"][0]["steps"][0]
    assert step["touchpoint"] == "mobile app"
    assert "map.csv:1: column 'Notes': not a step key" in result.stderr
    assert "[warning]" in result.stderr


def test_the_guard_against_formulas_is_taken_off(folder: Path) -> None:
    """A spreadsheet reads only the start of a cell as a formula: that is where the guard is."""
    rows = [
        ["stage", "action", "emotion", "thought", "questions"],
        ["A", "'=HYPERLINK(x)", "3", "'-not a minus", "'+1 or not?\n@team, anyone?"],
        ["", "'Quoted' on purpose", "3", "it's fine", ""],
    ]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parent")
    assert result.returncode == 0, result.stderr
    steps = front_matter(folder / "journeys" / "app.md")["stages"][0]["steps"]
    assert steps[0]["action"] == "=HYPERLINK(x)"
    assert steps[0]["thought"] == "-not a minus"
    assert steps[0]["questions"] == ["+1 or not?", "@team, anyone?"]
    assert steps[1]["action"] == "'Quoted' on purpose"
    assert_valid(folder)


# Bad rows ------------------------------------------------------------------------------------

BAD_ROWS = [
    ["stage", "action", "emotion", "expected", "metrics"],
    ["Start", "Opens the app", "six", "", ""],  # line 2
    ["", "Logs in", "4", "9", ""],  # line 3
    ["", "", "3", "", ""],  # line 4: no action
    ["", "Pays", "5", "", "conversion"],  # line 5
    ["", "Leaves", "2", "", "wait=soon"],  # line 6
    ["", "Comes back", "4", "", ""],  # line 7
]


def test_bad_rows_are_each_reported_at_their_cell_and_nothing_is_written(folder: Path) -> None:
    (folder / "map.csv").write_text(csv_text(BAD_ROWS), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parent")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "map.csv:2: column 'emotion': 'six' is not allowed (a whole number from 1 to 5) [error]",
        "map.csv:3: column 'expected': 9 is not allowed (a whole number from 1 to 5) [error]",
        "map.csv:4: column 'action': is empty (what the customer does) [error]",
        "map.csv:5: column 'metrics': 'conversion' is not name=value (one metric a line, "
        "e.g. wait_minutes=18) [error]",
        "map.csv:6: column 'metrics': 'soon' is not a number (a number) [error]",
    ]
    assert not (folder / "journeys" / "app.md").exists()


def test_force_writes_the_valid_rows(folder: Path) -> None:
    (folder / "map.csv").write_text(csv_text(BAD_ROWS), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parent", "--force")
    assert result.returncode == 1  # rows were left out: the run still fails
    assert result.stdout.strip() == (
        "wrote journeys/app.md: 1 stage, 1 step from map.csv "
        "(left out 5 rows with errors: 2, 3, 4, 5, 6)"
    )
    data = front_matter(folder / "journeys" / "app.md")
    # The first row named the stage: its name still carries down to the rows that are kept.
    assert data["stages"] == [{"name": "Start", "steps": [{"action": "Comes back", "emotion": 4}]}]
    assert_valid(folder)


def test_xlsx_problems_name_the_sheet_and_cell(folder: Path) -> None:
    write_xlsx(
        folder / "book.xlsx",
        [
            ["Stage", "Action", "Feeling", "Pain points"],
            ["Start", "Opens the app", 4, ""],
            [None, "Logs in", "six", ""],
            [None, "Waits", 2.5, "🙂"],
        ],
    )
    result = run_import(folder, "book.xlsx", "--title", "App", "--persona", "busy-parent")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "book.xlsx:Sheet1!C3: column 'Feeling': 'six' is not allowed (a whole number from 1 to 5) "
        "[error]",
        "book.xlsx:Sheet1!C4: column 'Feeling': 2.5 is not allowed (a whole number from 1 to 5) "
        "[error]",
        "book.xlsx:Sheet1!D4: column 'Pain points': '🙂' gives no id: its slug is empty (use "
        "letters or digits) [error]",
    ]


def test_problems_across_the_folder_and_with_the_options_are_reported(folder: Path) -> None:
    rows = [["stage", "action", "emotion", "next"], ["", "Opens", "3", ""], ["A", "B", "3", "x"]]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parnet")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "--persona: unknown persona 'busy-parnet' (did you mean 'busy-parent'?) [error]",
        "map.csv:2: column 'stage': empty on the first step (the stage's name; a blank cell "
        "below repeats the stage above) [error]",
        "map.csv:3: column 'next': unknown step 'x' in this journey (known: b) [error]",
    ]


@pytest.mark.parametrize("title", ["Aaa first", "Zzz last"])
def test_a_text_that_another_map_gives_differently_is_an_error_at_the_cell(
    tmp_path: Path, title: str
) -> None:
    """The catalog reports a conflict at whichever place comes second: the sheet's cell, or
    the other map's line with the cell named in the message. --force leaves the row out."""
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    rows = [["stage", "action", "emotion", "pains"], ["A", "Queues", "2", "Long queue"]]
    rows.append(["", "Waits", "2", "Nobody at the desk"])
    (tmp_path / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(tmp_path, "map.csv", "--title", title, "--persona", "busy-parent")
    assert result.returncode == 1
    other = "journeys/retail/click-and-collect.md:114"
    if title.startswith("Zzz"):
        assert result.stderr == (
            "map.csv:2: column 'pains': pain point 'long-queue' has two texts: 'Long queue at "
            f"the collection desk' at {other} and 'Long queue' here (give it once, refer to it "
            "elsewhere by '- id: long-queue') [error]\n"
        )
    else:
        assert result.stderr == (
            f"{other}: stages[3].steps[1].pains[0]: pain point 'long-queue' has two texts: "
            "'Long queue' at map.csv:2 and 'Long queue at the collection desk' here (give it "
            "once, refer to it elsewhere by '- id: long-queue') [error]\n"
        )
    forced = run_import(
        tmp_path, "map.csv", "--title", title, "--persona", "busy-parent", "--force"
    )
    assert forced.returncode == 1
    assert "(left out 1 row with errors: 2)" in forced.stdout
    assert_valid(tmp_path)


def test_ids_used_twice_and_empty_stages_in_a_workbook(folder: Path) -> None:
    write_xlsx(
        folder / "book.xlsx",
        [
            ["Stage", "Action", "Emotion"],
            ["A", "Pays", 3],
            [None, "Pays", 4],
            ["B", None, None],
            ["A", "Leaves", 2],
        ],
    )
    result = run_import(folder, "book.xlsx", "--title", "Go", "--persona", "busy-parent")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "book.xlsx:Sheet1 row 3: id: step id 'pays' is used twice in this journey (first at "
        "book.xlsx:Sheet1 row 2; give the step an id in a 'step id' column) [error]",
        "book.xlsx:Sheet1 row 4: steps: is empty (at least one step) [error]",
        "book.xlsx:Sheet1!A5: column 'Stage': stage id 'a' is used twice in this journey (first "
        "at book.xlsx:Sheet1 row 2; give each stage its own id in a 'stage id' column) [error]",
    ]


def test_a_header_without_the_needed_columns(folder: Path) -> None:
    rows = [["Phase", "Touchpoint", "Touch point"], ["A", "x", "y"]]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parent")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "map.csv:1: column 'Touch point': gives 'touchpoint' as column 'Touchpoint' does "
        "(keep one of the two) [error]",
        "map.csv:1: no 'action' column (what the customer does); the first row names the "
        "columns [error]",
        "map.csv:1: no 'emotion' column (how the customer felt, a whole number from 1 to 5) "
        "[error]",
    ]


def test_a_quote_never_closed_is_a_located_error(folder: Path) -> None:
    (folder / "map.csv").write_text('stage,action,emotion\nA,"Opens,3\nB,x,3\n', encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "App", "--persona", "busy-parent")
    assert result.returncode == 1
    assert result.stderr.startswith("map.csv:2: not valid CSV: unexpected end of data")


# Overwriting -----------------------------------------------------------------------------------


def test_an_existing_file_is_replaced_only_with_force_and_keeps_its_body(folder: Path) -> None:
    existing = folder / "journeys" / "app.md"
    existing.write_text(
        "---\ntitle: Old\npersona: busy-parent\nowner: Digital\nstages:\n  - name: A\n"
        "    steps:\n      - action: Old step\n        emotion: 3\n---\nThe story so far.\n",
        encoding="utf-8",
    )
    before = existing.read_text(encoding="utf-8")
    rows = [["stage", "action", "emotion"], ["A", "New step", "4"]]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    refused = run_import(folder, "map.csv", "--id", "app", "--persona", "busy-parent")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "journeys/app.md: exists already (give --force to replace it) [error]"
    )
    assert existing.read_text(encoding="utf-8") == before
    forced = run_import(folder, "map.csv", "--id", "app", "--persona", "busy-parent", "--force")
    assert forced.returncode == 0, forced.stderr
    assert existing.read_text(encoding="utf-8") == (
        "---\ntitle: Old\npersona: busy-parent\nowner: Digital\nstages:\n  - name: A\n"
        "    steps:\n      - action: New step\n        emotion: 4\n---\nThe story so far.\n"
    )
    assert_valid(folder)


# Export, then import: the same maps -------------------------------------------------------------


def _without_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "line"}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


def test_every_example_journey_survives_export_then_import(tmp_path: Path) -> None:
    """Each journey of the example site, replaced by the import of its rows of the CSV export,
    gives the same export: stages, steps, scores, pain points, opportunities, everything."""
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    exported = journeys_cli("export", "--format", "csv", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "all.csv").write_text(exported.stdout, encoding="utf-8", newline="")
    before = json.loads(journeys_cli("export", cwd=tmp_path).stdout)
    assert len(before["journeys"]) >= 7
    for journey in before["journeys"]:
        target = tmp_path / journey["path"]
        original = target.read_text(encoding="utf-8")
        result = run_import(
            tmp_path, "all.csv", "--id", journey["id"], "--folder", journey["group"], "--force"
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert original.split("\n---\n", 1)[1] == target.read_text("utf-8").split("\n---\n", 1)[1]
    assert_valid(tmp_path)
    after = json.loads(journeys_cli("export", cwd=tmp_path).stdout)
    assert _without_lines(after) == _without_lines(before)


ODD_TEXTS = """\
---
title: Odd texts
persona: busy-parent
stages:
  - name: "=Stage"
    steps:
      - action: "'Quoted' on purpose"
        emotion: 3
        thought: "=1+1"
        questions: ["-dash", "@team"]
        pains: ["+ plus pain"]
        channel: "''two"
---
Body.
"""


def test_texts_the_export_guards_against_formulas_come_back_as_written(folder: Path) -> None:
    (folder / "journeys" / "odd.md").write_text(ODD_TEXTS, encoding="utf-8")
    assert_valid(folder)
    exported = journeys_cli("export", "--format", "csv", cwd=folder).stdout
    assert "'=1+1" in exported and "'''two" in exported  # the export guarded them
    (folder / "odd.csv").write_text(exported, encoding="utf-8", newline="")
    before = json.loads(journeys_cli("export", cwd=folder).stdout)
    result = run_import(folder, "odd.csv", "--force")
    assert result.returncode == 0, result.stderr
    after = json.loads(journeys_cli("export", cwd=folder).stdout)
    assert _without_lines(after) == _without_lines(before)


def test_an_export_of_many_journeys_needs_an_id(tmp_path: Path) -> None:
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    exported = journeys_cli("export", "--format", "csv", cwd=tmp_path).stdout
    (tmp_path / "all.csv").write_text(exported, encoding="utf-8", newline="")
    result = run_import(tmp_path, "all.csv")
    assert result.returncode == 1
    assert "all.csv: the sheet holds 7 journeys (click-and-collect, " in result.stderr
    assert "choose one with --id" in result.stderr


def test_the_example_spreadsheet_imports_into_the_example_site(tmp_path: Path) -> None:
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    example = REPO / "docs" / "examples" / "import-example.csv"
    result = run_import(
        tmp_path,
        str(example),
        "--title",
        "Book a shoe fitting",
        "--persona",
        "busy-parent",
        "--folder",
        "retail",
    )
    assert result.returncode == 0, result.stderr
    assert_valid(tmp_path)


# Sheets as teams make them ------------------------------------------------------------------


def test_stage_rows_stage_ids_and_the_journey_columns(folder: Path) -> None:
    """A row with only a stage starts it; a stage id column gives ids; the sheet's title and
    persona columns stand in for --title and --persona."""
    (folder / "journeys" / "personas" / "student.md").write_text(
        "---\nname: Student\n---\n", encoding="utf-8"
    )
    rows = [
        ["Title", "Persona", "Stage", "Stage ID", "Action", "Emotion"],
        ["Sign up", "busy-parent\nstudent", "Before", "pre", "", ""],
        ["", "", "", "", "Reads the offer", "3"],
        ["", "", "Before", "pre", "Asks a friend", "4"],
        ["", "", "After", "", "Signs up", "5"],
    ]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv")
    assert result.returncode == 0, result.stderr
    assert front_matter(folder / "journeys" / "sign-up.md") == {
        "title": "Sign up",
        "persona": ["busy-parent", "student"],
        "stages": [
            {
                "name": "Before",
                "id": "pre",
                "steps": [
                    {"action": "Reads the offer", "emotion": 3},
                    {"action": "Asks a friend", "emotion": 4},
                ],
            },
            {"name": "After", "steps": [{"action": "Signs up", "emotion": 5}]},
        ],
    }
    assert_valid(folder)


def test_a_sheet_of_several_journeys_by_name(folder: Path) -> None:
    rows = [
        ["Journey", "Stage", "Action", "Emotion"],
        ["Click & collect", "A", "Orders", "3"],
        ["", "", "Collects", "4"],
        ["Returns", "A", "Sends back", "2"],
    ]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    unchosen = run_import(folder, "map.csv", "--title", "C", "--persona", "busy-parent")
    assert unchosen.returncode == 1
    assert unchosen.stderr == (
        "map.csv: the sheet holds 2 journeys (Click & collect, Returns): choose one with --id "
        "[error]\n"
    )
    args = ("--title", "Click and collect", "--persona", "busy-parent")
    result = run_import(folder, "map.csv", "--id", "click-collect", *args)
    assert result.returncode == 0, result.stderr
    steps = front_matter(folder / "journeys" / "click-collect.md")["stages"][0]["steps"]
    assert [step["action"] for step in steps] == ["Orders", "Collects"]


def test_a_persona_name_instead_of_an_id_gets_a_hint(folder: Path) -> None:
    rows = [["Persona", "Stage", "Action", "Emotion"], ["Busy parent", "A", "Goes", "3"]]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "Go")
    assert result.returncode == 1
    # the hint's wording belongs to the catalog; the place and the suggestion to the import
    assert result.stderr.startswith(
        "map.csv:2: column 'Persona': unknown persona 'Busy parent' (did you mean 'busy-parent'?"
    )
    assert len(result.stderr.splitlines()) == 1


def test_multi_line_cells_give_the_line_and_the_row(folder: Path) -> None:
    rows = [
        ["stage", "action", "emotion", "thought"],
        ["A", "Reads", "3", "one\ntwo\nthree"],
        ["", "Leaves", "0", ""],
    ]
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "Go", "--persona", "busy-parent")
    assert result.stderr == (
        "map.csv:5 (row 3): column 'emotion': 0 is not allowed (a whole number from 1 to 5) "
        "[error]\n"
    )


def test_excels_sep_line_and_a_header_below_blank_rows(folder: Path) -> None:
    text = "sep=|\n\nstage|action|emotion\nA|Reads, slowly|3\n"
    (folder / "map.csv").write_text(text, encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "Go", "--persona", "busy-parent")
    assert result.returncode == 0, result.stderr
    steps = front_matter(folder / "journeys" / "go.md")["stages"][0]["steps"]
    assert steps == [{"action": "Reads, slowly", "emotion": 3}]


def test_merged_stage_cells_of_a_workbook_carry_down(folder: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["Stage", "Action", "Emotion"],
        ["A", "One", 3],
        [None, "Two", 4],
        ["B", "Three", 5],
    ]:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    book.save(folder / "book.xlsx")
    result = run_import(folder, "book.xlsx", "--title", "Go", "--persona", "busy-parent")
    assert result.returncode == 0, result.stderr
    stages = front_matter(folder / "journeys" / "go.md")["stages"]
    assert [(s["name"], len(s["steps"])) for s in stages] == [("A", 2), ("B", 1)]


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("map.xls", b"\xd0\xcf\x11\xe0", (), "map.xls: the old Excel format (.xls) is not read"),
        ("map.json", b"{}", (), "map.json: not a spreadsheet this command reads"),
        ("map.csv", b"", (), "map.csv: is empty (the first row names the columns"),
        ("map.csv", b"stage,action,emotion\n", (), "map.csv: has no step rows below its header"),
        ("map.csv", b"a\x00b", (), "map.csv:1: holds a NUL byte"),
        ("map.csv", b"x", ("--encoding", "klingon"), "--encoding 'klingon' is not an encoding"),
        ("map.xlsx", b"not a zip", (), "map.xlsx: not an xlsx workbook Excel could open"),
        ("map.csv", b"stage,action,emotion\nA,B,3\n", ("--sheet", "S"), "--sheet goes with"),
        ("map.csv", b"stage,action,emotion\nA,B,3\n", ("--folder", "../out"), "--folder: '../out'"),
        ("map.csv", b"stage,action,emotion\nA,B,3\n", ("--folder", "personas"), "--folder: "),
        ("map.csv", b"stage,action,emotion\nA,B,3\n", ("--id", "Not An Id"), "--id: 'Not An Id'"),
        ("missing.csv", None, (), "missing.csv: cannot be read"),
    ],
)
def test_what_cannot_be_imported_says_why_without_a_traceback(
    folder: Path, name: str, content: bytes | None, args: tuple[str, ...], message: str
) -> None:
    if content is not None:
        (folder / name).write_bytes(content)
    result = run_import(folder, name, "--title", "Go", "--persona", "busy-parent", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "journeys" / "go.md").exists()


# Any sheet: a journey that validates, or problems; never a traceback ----------------------------

_CELLS = st.one_of(
    st.just(""),
    st.sampled_from(["1", "3", "5", "0", "six", "4.5", " 2 ", "x=1\ny: 2", "a; b", "a\nb"]),
    st.sampled_from(NASTY_STRINGS),
    st.text(max_size=12),
)
_COLUMNS = ["Stage", "Action", "Feeling", "expected", "Pain points", "Opportunities", "Questions"]
_COLUMNS += ["Metrics", "next", "Touch point", "thought", "Step ID", "Actors", "channel"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=st.lists(st.sampled_from(_COLUMNS[3:]), unique=True, max_size=6),
    rows=st.lists(
        st.tuples(
            st.one_of(st.just(""), st.sampled_from(["Before", "During", "After"]), _CELLS),
            st.one_of(st.sampled_from(["Opens", "Pays", "Opens!"]), _CELLS),
            st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), _CELLS),
            st.lists(_CELLS, min_size=6, max_size=6),
        ).map(lambda cells: [*cells[:3], *cells[3]]),
        min_size=1,
        max_size=6,
    ),
    force=st.booleans(),
    as_xlsx=st.booleans(),
)
def test_any_sheet_gives_a_valid_journey_or_located_problems(
    extra: list[str], rows: list[list[str]], force: bool, as_xlsx: bool
) -> None:
    import tempfile

    from journeys.catalog import load_catalog
    from journeys.imports import Request, import_sheet

    header = [*_COLUMNS[:3], *extra]
    table = [header, *[row[: len(header)] for row in rows]]
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        (root / "journeys" / "personas").mkdir(parents=True)
        (root / "journeys" / "personas" / "busy-parent.md").write_text(PERSONA, encoding="utf-8")
        if as_xlsx:
            sheet = root / "map.xlsx"
            # a worksheet holds no control characters but tab and line breaks
            cleaned = [[_printable(cell) for cell in row] for row in table]
            write_xlsx(sheet, cleaned)  # type: ignore[arg-type]
        else:
            sheet = root / "map.csv"
            sheet.write_text(csv_text(table), encoding="utf-8", newline="")
        request = Request(
            sheet, root / "journeys", root, "Any", ("busy-parent",), None, "", None, None, force
        )
        outcome = import_sheet(request)
        if outcome.written is None:
            assert outcome.errors, "nothing written, and no error to say why"
        else:
            assert force or not outcome.errors
            catalog = load_catalog(root / "journeys", root)
            assert not catalog.problems.errors, [str(p) for p in catalog.problems.errors]
            assert not catalog.problems.warnings, [str(p) for p in catalog.problems.warnings]
        for issue in outcome.issues:
            assert str(issue).startswith(("map.", "--", "journeys/")), str(issue)


def _printable(cell: str) -> str:
    return "".join(c for c in cell if c in "\t\n" or (c >= " " and not 0x7F <= ord(c) <= 0x9F))


_LANES = "frontstage" in format_keys.STEP.names


@pytest.mark.skipif(not _LANES, reason="the format does not read the blueprint lanes yet")
def test_the_blueprint_lanes_and_several_touchpoints(folder: Path) -> None:
    rows = [
        ["Stage", "Action", "Emotion", "Touch points", "Front stage", "Backstage", "Support"],
        ["Collect", "Shows the order email", "4", "instagram-ad; Order email", "", "", ""],
        ["", "Waits", "3", "", "Clerk scans the code; fetches the bag", "Picker\nPacker", "POS"],
    ]
    rows[0].append("Physical evidence")
    rows[1].append("Order email\nReceipt")
    rows[2].append("")
    (folder / "map.csv").write_text(csv_text(rows), encoding="utf-8")
    result = run_import(folder, "map.csv", "--title", "Collect", "--persona", "busy-parent")
    assert result.returncode == 0, result.stderr
    steps = front_matter(folder / "journeys" / "collect.md")["stages"][0]["steps"]
    assert steps[0]["touchpoints"] == ["instagram-ad", "Order email"]
    assert steps[0]["physical_evidence"] == ["Order email", "Receipt"]
    assert steps[1]["frontstage"] == "Clerk scans the code; fetches the bag"
    assert steps[1]["backstage"] == ["Picker", "Packer"]
    assert steps[1]["support"] == "POS"
    assert_valid(folder)


def test_an_encoding_the_guess_cannot_know_is_given(folder: Path) -> None:
    rows = [["stage", "action", "emotion"], ["Café", "Pays", "3"]]
    (folder / "map.csv").write_bytes(csv_text(rows).encode("mac-roman"))
    args = ("--title", "Go", "--persona", "busy-parent", "--force")
    guessed = run_import(folder, "map.csv", *args)
    assert guessed.returncode == 0, guessed.stderr  # read, as the wrong letters
    assert front_matter(folder / "journeys" / "go.md")["stages"][0]["name"] != "Café"
    given = run_import(folder, "map.csv", "--encoding", "mac-roman", *args)
    assert given.returncode == 0, given.stderr
    assert front_matter(folder / "journeys" / "go.md")["stages"][0]["name"] == "Café"
