"""What a map's YAML reads as, and every message about it, do not depend on libyaml.

PyYAML may or may not carry libyaml, and libyaml's own limits and wording change between
releases (PyYAML 6.0.4's libyaml stops nesting past 1000 levels with "exceeded maximum nesting
depth"). The reader uses libyaml for speed and lets PyYAML's Python parser decide whatever
libyaml refuses, so these tests read every document both ways and with a libyaml that refuses
everything in words of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from journeys.format import files as source
from journeys.format.files import MAX_DEPTH, SourceError, parse_yaml
from test_hostile import HOSTILE_YAML

# Documents that are not valid YAML, or that pass a limit of the project's.
BAD_YAML = {
    **{name: front for name, (front, _) in HOSTILE_YAML.items()},
    "a tab for indentation": "title: T\nstages:\n\t- name: A\n",
    "an unclosed quote": 'title: "T\nstages: []\n',
    "an unclosed flow list": "title: T\nstages: [a, b\n",
    "a key with no value after a list": "stages:\n  - a\n b: c\n",
    "an undefined alias": "title: *nowhere\n",
    "two documents": "title: T\n---\ntitle: U\n",
    "a NUL character": "title: T\x00\n",
    "65 nested flow lists": "a: " + "[" * 65 + "]" * 65,
    "a thousand nested flow maps, closed": "a: " + "{a: " * 1000 + "}" * 1000,
}

GOOD_YAML = {
    "a journey": "title: T\nstages:\n  - name: A\n    steps:\n      - action: Sees\n",
    "64 nested flow lists": "a: " + "[" * 63 + "]" * 63,
    "aliases and merge keys": "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\nagain: *b\n",
}


def outcome(text: str) -> object:
    """The value read, or the located message: what users see of a document."""
    try:
        return parse_yaml(text, first_line=2)
    except SourceError as error:
        return (error.line, error.field, error.message)


@pytest.fixture
def python_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The reader as it is when PyYAML was built without libyaml."""
    monkeypatch.setattr(source, "_LIBYAML", False)
    monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(source, "_TagLoader", source._PyTagLoader)
    yield


class _RefusingLibyaml(source._TagLoader):
    """A libyaml that stops every document at once, in words of its own."""

    def _refuse(self) -> bool:
        mark = yaml.Mark("<string>", 0, 0, 0, "", 0)
        raise yaml.composer.ComposerError(None, None, "exceeded a limit of this libyaml", mark)

    def check_event(self, *choices: object) -> bool:
        return self._refuse()

    def get_single_node(self) -> yaml.Node | None:
        return self._refuse()  # type: ignore[return-value]


@pytest.fixture
def refusing_libyaml(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(source, "_Loader", _RefusingLibyaml)
    monkeypatch.setattr(source, "_TagLoader", _RefusingLibyaml)
    yield


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("name", [*BAD_YAML, *GOOD_YAML])
def test_libyaml_and_python_read_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = {**BAD_YAML, **GOOD_YAML}[name]
    with_libyaml = outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(source, "_LIBYAML", False)
        patch.setattr(source, "_Loader", yaml.SafeLoader)
        patch.setattr(source, "_TagLoader", source._PyTagLoader)
        python = outcome(text)
    assert with_libyaml == python


@pytest.mark.parametrize("name", list(BAD_YAML))
def test_each_refusal_is_located_in_the_projects_words(name: str) -> None:
    text = BAD_YAML[name]
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, first_line=2)
    assert caught.value.field == "yaml"
    assert 2 <= caught.value.line <= text.count("\n") + 2
    message = caught.value.message
    ends = ("(not valid YAML)", "(not allowed)", "(aliases that multiply are refused)")
    # A parser failure is said in plain words, the parser's own after them in brackets.
    assert message.endswith(ends) or re.search(r" \[parser: .+\]$", message), message
    assert not message.startswith("not valid YAML"), message  # each one is explained
    assert "exceeded maximum nesting depth" not in message


@pytest.mark.parametrize("name", [n for n, (_, m) in HOSTILE_YAML.items() if "nested" in m])
def test_deep_nesting_gets_the_projects_message(name: str) -> None:
    with pytest.raises(SourceError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_yaml(HOSTILE_YAML[name][0], first_line=2)


@pytest.mark.parametrize("name", [*BAD_YAML, *GOOD_YAML])
def test_what_libyaml_refuses_python_decides(name: str, refusing_libyaml: None) -> None:
    text = {**BAD_YAML, **GOOD_YAML}[name]
    refused = outcome(text)
    assert "this libyaml" not in str(refused)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "_Loader", yaml.SafeLoader)
        patch.setattr(source, "_TagLoader", source._PyTagLoader)
        patch.setattr(source, "_LIBYAML", False)
        assert refused == outcome(text)


def test_the_reader_without_libyaml_keeps_the_limits(python_only: None) -> None:
    for name, (front, message) in HOSTILE_YAML.items():
        with pytest.raises(SourceError, match=re.escape(message)) as caught:
            parse_yaml(front, first_line=2)
        assert caught.value.line >= 2, name
