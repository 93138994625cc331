"""Texts a new map or persona starts with (``journeys new``) that nobody has replaced yet.

A map made from the template validates as it is, so its placeholders could reach the site
unnoticed ("Too many options to compare" on every new map). Each placeholder text still in a
source is a warning, which ``--strict``, the pre-commit hook and CI fail on.
"""

from __future__ import annotations

import re
from typing import Any

from .files import YamlList, YamlMap
from .mapping import join_field
from .problems import Problems

# The placeholders of templates/journey.md and templates/persona.md (tests/test_hints.py checks
# that each is in its template, and that a new file is warned about each one).
JOURNEY_PLACEHOLDERS = frozenset(
    {
        "Who keeps this map",
        "What the brand promises this customer",
        "Notices they need something",
        "Where do I start?",
        "Too many options to compare",
        "A short guided choice on the landing page",
        "Buys online",
    }
)
PERSONA_PLACEHOLDERS = frozenset(
    {
        "What they do",
        "Something they said in an interview.",
        "What they want to achieve",
        "What they need from us",
        "What gets in their way",
    }
)
JOURNEY_BODY = "The story of this journey: who, when, why, and what research it rests on."
PERSONA_BODY = "Background, and the research this persona rests on."


def _written(texts: frozenset[str]) -> re.Pattern[str]:
    """What a YAML text holding one of ``texts`` as a value must contain, when it has no
    backslash (no escapes): its words, each space perhaps folded into a line break and the
    indentation after it, and a ``'`` perhaps doubled (in single quotes)."""
    return re.compile(
        "|".join(
            r"\s+".join(re.escape(word).replace("'", "''?") for word in text.split())
            for text in sorted(texts)
        )
    )


_JOURNEY_WRITTEN = _written(JOURNEY_PLACEHOLDERS)
_PERSONA_WRITTEN = _written(PERSONA_PLACEHOLDERS)


def _may_hold(yaml_text: str | None, written: re.Pattern[str]) -> bool:
    """Whether a YAML block may hold a placeholder as a value; False is certain, so the walk of
    its values is skipped (a tenth of ``journeys validate``). A block not known (None), or one
    with escapes, may hold anything."""
    if yaml_text is None or "\\" in yaml_text:
        return True
    return written.search(yaml_text) is not None


def placeholder_message(text: str) -> str:
    return f"still the template's text (write your own in place of '{text}')"


def check_placeholders(
    data: YamlMap,
    body: str,
    body_line: int,
    path: str,
    problems: Problems,
    *,
    persona: bool = False,
    yaml_text: str | None = None,
) -> None:
    """Warn about each value, and the body, that is still the template's placeholder.

    ``yaml_text`` is the YAML block ``data`` was read from, when known.
    """
    texts = PERSONA_PLACEHOLDERS if persona else JOURNEY_PLACEHOLDERS
    if _may_hold(yaml_text, _PERSONA_WRITTEN if persona else _JOURNEY_WRITTEN):
        for line, field, value in _texts(data, ""):
            if value.strip() in texts:
                problems.warning(path, line, field, placeholder_message(value.strip()))
    placeholder = PERSONA_BODY if persona else JOURNEY_BODY
    if placeholder not in body:
        return
    for offset, line_text in enumerate(body.split("\n")):
        if line_text.strip() == placeholder:
            problems.warning(path, body_line + offset, "body", placeholder_message(placeholder))


def _texts(value: Any, field: str) -> list[tuple[int, str, str]]:
    """Every text in a mapping or list, with its line and field path."""
    found: list[tuple[int, str, str]] = []
    if isinstance(value, YamlMap):
        for key, item in value.items():
            here = join_field(field, key)
            if isinstance(item, str):
                found.append((value.key_line(key), here, item))
            else:
                found.extend(_texts(item, here))
    elif isinstance(value, YamlList):
        for index, item in enumerate(value):
            here = join_field(field, index)
            if isinstance(item, str):
                found.append((value.item_line(index), here, item))
            else:
                found.extend(_texts(item, here))
    return found
