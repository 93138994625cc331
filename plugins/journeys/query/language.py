"""The language of a query block: one line per condition or option, ``name: value``.

    severity: >= high            a comparison: = (the default), !=, >, >=, <, <=
    persona: busy-parent, subscriber    any of several values
    emotion: 1..2                a range, both ends included
    status: not done             `not` is `!=`
    evidence: no                 `yes` / `no`: whether the item has any value at all
    sort: severity desc, id      options: sort, limit, columns (view for a diagram)

Every line must hold; a line with several values holds when one of them does. Each line is
checked against the catalog, and a line that cannot be read is a located problem that names
what is allowed, so a typo fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog import Catalog
from ..format.problems import Problem, Problems, suggestion
from ..format.words import article
from .kinds import JOURNEY_DIAGRAM, Field, Kind, Type, Value

COMPARISONS = (">=", "<=", "!=", ">", "<", "=")
RANGE = ".."
PRESENCE = {"yes": True, "no": False}
TABLE_OPTIONS = ("sort", "limit", "columns")
DIAGRAM_OPTIONS = ("view",)
DIAGRAM_VIEWS = ("diagram", "swimlane")

_LINE = re.compile(r"(?P<name>[A-Za-z_][\w-]*)\s*:(?P<value>.*)\Z")
_COMPARISON = re.compile(r"(>=|<=|!=|>|<|=)\s*(.*)\Z", re.S)
_NOT = re.compile(r"not\s+(.*)\Z", re.S | re.I)
_RANGE = re.compile(r"([^.\s]+)\s*\.\.\s*([^.\s]+)\Z")
_DASH_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)\Z")  # emotion: 1-2


def _unwrap(value: str) -> str:
    """A value as YAML habits write it: quoted (``">= high"``) or as a list (``[a, b]``)."""
    for opening, closing in (('"', '"'), ("'", "'"), ("[", "]")):
        if len(value) >= 2 and value[0] == opening and value[-1] == closing:
            return value[1:-1].strip()
    return value


@dataclass(frozen=True)
class Condition:
    field: Field[Any]
    operator: str  # one of COMPARISONS, or RANGE
    values: tuple[Value, ...]  # normalised: a rank's position, a number, text in lower case
    line: int
    written: str  # the line as written, for the "no match" sentence
    presence: bool | None = None  # `yes` / `no`, with `!=` already applied


@dataclass
class Query:
    kind: str
    line: int  # the line of the opening fence
    conditions: list[Condition] = field(default_factory=list)
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (sort key, descending)
    limit: int | None = None
    columns: list[str] = field(default_factory=list)
    view: str = "diagram"

    def values_of(self, name: str) -> list[Value]:
        """The values the block gives for a field (a diagram's journeys and stages)."""
        return [v for c in self.conditions if c.field.name == name for v in c.values]

    def describe(self) -> str:
        """The block's conditions as written: ``persona: busy-parent; severity: >= high``."""
        return "; ".join(c.written for c in self.conditions)


def parse_query(
    of: Kind[Any], lines: Sequence[str], first_line: int, path: str, catalog: Catalog
) -> tuple[Query, list[Problem]]:
    """Read a block's lines (the first is on ``first_line`` of ``path``) into a query."""
    kind = of.name
    reader = _Reader(kind, path, catalog, Problems())
    query = Query(kind, first_line - 1)
    fields = {spec.name: spec for spec in of.fields}
    options = of.options
    columns, sort_keys = list(of.columns), list(of.sort_keys)
    seen: set[str] = set()
    for offset, raw in enumerate(lines):
        line = first_line + offset
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(stripped)
        if match is None:
            reader.problem(
                line,
                kind,
                f"cannot read '{stripped}' (write one 'field: value' per line; fields: "
                f"{', '.join(fields)}; options: {', '.join(options)})",
            )
            continue
        name, value = match["name"], _unwrap(match["value"].strip())
        if name not in fields and name.endswith("s") and name[:-1] in fields:
            name = name[:-1]  # the export's plural: personas, tags, pains, journeys
        if name in options:
            if name in seen:
                reader.problem(line, f"{kind}.{name}", "given twice (keep one line of it)")
            seen.add(name)
            reader.option(query, name, value, line, columns, sort_keys)
        elif name in fields:
            condition = reader.condition(fields[name], value, line, stripped)
            if condition is not None:
                query.conditions.append(condition)
        else:
            reader.problem(
                line,
                f"{kind}.{name}",
                "unknown field "
                f"({hint(name, [*fields, *options], f'fields of {article(kind)} {kind} block')}"
                f"; options: {', '.join(options)})",
            )
    if kind == JOURNEY_DIAGRAM and not query.values_of("journey"):
        reader.problem(query.line, kind, "which journey? (add a line 'journey: <id>' to the block)")
    return query, reader.problems.sorted()


@dataclass
class _Reader:
    kind: str
    path: str
    catalog: Catalog
    problems: Problems
    _known: dict[str, list[str]] = field(default_factory=dict)

    def known(self, spec: Field[Any]) -> list[str]:
        """The values the maps use for a field, gathered once per block (some walk every step)."""
        if spec.name not in self._known:
            self._known[spec.name] = list(spec.known(self.catalog)) if spec.known else []
        return self._known[spec.name]

    def problem(self, line: int, where: str, message: str) -> None:
        self.problems.warning(self.path, line, where, message)

    def condition(self, spec: Field[Any], value: str, line: int, written: str) -> Condition | None:
        where = f"{self.kind}.{spec.name}"
        operator, rest = "=", value
        if match := _COMPARISON.match(value):
            operator, rest = match[1], match[2].strip()
        elif match := _NOT.match(value):
            operator, rest = "!=", match[1].strip()
        if not rest:
            self.problem(line, where, f"needs a value: {spec.about}")
            return None
        if self.kind == JOURNEY_DIAGRAM and operator != "=":
            self.problem(line, where, "a diagram block names its journeys and stages: no operators")
            return None
        range_match = None
        if operator == "=":
            range_match = _RANGE.match(rest)
            if range_match is None and spec.type is Type.NUMBER:
                range_match = _DASH_RANGE.match(rest)
        if range_match:
            operator = RANGE
            words = [range_match[1], range_match[2]]
        else:
            words = self._words(spec, rest)
        lowered = [w.lower() for w in words]
        if spec.presence and any(w in PRESENCE for w in lowered) and operator in ("=", "!="):
            if len(words) > 1:
                self.problem(line, where, "'yes' or 'no' stands alone on its line")
                return None
            present = PRESENCE[lowered[0]]
            return Condition(spec, operator, (), line, written, present != (operator == "!="))
        ordered = spec.type in (Type.RANK, Type.NUMBER)
        if operator not in ("=", "!=") and not ordered:
            self.problem(
                line,
                where,
                f"'{operator}' compares ordered values: severity, status and numbers; "
                f"{spec.name} takes {'=' if spec.type is Type.ID else 'text'} and '!='",
            )
            return None
        if operator in (">", "<", ">=", "<=") and len(words) > 1:
            self.problem(line, where, f"'{operator}' compares with one value, not {len(words)}")
            return None
        values = [self._value(spec, word, line, where) for word in words]
        if any(v is None for v in values):
            return None
        kept = tuple(v for v in values if v is not None)
        bounds = [v for v in kept if isinstance(v, int)]  # a range's ends are whole numbers
        if operator == RANGE and bounds[0] > bounds[1]:
            self.problem(line, where, f"the range {rest} is empty (write the lower end first)")
            return None
        return Condition(spec, operator, kept, line, written)

    def _words(self, spec: Field[Any], rest: str) -> list[str]:
        """Values split at commas, except a text that a map uses whole ("Sales, EMEA")."""
        known = self.known(spec)
        if spec.type is Type.TEXT and rest.casefold() in {k.casefold() for k in known}:
            return [rest]
        return [w.strip() for w in rest.split(",") if w.strip()]

    def _value(self, spec: Field[Any], word: str, line: int, where: str) -> Value | None:
        if spec.type is Type.RANK:
            if word.lower() in spec.order:
                return spec.order.index(word.lower())
            self.problem(
                line,
                where,
                f"unknown {spec.name} '{word}' "
                f"({hint(word.lower(), spec.order, spec.name + ', lowest first')})",
            )
            return None
        if spec.type is Type.NUMBER:
            low, high = spec.bounds or (-(10**9), 10**9)
            try:
                number = int(word)
            except ValueError:
                number = None
            if number is None or not low <= number <= high:
                self.problem(line, where, f"'{word}' is not a whole number from {low} to {high}")
                return None
            return number
        known = self.known(spec)
        if spec.type is Type.TEXT:
            if word.casefold() in {k.casefold() for k in known}:
                return word.casefold()
        elif word in known:
            return word
        extra = " or yes / no" if spec.presence else ""
        self.problem(
            line,
            where,
            f"no {spec.name} '{word}' in the maps ({suggestion(word, known)}{extra})",
        )
        return None

    def option(
        self,
        query: Query,
        name: str,
        value: str,
        line: int,
        columns: Collection[str],
        sort_keys: Collection[str],
    ) -> None:
        where = f"{self.kind}.{name}"
        words = [w.strip() for w in value.split(",") if w.strip()]
        if not words:
            self.problem(line, where, "needs a value")
        elif name == "limit":
            if value.isdigit() and int(value) > 0:
                query.limit = int(value)
            else:
                self.problem(line, where, f"'{value}' is not a whole number of rows, 1 or more")
        elif name == "view":
            if value in DIAGRAM_VIEWS:
                query.view = value
            else:
                self.problem(
                    line,
                    where,
                    _unknown("view", value, DIAGRAM_VIEWS),
                )
        elif name == "columns":
            unknown = [w for w in words if w not in columns]
            for word in unknown:
                self.problem(line, where, _unknown("column", word, columns))
            if not unknown:
                query.columns = words
        else:
            query.sort = self._sort(words, line, where, sort_keys) or query.sort

    def _sort(
        self, words: list[str], line: int, where: str, sort_keys: Collection[str]
    ) -> list[tuple[str, bool]]:
        order: list[tuple[str, bool]] = []
        for word in words:
            key, _, direction = word.partition(" ")
            direction = direction.strip().lower() or "asc"
            if key.startswith("-") and direction == "asc":
                key, direction = key[1:], "desc"  # "-severity", as in many query languages
            if key not in sort_keys:
                self.problem(line, where, _unknown("sort key", key, sort_keys))
                return []
            if direction not in ("asc", "desc"):
                self.problem(line, where, f"'{direction}' after {key}: write asc or desc")
                return []
            order.append((key, direction == "desc"))
        return order


def _unknown(what: str, word: str, allowed: Collection[str]) -> str:
    return f"unknown {what} '{word}' ({hint(word, allowed, what + 's')})"


def hint(word: str, allowed: Collection[str], label: str) -> str:
    """The closest allowed word if one is close, then every allowed word, in their order."""
    close = difflib.get_close_matches(word, list(allowed), n=1, cutoff=0.6)
    listed = f"{label}: {', '.join(allowed)}"
    return f"did you mean '{close[0]}'?; {listed}" if close else listed
