"""Problems found in sources: located, ordered, and printed the way the contract asks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


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
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Problems:
    """Collects every problem of a run, so that all are reported and not only the first."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field_path: str, message: str) -> None:
        self.items.append(Problem(path, line, field_path, message, Severity.ERROR))

    def warning(self, path: str, line: int, field_path: str, message: str) -> None:
        self.items.append(Problem(path, line, field_path, message, Severity.WARNING))

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
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known: " + ", ".join(choices)
