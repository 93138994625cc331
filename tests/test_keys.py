"""The key table (journeys/format/keys.py) drives the parser, the JSON Schema, the export, the
diff and the docs' key reference: a key added to it appears in all five."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeys.catalog import load_catalog
from journeys.diff import diff_catalogs
from journeys.export import export_csv, export_json
from journeys.format import parse
from journeys.format.keys import OBJECTS, STEP, Key, Type
from journeys.format.levels import keys_by_level
from journeys.format.model import Step
from journeys.format.reference import PAGE, key_reference
from journeys.format.schema import schema
from sitekit import JOURNEY, PERSONA, REPO


def test_the_docs_key_reference_is_written_from_the_table() -> None:
    page = (REPO / PAGE).read_text(encoding="utf-8")
    assert page == key_reference(), "run scripts/write_key_reference.py"
    for keys in OBJECTS:
        for key in keys:
            assert f"| `{key.name}` |" in page


@dataclass
class _StepWithMood(Step):
    mood: str | None = None


MOOD = Key("mood", Type.TEXT, "How the room felt (a key added by a test).")


@pytest.fixture
def step_with_mood(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The table with one more step key, and a model that holds it: all a new key needs."""
    monkeypatch.setattr(parse, "Step", _StepWithMood)
    keys = STEP.keys
    object.__setattr__(STEP, "keys", (*keys, MOOD))
    _forget_what_was_made_from_the_table()
    try:
        yield
    finally:
        object.__setattr__(STEP, "keys", keys)
        _forget_what_was_made_from_the_table()


def _forget_what_was_made_from_the_table() -> None:
    """What the package makes once from the table, as a new process would make it again."""
    vars(STEP).pop("names", None)
    keys_by_level.cache_clear()


def _journeys(root: Path, mood: object) -> Path:
    (root / "personas").mkdir(parents=True)
    (root / "personas" / "busy-parent.md").write_text(PERSONA, encoding="utf-8")
    text = JOURNEY.replace("        emotion: 4\n", f"        emotion: 4\n        mood: {mood}\n", 1)
    (root / "click-and-collect.md").write_text(text, encoding="utf-8")
    return root


@pytest.mark.usefixtures("step_with_mood")
def test_a_key_added_to_the_table_appears_in_all_five(tmp_path: Path) -> None:
    old = load_catalog(_journeys(tmp_path / "old", "Calm"))
    new = load_catalog(_journeys(tmp_path / "new", "Tense"))
    # 1. The parser: the key is known (no warning) and read; a bad value is a located error.
    assert not [p for p in new.problems.items if "mood" in p.field], new.problems
    step = new.journeys["click-and-collect"].steps[0]
    assert step.mood == "Tense"
    bad = load_catalog(_journeys(tmp_path / "bad", "{a: 1}"))
    [problem] = [p for p in bad.problems.items if p.field.endswith(".mood")]
    assert problem.field == "stages[0].steps[0].mood"
    assert "must be text" in problem.message
    # 2. The JSON Schema.
    step_schema = schema("journey")["$defs"]["step"]["properties"]
    assert step_schema["mood"]["description"] == MOOD.description
    # 3. The export, as JSON and as a CSV column.
    assert export_json(new)["steps"][0]["mood"] == "Tense"
    header, first = export_csv(new, "steps").splitlines()[:2]
    assert "mood" in header.split(",")
    assert header.split(",").index("mood") == first.split(",").index("Tense")
    # 4. The diff.
    [change] = diff_catalogs(old, new).journeys
    [step_change] = change.steps
    assert [(f.field, f.old, f.new) for f in step_change.fields] == [("mood", "Calm", "Tense")]
    # 5. The docs' key reference.
    assert "| `mood` | text |" in key_reference()


def test_the_table_is_back_as_it_was() -> None:
    assert "mood" not in STEP.names
