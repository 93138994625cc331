"""Typed reads of one YAML mapping, each bad value reported with its file, line and field path."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from .files import YamlList, YamlMap
from .keys import Key, Object, Type
from .model import Where
from .problems import Problems, suggestion
from .slug import ID_RULE, is_id

_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n"})
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def join_field(prefix: str, key: str | int) -> str:
    """``stages[0]`` + ``steps`` -> ``stages[0].steps``; ``pains`` + 2 -> ``pains[2]``.

    Any other key than a plain word is quoted (``metrics."wait time"``), so that an empty key,
    or one with spaces, dots or colons, still shows where it begins and ends.
    """
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    if not _PLAIN_KEY.match(key):
        key = json.dumps(key, ensure_ascii=False)
    return f"{prefix}.{key}" if prefix else key


def as_text(value: Any) -> str | None:
    """A scalar as text; numbers count as text where text is meant (``action: 2024``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


class Fields:
    """Reads the keys of one mapping, reporting each problem and never raising."""

    def __init__(
        self,
        data: YamlMap,
        path: str,
        prefix: str,
        problems: Problems,
        known: Iterable[str],
        *,
        missing_line: int | None = None,
        reported_elsewhere: Iterable[str] = (),
    ) -> None:
        self.data = data
        self.path = path
        self.prefix = prefix
        self.problems = problems
        self.known = frozenset(known)
        # A missing key is reported where its mapping begins (line 1 for the top level).
        self.missing_line = data.line if missing_line is None else missing_line
        # Keys of another level, which `levels.check_levels` reports as errors.
        self.reported_elsewhere = frozenset(reported_elsewhere)
        self._check_keys()

    def _check_keys(self) -> None:
        for key, line in self.data.duplicate_keys:
            self.problems.error(
                self.path, line, self.field(key), "given twice in one mapping (keep one)"
            )
        for line in self.data.non_text_keys:
            self.problems.error(self.path, line, self.prefix or "front matter", "keys must be text")
        for key in self.data:
            if key not in self.known and key not in self.reported_elsewhere:
                self.problems.warning(
                    self.path,
                    self.data.key_line(key),
                    self.field(key),
                    f"unknown key ({suggestion(key, self.known)})",
                )

    @classmethod
    def of(
        cls,
        data: YamlMap,
        path: str,
        prefix: str,
        problems: Problems,
        keys: Object,
        *,
        missing_line: int | None = None,
        reported_elsewhere: Iterable[str] = (),
    ) -> Fields:
        """The reader of a mapping whose known keys are those of an object of the key table."""
        return cls(
            data,
            path,
            prefix,
            problems,
            keys.name_set,
            missing_line=missing_line,
            reported_elsewhere=reported_elsewhere,
        )

    def read(self, key: Key) -> Any:
        """A plain key's value, read and checked as the key table says (``keys.PLAIN``)."""
        if key.type is Type.TEXT:
            return self.text(key.name, required=key.required)
        if key.type is Type.TEXTS:
            return self.text_list(key.name)
        if key.type is Type.SCORE:
            return self.integer(key.name, 1, 5, required=key.required)
        if key.type is Type.CHOICE:
            return self.choice(key.name, key.allowed, None)
        if key.type is Type.DATE:
            return self.date(key.name)
        if key.type is Type.NUMBERS:
            return self.number_map(key.name)
        raise ValueError(f"'{key.name}' ({key.type.value}) is read by the parser's own code")

    def read_plain(self, keys: Object, *read_apart: str) -> dict[str, Any]:
        """Every plain key of an object by name, but those the parser reads apart."""
        data = self.data
        values: dict[str, Any] = {}
        for key in keys.plain_keys:
            name = key.name
            if name in read_apart:
                continue
            if key.required is None and data.get(name) is None:
                # Most keys of a mapping are left out: what ``read`` gives for them, quicker.
                key_type = key.type
                values[name] = (
                    [] if key_type is Type.TEXTS else {} if key_type is Type.NUMBERS else None
                )
            else:
                values[name] = self.read(key)
        return values

    def field(self, key: str | int) -> str:
        return join_field(self.prefix, key)

    def line(self, key: str) -> int:
        return self.data.key_line(key)

    def where(self, key: str) -> Where:
        return Where(self.path, self.line(key), self.field(key))

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def error(self, key: str, message: str) -> None:
        self.problems.error(self.path, self.line(key), self.field(key), message)

    def missing(self, key: str, what: str) -> None:
        """A required key left out (at its mapping's line), or given with no value (at its own)."""
        if key in self.data and self.data[key] is None:
            self.error(key, f"is empty ({what})")
            return
        self.problems.error(self.path, self.missing_line, self.field(key), f"missing ({what})")

    def text(self, key: str, *, required: str | None = None) -> str | None:
        """A text value; ``required`` says what the key is for when it is missing."""
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                if key in self.data:
                    self.error(key, f"is empty ({required})")
                else:
                    self.missing(key, required)
            return None
        text = as_text(value)
        if text is None:
            self.error(key, f"must be text, not {_kind(value)}")
            return None
        return text

    def text_list(self, key: str) -> list[str]:
        """A list of texts; a single text counts as a list of one."""
        value = self.data.get(key)
        if value is None:
            return []
        single = as_text(value)
        if single is not None:
            return [single]
        if not isinstance(value, YamlList):
            self.error(key, f"must be a list of texts, not {_kind(value)}")
            return []
        result = []
        for index, item in enumerate(value):
            text = as_text(item)
            if text is None:
                self.problems.error(
                    self.path,
                    value.item_line(index),
                    join_field(self.field(key), index),
                    f"must be text, not {_kind(item)}",
                )
            else:
                result.append(text)
        return result

    def id_list(self, key: str, what: str) -> list[tuple[str, Where]]:
        """A list of ids (a single id counts as a list of one), each with its place."""
        value = self.data.get(key)
        if value is None:
            return []
        items = value if isinstance(value, YamlList) else None
        if items is None:
            if as_text(value) is None:
                self.error(key, f"must be a list of {what} ids, not {_kind(value)}")
                return []
            pairs = [(as_text(value) or "", self.where(key))]
        else:
            pairs = []
            list_field = self.field(key)
            for index, item in enumerate(items):
                where = Where(self.path, items.item_line(index), join_field(list_field, index))
                text = as_text(item)
                if text is None:
                    self.problems.error_at(where, f"must be a {what} id, not {_kind(item)}")
                else:
                    pairs.append((text, where))
        return pairs

    def integer(self, key: str, low: int, high: int, *, required: str | None = None) -> int | None:
        value = self.data.get(key)
        allowed = f"a whole number from {low} to {high}"
        if value is None:
            if required:
                self.missing(key, required)
            return None
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        shown = f"'{value}'" if isinstance(value, str) else _kind(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = str(value)
        if isinstance(value, str) and _quoted_number(value) is not None:
            self.error(key, quoted_number_message(value, allowed))
            return None
        self.error(key, f"{shown} is not allowed ({allowed})")
        return None

    def choice(self, key: str, choices: Iterable[str], default: str | None) -> str | None:
        options = tuple(choices)
        value = self.data.get(key)
        if value is None:
            return default
        text = as_text(value)
        if text not in options:
            if text and text.strip().lower() in options:
                hint = f"; write it in lower case: '{text.strip().lower()}'"
            else:
                close = suggestion(text or "", options) if text else ""
                hint = f"; {close}" if close.startswith("did you mean") else ""
            self.error(key, f"'{value}' is not allowed (one of: {', '.join(options)}){hint}")
            return default
        return text

    def identifier(self, key: str) -> str | None:
        """An explicit id, checked against the slug rule; None when absent or invalid."""
        value = self.data.get(key)
        if value is None:
            return None
        text = as_text(value)
        if text is None or not is_id(text):
            self.error(key, f"'{value}' is not a valid id ({ID_RULE})")
            return None
        return text

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        text = as_text(value) or ""
        try:
            return dt.datetime.fromisoformat(text.strip()).date()
        except ValueError:
            meant = _date_meant(text.strip())
            hint = f": write {meant}" if meant else ""
            self.error(key, f"'{value}' is not a date (a date as YYYY-MM-DD, quoted or not){hint}")
            return None

    def number_map(self, key: str) -> dict[str, float]:
        """A mapping of names to numbers (metrics); booleans are refused."""
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, YamlMap):
            self.error(key, f"must be a mapping of names to numbers, not {_kind(value)}")
            return {}
        result: dict[str, float] = {}
        for name, number in value.items():
            if (
                isinstance(number, int | float)
                and not isinstance(number, bool)
                and math.isfinite(number)
            ):
                result[name] = float(number)
                continue
            where_line = value.key_line(name)
            field_path = join_field(self.field(key), name)
            if isinstance(number, str) and number.strip().lower() in _BOOLEAN_WORDS:
                self.problems.error(
                    self.path, where_line, field_path, f"'{number}' is a boolean (a number)"
                )
            elif isinstance(number, str) and _quoted_number(number) is not None:
                self.problems.error(
                    self.path, where_line, field_path, quoted_number_message(number, "a number")
                )
            else:
                shown = f"'{number}'" if isinstance(number, str) else _kind(number)
                self.problems.error(
                    self.path, where_line, field_path, f"{shown} is not a number (a number)"
                )
        return result

    def mapping_list(self, key: str, *, required: str | None = None) -> YamlList | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, required)
            return None
        if not isinstance(value, YamlList):
            self.error(key, f"must be a list, not {_kind(value)}")
            return None
        if not value and required:
            self.error(key, f"is empty ({required})")
        return value


def _kind(value: Any) -> str:
    if isinstance(value, YamlMap | dict):
        return "a mapping"
    if isinstance(value, YamlList | list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def _quoted_number(text: str) -> float | None:
    """The number a text in quotes holds (``"2"``), if it is one: YAML read it as text."""
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and text.strip() else None


def quoted_number_message(text: str, allowed: str) -> str:
    """A number written in quotes: YAML reads it as text, so say to drop the quotes."""
    return (
        f"'{text}' is text, because of its quotes ({allowed}: write {text.strip()} without quotes)"
    )


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")


def _date_meant(text: str) -> str | None:
    """The ISO form of a date written another way (2026-9-14, 2026/09/14, 14 September 2026).

    Day-first and month-first forms with numbers only (03/04/2026) are not guessed at.
    """
    cleaned = text.replace(",", "")
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, form).date().isoformat()
        except ValueError:
            continue
    return None
