"""`journeys schema`: JSON Schemas that accept every example map and flag what validate flags."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeys.format.files import read_front_matter, read_yaml_file
from journeys.format.folder import find_sources
from journeys.format.problems import Problems
from journeys.format.schema import KEYS, schema
from sitekit import REPO, journeys_cli

jsonschema = pytest.importorskip("jsonschema")

Data = dict[str, Any]


def validator(kind: str) -> Any:
    return jsonschema.Draft202012Validator(
        schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(kind: str, instance: Any) -> list[str]:
    return sorted(
        "/".join(str(part) for part in error.absolute_path) or "(top)"
        for error in validator(kind).iter_errors(instance)
    )


@pytest.mark.parametrize("kind", ["journey", "persona", "touchpoints"])
def test_the_schemas_are_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))
    assert schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schemas_allow_exactly_the_parsers_keys() -> None:
    journey, persona = schema("journey"), schema("persona")
    defs = journey["$defs"]
    allowed = {
        "journey": journey["properties"],
        "stage": defs["stage"]["properties"],
        "step": defs["step"]["properties"],
        "pain": defs["pain"]["properties"],
        "opportunity": defs["opportunity"]["properties"],
        "persona": persona["properties"],
        "touchpoint": schema("touchpoints")["$defs"]["touchpoint"]["properties"],
    }
    for name, keys in KEYS.items():
        assert list(allowed[name]) == list(keys), name


def test_every_example_source_is_valid() -> None:
    """The front matter as an editor reads it: dates and yes/no stay text (YAML 1.2)."""
    root = REPO / "journeys"
    files = find_sources(root, Problems(), None)
    assert files.journeys and files.personas and files.touchpoints
    for kind, sources in (("journey", files.journeys), ("persona", files.personas)):
        for path, relative in sources:
            errors = schema_errors(kind, read_front_matter(path).data)
            assert errors == [], f"{relative}: {errors}"
    assert schema_errors("touchpoints", read_yaml_file(files.touchpoints)) == []


def minimal_journey() -> Data:
    return {
        "title": "Returns",
        "persona": "busy-parent",
        "stages": [
            {
                "name": "Return",
                "steps": [
                    {
                        "action": "Brings it back",
                        "emotion": 2,
                        "pains": ["Long queue", {"id": "long-queue-2", "severity": "high"}],
                        "opportunities": [{"text": "Lockers", "fixes": ["long-queue"]}],
                        "metrics": {"wait_minutes": 18},
                        "next": "brings-it-back",
                    }
                ],
            }
        ],
    }


def test_the_values_the_tool_accepts_are_valid() -> None:
    journey = minimal_journey()
    assert schema_errors("journey", journey) == []
    accepted = [
        {"persona": ["busy-parent", "cafe-owner"]},
        {"state": "future", "current": "click-and-collect"},
        {"id": 2024, "title": 2024},  # numbers are read as the text they are written as
        {"reviewed": "2026-09-14", "tags": "retail", "owner": ""},
    ]
    for change in accepted:
        assert schema_errors("journey", {**journey, **change}) == [], change


# Each bad journey: what is changed, and the path the schema flags. `journeys validate --strict`
# rejects each one too (checked below), so the editor and the tool agree.
BAD_JOURNEYS: list[tuple[str, str, Any, str | None]] = [
    ("emotion 7", "stages/0/steps/0/emotion", 7, None),
    ("emotion 0", "stages/0/steps/0/emotion", 0, None),
    ("emotion as text", "stages/0/steps/0/emotion", "good", None),
    ("expected 6", "stages/0/steps/0/expected", 6, None),
    ("unknown key", "stages/0/steps/0/emotions", 3, "stages/0/steps/0"),
    ("severity", "stages/0/steps/0/pains/1/severity", "huge", None),
    ("status", "stages/0/steps/0/opportunities/0/status", "soon", None),
    ("state", "state", "past", None),
    ("id not a slug", "id", "Click & Collect", None),
    ("step id not a slug", "stages/0/steps/0/id", "Bad Id", None),
    ("no persona", "persona", [], None),
    ("blank title", "title", "   ", None),
    ("stages not a list", "stages", "Awareness", None),
    ("no steps", "stages/0/steps", [], None),
    ("metric not a number", "stages/0/steps/0/metrics/wait_minutes", "18 min", None),
    ("current on a current map", "current", "click-and-collect", "(top)"),
]


def mutate(data: Data, path: str, value: Any) -> Data:
    result = copy.deepcopy(data)
    *parents, last = path.split("/")
    target: Any = result
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return result


@pytest.mark.parametrize(
    ("path", "value", "flagged"),
    [case[1:] for case in BAD_JOURNEYS],
    ids=[case[0] for case in BAD_JOURNEYS],
)
def test_bad_values_are_flagged_by_the_schema_and_by_validate(
    tmp_path: Path, path: str, value: Any, flagged: str | None
) -> None:
    journey = mutate(minimal_journey(), path, value)
    assert (flagged or path) in schema_errors("journey", journey)
    folder = tmp_path / "journeys"
    (folder / "personas").mkdir(parents=True)
    (folder / "personas/busy-parent.md").write_text("---\nname: Busy parent\n---\n", "utf-8")
    (folder / "click-and-collect.md").write_text(
        "---\n" + yaml.safe_dump({**minimal_journey(), "title": "Other"}) + "---\n", "utf-8"
    )
    (folder / "returns.md").write_text("---\n" + yaml.safe_dump(journey) + "---\n", "utf-8")
    result = journeys_cli("validate", "--strict", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "journeys/returns.md:" in result.stdout


def test_missing_keys_are_flagged() -> None:
    journey = minimal_journey()
    for key in ("title", "persona", "stages"):
        incomplete = {k: v for k, v in journey.items() if k != key}
        assert "(top)" in schema_errors("journey", incomplete)
    step_without_emotion = mutate(journey, "stages/0/steps/0", {"action": "Waits"})
    assert "stages/0/steps/0" in schema_errors("journey", step_without_emotion)
    assert schema_errors("persona", {"role": "no name"}) == ["(top)"]
    assert schema_errors("persona", {"name": "Zoë", "goals": ["x"], "mood": "?"}) == ["(top)"]
    assert schema_errors("touchpoints", [{"name": "No id"}]) == ["0"]


@pytest.mark.parametrize("kind", ["journey", "persona", "touchpoints"])
def test_the_command_prints_the_schema(tmp_path: Path, kind: str) -> None:
    args = ["schema", kind] if kind != "journey" else ["schema"]
    result = journeys_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == schema(kind)


def test_an_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = journeys_cli("schema", "stage", cwd=tmp_path)
    assert result.returncode == 2
    assert "journey" in result.stderr and "persona" in result.stderr
