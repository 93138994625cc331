"""Errors that teach: every hint's input, exact message, line and exit code, under `journeys
validate`, `mkdocs build` and the pre-commit hook; the page of common mistakes matches them; a
key shifted one level in or out never validates clean while losing content."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from journeys.catalog import load_catalog
from journeys.export import export_json
from journeys.format.hints import HINTS, PAGE, PERSONA_FILE, PERSONA_TEXT, common_mistakes_page
from journeys.format.template import (
    JOURNEY_BODY,
    JOURNEY_PLACEHOLDERS,
    PERSONA_BODY,
    PERSONA_PLACEHOLDERS,
)
from sitekit import MERMAID_JS, MKDOCS_YML, REPO, Project, run

HOOKS = REPO / ".pre-commit-hooks.yaml"


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hint_project(root: Path, hints: Any = HINTS) -> Project:
    project = Project(root)
    write(root, "mkdocs.yml", MKDOCS_YML.format(mermaid_js=json.dumps(str(MERMAID_JS))))
    write(root, "docs/index.md", "# Home\n")
    write(root, PERSONA_FILE, PERSONA_TEXT)
    for hint in hints:
        write(root, hint.path, hint.source)
        for path, text in hint.others:
            write(root, path, text)
    return project


def test_the_page_of_common_mistakes_is_written_from_the_table() -> None:
    """Run scripts/write_common_mistakes.py after changing the table."""
    assert (REPO / PAGE).read_text(encoding="utf-8") == common_mistakes_page()
    for hint in HINTS:
        for expected in hint.expected:
            assert expected.printed(hint.path) in common_mistakes_page()


@pytest.mark.parametrize("hint", HINTS, ids=lambda hint: hint.name)
def test_validate_and_the_hook_print_each_hints_message(tmp_path: Path, hint: Any) -> None:
    project = hint_project(tmp_path, [hint])
    printed = [expected.printed(hint.path) for expected in hint.expected]

    validate = project.journeys_cli("validate")
    assert validate.stdout.splitlines() == printed
    assert validate.returncode == hint.exit_code
    assert "Traceback" not in validate.stderr

    strict = project.journeys_cli("validate", "--strict")
    assert strict.stdout.splitlines() == printed
    assert strict.returncode == 1

    report = json.loads(project.journeys_cli("validate", "--format", "json").stdout)
    assert [(p["line"], p["field"], p["message"], p["severity"]) for p in report["problems"]] == [
        (e.line, e.field, e.message, e.severity) for e in hint.expected
    ]

    # The pre-commit hook, run as pre-commit runs it: its entry, no file names, in the repo.
    (entry,) = [hook["entry"] for hook in yaml.safe_load(HOOKS.read_text())]
    command = shlex.split(entry)
    assert command[0] == "journeys"
    hook = project.journeys_cli(*command[1:])
    assert hook.stdout.splitlines() == printed
    assert hook.returncode == 1  # strict by default: a warning stops the commit too


def test_the_build_prints_each_hints_message_and_leaves_out_what_it_cannot_read(
    tmp_path: Path,
) -> None:
    hint_project(tmp_path)
    build = run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path)
    assert build.returncode == 0, build.stderr  # a plain build still makes every valid page
    log = build.stderr
    for hint in HINTS:
        for expected in hint.expected:
            assert expected.printed(hint.path).rsplit(" [", 1)[0] in log, expected
        left_out = any("the map is left out of the site" in e.message for e in hint.expected)
        has_page = (tmp_path / "site" / "journeys" / hint.name / "index.html").is_file()
        if left_out:
            assert not has_page, hint.name
        if hint.exit_code == 0:
            assert has_page, hint.name
    strict = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path)
    assert strict.returncode == 1


def test_each_placeholder_is_in_its_template_and_nothing_else_is_warned_about(
    tmp_path: Path,
) -> None:
    templates = REPO / "plugins" / "journeys" / "templates"
    journey, persona = (
        (templates / "journey.md").read_text(),
        (templates / "persona.md").read_text(),
    )
    for text in JOURNEY_PLACEHOLDERS | {JOURNEY_BODY}:
        assert text in journey
    for text in PERSONA_PLACEHOLDERS | {PERSONA_BODY}:
        assert text in persona
    project = Project(tmp_path)
    assert project.journeys_cli("new", "persona", "night-owl").returncode == 0
    for map_id in ("late-delivery", "early-pickup"):
        made = project.journeys_cli("new", "journey", map_id, "--persona", "night-owl")
        assert made.returncode == 0, made.stderr
    report = json.loads(project.journeys_cli("validate", "--format", "json").stdout)
    assert report["errors"] == 0
    warned = {(p["path"], p["message"]) for p in report["problems"]}
    assert all("still the template's text" in p["message"] for p in report["problems"])
    expected = len(JOURNEY_PLACEHOLDERS | {JOURNEY_BODY}) * 2 + len(
        PERSONA_PLACEHOLDERS | {PERSONA_BODY}
    )
    assert len(warned) == expected
    # Two maps made from the template share no pain point nor opportunity.
    exported = json.loads(project.journeys_cli("export").stdout)
    assert len(exported["pain_points"]) == 2 and len(exported["opportunities"]) == 2


# A placeholder as YAML may write it: the quick look at the file's text before the walk of its
# values (template.check_placeholders) must not miss one.
PLACEHOLDER_WRITINGS = {
    "plain": "owner: Who keeps this map",
    "spaced": "owner:   Who keeps this map   # a comment",
    "folded over lines": "owner: Who keeps\n  this\n     map",
    "single quotes": "tags: ['Where do I start?']",
    "single quotes over lines": "tags: ['Where do\n  I start?']",
    "double quotes with an escape": 'tags: ["Where do I start\\x3f"]',
    "double quotes with a line break escaped": 'tags: ["Where do I \\\n  start?"]',
    "folded block": "promise: >\n  What the brand promises\n  this customer",
    "literal block": "promise: |\n  What the brand promises this customer",
    "tagged": "owner: !!str Who keeps this map",
    "under an unknown key": "notes:\n  - deep: [Too many options to compare]",
    "anchor and alias": "notes: &said Buys online\nowner: *said",
}


@pytest.mark.parametrize("writing", PLACEHOLDER_WRITINGS.values(), ids=PLACEHOLDER_WRITINGS.keys())
def test_a_placeholder_is_found_however_yaml_writes_it(tmp_path: Path, writing: str) -> None:
    write(tmp_path, PERSONA_FILE, PERSONA_TEXT)
    write(
        tmp_path,
        "journeys/map.md",
        "---\ntitle: A map\npersona: busy-parent\n"
        f"{writing}\n"
        "stages:\n  - name: One\n    steps:\n      - action: Acts\n        emotion: 3\n---\n",
    )
    problems = load_catalog(tmp_path / "journeys").problems.items
    assert not [p for p in problems if p.is_error]
    assert any("still the template's text" in p.message for p in problems), problems


def test_new_journey_takes_personas_and_a_folder(tmp_path: Path) -> None:
    project = Project(tmp_path)
    for persona in ("night-owl", "busy-parent"):
        assert project.journeys_cli("new", "persona", persona).returncode == 0
    unsure = project.journeys_cli("new", "journey", "late-delivery")
    assert unsure.returncode == 2
    assert "give --persona ID (one of: busy-parent, night-owl)" in unsure.stderr
    typo = project.journeys_cli("new", "journey", "late-delivery", "--persona", "night-ow")
    assert typo.returncode == 2 and "did you mean 'night-owl'?" in typo.stderr
    made = project.journeys_cli(
        "new", "journey", "late-delivery", "--title", "Late delivery",
        "--persona", "night-owl", "--persona", "busy-parent", "--folder", "food/delivery",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = (project.journeys / "food/delivery/late-delivery.md").read_text()
    assert "persona: [night-owl, busy-parent]" in text
    assert 'title: "Late delivery"' in text
    outside = project.journeys_cli(
        "new", "journey", "x", "--persona", "night-owl", "--folder", "../elsewhere"
    )
    assert outside.returncode == 2 and "not a sub-folder" in outside.stderr


# A key shifted one level in or out ---------------------------------------------------------

BASE: dict[str, Any] = {
    "title": "Order a pizza",
    "persona": "busy-parent",
    "owner": "Food team",
    "promise": "Hot and on time",
    "tags": ["food"],
    "reviewed": "2026-09-14",
    "stages": [
        {
            "name": "Order",
            "id": "order",
            "steps": [
                {
                    "action": "Picks a pizza",
                    "id": "picks",
                    "touchpoint": "Pizza app",
                    "channel": "app",
                    "emotion": 4,
                    "expected": 5,
                    "thought": "So many to choose from",
                    "questions": ["Is it vegan?"],
                    "actors": ["Parent"],
                    "backstage": "Menu service",
                    "metrics": {"conversion": 0.31},
                    "pains": [
                        {
                            "id": "too-many-choices",
                            "text": "Too many choices",
                            "severity": "high",
                            "evidence": ["survey"],
                        }
                    ],
                    "opportunities": [
                        {
                            "id": "favourites",
                            "text": "Show favourites first",
                            "fixes": ["too-many-choices"],
                            "status": "planned",
                            "owner": "App team",
                        }
                    ],
                },
                {"action": "Pays", "id": "pays", "emotion": 3, "next": ["picks"]},
            ],
        },
        {
            "name": "Wait",
            "id": "wait",
            "steps": [{"action": "Waits at the door", "id": "waits", "emotion": 2}],
        },
    ],
}


def _mappings(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every mapping in the journey that sits in a list or at the top."""
    found = [path] if isinstance(data, dict) else []
    if isinstance(data, dict):
        for key in ("stages", "steps", "pains", "opportunities"):
            for index, item in enumerate(data.get(key) or []):
                found.extend(_mappings(item, (*path, key, index)))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _scalars(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _scalars(item)]
    if isinstance(value, list):
        return [s for item in value for s in _scalars(item)]
    return [str(value)]


