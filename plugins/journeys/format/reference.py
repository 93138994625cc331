"""The key reference of the docs (``docs/reference/keys.md``), written from the key table."""

from __future__ import annotations

from .keys import OBJECTS, Key, Type

PAGE = "docs/reference/keys.md"

_INTRO = """\
# Key reference

<!-- Written by scripts/write_key_reference.py from plugins/journeys/format/keys.py: edit the
table there, then run the script (a test fails while this page is out of date). -->

Every key a source file may hold, by where it is written. The
[guide to writing maps](../guide/writing-maps.md) says how to use them; `journeys schema` gives
the same keys as a JSON Schema for editors. A key not listed here is reported as unknown.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(key: Key) -> str:
    if key.type in (Type.MAPPINGS, Type.ITEMS) and key.items:
        return f"{key.type.value} ([{key.items}](#{key.items}))"
    return key.type.value


def _allowed(key: Key) -> str:
    if not key.allowed:
        return ""
    return ", ".join(
        f"`{value}`" + (" (default)" if value == key.default else "") for value in key.allowed
    )


def key_reference() -> str:
    """The whole page, as Markdown."""
    parts = [_INTRO]
    for keys in OBJECTS:
        parts.append(f"\n## {keys.name}\n\n{keys.where[0].upper()}{keys.where[1:]}.\n")
        parts.append("\n| Key | Type | Required | Allowed values | Description |")
        parts.append("\n| --- | --- | --- | --- | --- |")
        for key in keys:
            required = "yes" if key.required else ""
            row = (f"`{key.name}`", _type(key), required, _allowed(key), key.description)
            parts.append("\n| " + " | ".join(_cell(cell) for cell in row) + " |")
        parts.append("\n")
    return "".join(parts)
