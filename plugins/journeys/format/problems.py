"""Problems found in sources: located, ordered, and printed the way the contract asks."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .model import Where
from .slug import slugify

# A problem is one line of output, as tools read it: line breaks and other control characters in
# a quoted value are shown as escapes, and a very long value is cut in the middle.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_MESSAGE = 400


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line of at most about ``limit`` characters, its start and end kept."""
    text = _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)
    if len(text) > limit:
        keep = (limit - 3) // 2
        text = f"{text[:keep]} … {text[-keep:]}"
    return text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: ``path:LINE: field.path: what is wrong (what is allowed)``."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}: {self.field}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Problems:
    """Collects every problem of a run, so that all are reported and not only the first."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field_path: str, message: str) -> None:
        self._add(path, line, field_path, message, Severity.ERROR)

    def warning(self, path: str, line: int, field_path: str, message: str) -> None:
        self._add(path, line, field_path, message, Severity.WARNING)

    def error_at(self, where: Where, message: str) -> None:
        self._add(where.path, where.line, where.field, message, Severity.ERROR)

    def warning_at(self, where: Where, message: str) -> None:
        self._add(where.path, where.line, where.field, message, Severity.WARNING)

    def _add(self, path: str, line: int, field_path: str, message: str, severity: Severity) -> None:
        problem = Problem(path, line, one_line(field_path), one_line(message), severity)
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if not p.is_error]

    def sorted(self) -> list[Problem]:
        """Problems by file and line; each reported once."""
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.field, p.message))

    def __len__(self) -> int:
        return len(self.items)


def suggestion(word: str, known: Iterable[str]) -> str:
    """The hint for an unknown key or value: the closest known one, else the whole list."""
    choices = sorted(known)
    by_slug = {slugify(choice): choice for choice in choices}
    same = by_slug.get(slugify(word))
    if same is not None and same != word:
        # `Busy-Parent` or `Busy parent` for the id busy-parent: ids are lower-case slugs.
        return f"did you mean '{same}'? ids are lower case, with '-' between words"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known: " + ", ".join(choices)