def _kept(source: Any, exported: Any) -> bool:
    """Whether every value written in the source is somewhere in the export."""
    text = json.dumps(exported, ensure_ascii=False)
    return all(json.dumps(value, ensure_ascii=False)[1:-1] in text for value in _scalars(source))


@st.composite
def shifted(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """The base map with one key moved into its parent mapping (out) or into a child (in)."""
    data = json.loads(json.dumps(BASE))
    places = _mappings(data)
    path = draw(st.sampled_from(places))
    mapping = _get(data, path)
    key = draw(st.sampled_from(sorted(mapping)))
    parent = [path[:-2]] if len(path) >= 2 else []
    children = [
        p
        for p in places
        if len(p) == len(path) + 2 and p[: len(path)] == path and p[len(path)] != key
    ]
    assume(parent or children)
    target_path = draw(st.sampled_from(parent + children))  # one level out, or one in
    target = _get(data, target_path)
    assume(key not in target)  # in the file that would be a key given twice: another error
    target[key] = mapping.pop(key)
    return data, key


def test_the_unshifted_map_is_clean_and_kept_whole(tmp_path: Path) -> None:
    write(tmp_path, PERSONA_FILE, PERSONA_TEXT)
    front = yaml.safe_dump(BASE, sort_keys=False, allow_unicode=True)
    write(tmp_path, "journeys/order.md", f"---\n{front}---\n")
    catalog = load_catalog(tmp_path / "journeys", tmp_path)
    assert catalog.problems.sorted() == []
    assert _kept(BASE, export_json(catalog))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=shifted())
def test_a_key_shifted_one_level_never_validates_clean_while_losing_content(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[dict[str, Any], str]
) -> None:
    data, key = case
    root = tmp_path_factory.mktemp("shifted")
    write(root, PERSONA_FILE, PERSONA_TEXT)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write(root, "journeys/order.md", f"---\n{front}---\n")
    catalog = load_catalog(root / "journeys", root)
    errors = catalog.problems.errors
    if not errors:
        assert _kept(BASE, export_json(catalog)), f"'{key}' moved, content lost, no error"
