"""The contract's rules for ids, front matter and encodings, at the level of single files."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeys.format.files import SourceError, YamlList, YamlMap, parse_yaml, read_front_matter
from journeys.format.problems import Problems
from journeys.format.slug import is_id, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zoë's café: 2 bags!", "zoe-s-cafe-2-bags"),
        ("Straße", "strae"),
        ("  Long queue at the desk  ", "long-queue-at-the-desk"),
        ("🙁🙁", ""),
        ("Order #4411 not found", "order-4411-not-found"),
    ],
)
def test_slug_follows_the_contract(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("value", "valid"),
    [("a", True), ("a-1", True), ("-a", False), ("A", False), ("a_b", False), ("", False)],
)
def test_id_rule(value: str, valid: bool) -> None:
    assert is_id(value) is valid


def test_lines_of_keys_and_items_are_file_lines() -> None:
    data = parse_yaml("title: T\nstages:\n  - name: A\n    steps: []\n", first_line=2)
    assert isinstance(data, YamlMap)
    assert data.key_line("title") == 2 and data.key_line("stages") == 3
    stages = data["stages"]
    assert isinstance(stages, YamlList) and stages.item_line(0) == 4
    assert stages[0].key_line("steps") == 5


def test_booleans_and_dates_stay_as_written() -> None:
    data = parse_yaml("thought: No\naction: 2026-01-01\ncount: 3\n")
    assert data == {"thought": "No", "action": "2026-01-01", "count": 3}


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    with pytest.raises(SourceError, match="aliases"):
        parse_yaml("\n".join(levels))


def test_bom_crlf_and_a_rule_in_the_body(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nText\r\n\r\n---\r\n\r\nMore\r\n")
    front = read_front_matter(path)
    assert front.data == {"title": "T"}
    assert front.body == "Text\n\n---\n\nMore\n"
    assert front.body_line == 4


def test_problems_print_as_the_contract_asks() -> None:
    problems = Problems()
    problems.error("journeys/x.md", 12, "stages[0].steps[1].emotion", "7 is not allowed (1 to 5)")
    assert str(problems.errors[0]) == (
        "journeys/x.md:12: stages[0].steps[1].emotion: 7 is not allowed (1 to 5)"
    )
