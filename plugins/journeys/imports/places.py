"""Where a value of the imported journey came from, so the parser's problems name a cell.

The front matter built from a sheet is handed to the project's own parser. Its mappings and
lists carry, where a file's would carry line numbers, codes that stand for a cell, a row or a
command-line option; a problem the parser reports at such a code is shown at that place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..format.files import YamlList, YamlMap

FIRST_CODE = 1_000_000  # far above any line of a real file, so the two never mix
JOURNEY_LINE = 1  # the top of the front matter: a missing title or persona is reported here


@dataclass(frozen=True)
class Place:
    """A cell (with its column's header), a row, or an option of the command."""

    text: str  # "map.csv:7", "book.xlsx:Sheet1!C7", "book.xlsx:Sheet1 row 7", "--persona"
    column: str | None = None  # the header as written in the sheet
    rows: frozenset[int] = frozenset()  # the sheet rows it stands for (left out by --force)


@dataclass(frozen=True)
class Issue:
    """One problem of an import, at its place."""

    place: Place
    message: str
    is_error: bool = True
    key: str | None = None  # the step key, where the place is a row rather than a cell

    def __str__(self) -> str:
        if self.place.column is not None:
            return f"{self.place.text}: column '{self.place.column}': {self.message}"
        if self.key:
            return f"{self.place.text}: {self.key}: {self.message}"
        return f"{self.place.text}: {self.message}"


class Places:
    """Codes handed out for places; code -> place on the way back."""

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._codes: dict[Place, int] = {}

    def code(self, place: Place) -> int:
        known = self._codes.get(place)
        if known is not None:
            return known
        self._places.append(place)
        self._codes[place] = FIRST_CODE + len(self._places) - 1
        return self._codes[place]

    def place(self, line: int) -> Place | None:
        index = line - FIRST_CODE
        return self._places[index] if 0 <= index < len(self._places) else None

    def rewrite(self, message: str, path: str) -> tuple[str, frozenset[int]]:
        """Places named inside a message ("first at line N", "at path:N") shown as cells;
        with the rows of those places."""
        rows: set[int] = set()

        def shown(match: re.Match[str]) -> str:
            place = self.place(int(match.group(2)))
            if place is None:
                return match.group(0)
            rows.update(place.rows)
            return place.text

        message = re.sub(rf"({re.escape(path)}:)(\d+)", shown, message)
        return re.sub(r"(line )(\d+)", shown, message), frozenset(rows)


def new_map(line: int) -> YamlMap:
    """An empty mapping as the YAML reader makes them, at ``line``."""
    mapping = YamlMap()
    mapping.line = line
    mapping.key_lines = {}
    mapping.duplicate_keys = []
    mapping.non_text_keys = []
    return mapping


def put(mapping: YamlMap, key: str, value: object, line: int) -> None:
    mapping[key] = value
    mapping.key_lines[key] = line


def new_list(items: list[object], line: int) -> YamlList:
    """A list whose items all come from one place (the cell they were split from)."""
    result = YamlList(items)
    result.line = line
    result.item_lines = [line] * len(items)
    return result
