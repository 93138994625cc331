"""The front matter of one journey from the rows of a sheet: stages carried down, cells split
into lists, scores read as numbers, and each value marked with the cell it came from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..export import restore_formula
from ..format import keys as format_keys
from ..format.files import YamlList, YamlMap
from ..format.model import Journey, OpportunityRef, PainRef, Touchpoint
from ..format.slug import slugify
from .columns import (
    JOURNEY,
    PERSONAS,
    STAGE_ID,
    STAGE_NAME,
    TOUCHPOINT_NAME,
    Column,
    Kind,
    Layout,
)
from .places import Issue, Place, Places, new_list, new_map, put
from .table import Row, Table, Value, number_text

_INTEGER = re.compile(r"[+-]?\d+\Z")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_FORMULA_GUARD = re.compile(r"'(?=[=+\-@\t\r])")  # what the export puts before a formula sign

Definitions = dict[str, dict[str, Any]]  # item id -> the fields its places give


@dataclass
class Context:
    """What the journeys folder already says, for a sheet the export wrote (ids in its cells)."""

    registry: dict[str, Touchpoint] = field(default_factory=dict)
    free_text: dict[str, str] = field(default_factory=dict)  # free-text touchpoints: id -> text
    persona_names: dict[str, str] = field(default_factory=dict)
    # Pain points and opportunities as the other journeys define them, and as the file that the
    # import replaces defined them: what only the replaced file gave is written into the new one.
    elsewhere: dict[str, Definitions] = field(default_factory=dict)
    replaced: dict[str, Definitions] = field(default_factory=dict)


def definitions(journeys: Iterable[Journey]) -> dict[str, Definitions]:
    """Every field that the pain points and opportunities of these journeys give, by id."""
    found: dict[str, Definitions] = {"pains": {}, "opportunities": {}}
    for journey in journeys:
        for step in [*journey.steps, *journey.dropped_steps]:
            for kind, refs in (("pains", step.pains), ("opportunities", step.opportunities)):
                for ref in refs:
                    _define(found[kind].setdefault(ref.id, {}), ref)
    return found


def _define(fields: dict[str, Any], ref: PainRef | OpportunityRef) -> None:
    keys = format_keys.PAIN.names if isinstance(ref, PainRef) else format_keys.OPPORTUNITY.names
    for key in keys:
        value = getattr(ref, key, None)
        if key == "id" or value is None or value == []:
            continue
        if isinstance(value, list):
            known = fields.setdefault(key, [])
            known.extend(item for item in value if item not in known)
        else:
            fields.setdefault(key, value)


@dataclass
class Built:
    """The front matter's stages, and what the build found wrong in the cells."""

    stages: YamlList
    issues: list[Issue]
    step_count: int


class Builder:
    """Turns rows into stages and steps; one per import, over the rows that are kept."""

    def __init__(self, table: Table, layout: Layout, places: Places, context: Context) -> None:
        self.table = table
        self.layout = layout
        self.places = places
        self.context = context
        self.csv = table.sheet is None
        self.issues: list[Issue] = []
        self.defined: set[tuple[str, str]] = set()  # (kind, id) already defined in the new file

    # Places ------------------------------------------------------------------------------

    def cell(self, row: Row, column: Column, rows: Iterable[int] = ()) -> int:
        place = Place(
            self.table.cell_place(row, column.index),
            column.header,
            frozenset([row.number, *rows]),
        )
        return self.places.code(place)

    def row_code(self, row: Row, rows: Iterable[int] = ()) -> int:
        place = Place(self.table.row_place(row), None, frozenset([row.number, *rows]))
        return self.places.code(place)

    def problem(self, row: Row, column: Column, message: str) -> None:
        place = Place(
            self.table.cell_place(row, column.index), column.header, frozenset([row.number])
        )
        self.issues.append(Issue(place, message))

    # Cells -------------------------------------------------------------------------------

    def text(self, row: Row, key: str) -> str | None:
        column = self.layout.get(key)
        if column is None:
            return None
        return self._text(row.value(column.index))

    def _text(self, value: Value) -> str | None:
        if value is None:
            return None
        if isinstance(value, float):
            return number_text(value)
        text = str(value).strip()
        if self.csv and self.layout.exported:
            text = restore_formula(text)  # the export's guard against formulas, taken off
        elif self.csv and _FORMULA_GUARD.match(text):
            text = text[1:]  # the same guard in a sheet of one's own; other quotes are text
        return text or None

    def parts(self, text: str, *, semicolons: bool) -> list[str]:
        """A list cell's items: one per line, and (in a team's own sheet) per `;`."""
        pattern = r"[\n;]" if semicolons and not self.layout.exported else r"\n"
        return [part.strip() for part in re.split(pattern, text) if part.strip()]

    # Rows --------------------------------------------------------------------------------

    def stages(self, rows: list[Row], left_out: set[int]) -> Built:
        """Consecutive rows of one stage make it; a blank stage cell repeats the one above.

        Rows in ``left_out`` (errors, with --force) give no step, but the stage they name
        still carries down to the rows below.
        """
        name_column = self.layout.get(STAGE_NAME)
        id_column = self.layout.get(STAGE_ID)
        stages = YamlList()
        stages.line = self.places.code(Place(self.table.name))
        stages.item_lines = []
        steps = 0
        for key, all_rows in self._groups(rows):
            group = [row for row in all_rows if row.number not in left_out]
            if not group:
                continue
            first = all_rows[0]
            numbers = [row.number for row in group]
            stage = new_map(self.row_code(first, numbers))
            name = self.text(first, STAGE_NAME)
            if name_column is not None:
                put(stage, "name", name, self.cell(first, name_column, numbers))
            if id_column is not None and key[0] and key[0] != slugify(name or ""):
                put(stage, "id", key[0], self.cell(first, id_column, numbers))
            step_list = YamlList()
            step_list.line = stage.line
            step_list.item_lines = []
            for row in group:
                step = self.step(row)
                if step is not None:
                    step_list.append(step)
                    step_list.item_lines.append(step.line)
            steps += len(step_list)
            put(stage, "steps", step_list, stage.line)
            stages.append(_ordered(stage, format_keys.STAGE.names))
            stages.item_lines.append(stage.line)
        return Built(stages, self.issues, steps)

    def _groups(self, rows: list[Row]) -> list[tuple[tuple[str, str], list[Row]]]:
        groups: list[tuple[tuple[str, str], list[Row]]] = []
        current: tuple[str, str] | None = None
        for row in rows:
            name = self.text(row, STAGE_NAME)
            stage_id = self.text(row, STAGE_ID)
            if name is None and stage_id is None:
                if current is None:
                    column = self.layout.get(STAGE_NAME)
                    assert column is not None  # the header check asks for it
                    self.problem(
                        row,
                        column,
                        "empty on the first step (the stage's name; a blank cell below "
                        "repeats the stage above)",
                    )
                    continue
                groups[-1][1].append(row)
                continue
            key = (stage_id or "", name or "")
            if key != current:
                groups.append((key, []))
                current = key
            groups[-1][1].append(row)
        return groups

    def step(self, row: Row) -> YamlMap | None:
        """The step of a row; None for a row that only names its stage."""
        step = new_map(self.row_code(row))
        for key in format_keys.STEP.names:
            column = self.layout.get(key)
            if column is None:
                continue
            value = self.value(row, column)
            if value is not None:
                put(step, key, value, self.cell(row, column))
            elif key in ("action", "emotion"):
                put(step, key, None, self.cell(row, column))  # "is empty", at the cell
        if all(step.get(key) is None for key in step):
            return None
        if isinstance(step.get("action"), str) and step.get("id") == slugify(step["action"]):
            del step["id"]  # the default: written only where it differs from the slug
        if self.layout.exported:
            self._defaults(row, step)
        return step

    def value(self, row: Row, column: Column) -> object:
        raw = row.value(column.index)
        if column.kind is Kind.INTEGER:
            return _score(raw if not isinstance(raw, str) else self._text(raw))
        text = self._text(raw)
        if text is None:
            return None
        line = self.cell(row, column)
        if column.kind is Kind.LIST:
            return new_list(list(self.parts(text, semicolons=True)), line)
        if column.kind is Kind.LINES:
            items = self.parts(text, semicolons=False)
            return items[0] if len(items) == 1 else new_list(list(items), line)
        if column.kind is Kind.IDS:
            return new_list(list(re.split(r"[\s;]+", text.strip(" ;\n"))), line)
        if column.kind is Kind.METRICS:
            return self.metrics(row, column, text)
        if column.kind is Kind.ITEMS:
            if self.layout.exported:
                return self.item_ids(column.key, text, line)
            return new_list(list(self.parts(text, semicolons=True)), line)
        return text

    def metrics(self, row: Row, column: Column, text: str) -> YamlMap | None:
        metrics = new_map(self.cell(row, column))
        for part in self.parts(text, semicolons=True):
            name, sign, value = part.partition("=") if "=" in part else part.partition(":")
            if not sign or not name.strip():
                self.problem(
                    row,
                    column,
                    f"'{part}' is not name=value (one metric a line, e.g. wait_minutes=18)",
                )
                continue
            put(metrics, name.strip(), _number(value.strip()), metrics.line)
        return metrics or None

    def item_ids(self, kind: str, text: str, line: int) -> YamlList:
        """Items of an export's cell: ids, each written with what only the replaced file said.

        The definitions (text, severity, ...) that other journeys give stay there; those that
        only the file being replaced gave are written at the item's first place in the new one.
        """
        keys = format_keys.PAIN.names if kind == "pains" else format_keys.OPPORTUNITY.names
        items: list[object] = []
        for item_id in re.split(r"[\s;]+", text.strip(" ;\n")):
            given = self.context.replaced.get(kind, {}).get(item_id, {})
            elsewhere = self.context.elsewhere.get(kind, {}).get(item_id, {})
            needed: dict[str, Any] = {}
            if (kind, item_id) not in self.defined:
                for key, value in given.items():
                    if isinstance(value, list):
                        extra = [v for v in value if v not in elsewhere.get(key, [])]
                        if extra:
                            needed[key] = new_list(list(extra), line)
                    elif key not in elsewhere:
                        needed[key] = value
                self.defined.add((kind, item_id))
            text_of = needed.get("text") or given.get("text") or elsewhere.get("text")
            if set(needed) <= {"text"} and text_of and slugify(text_of) == item_id:
                items.append(text_of)  # plain text: its slug is the id
                continue
            item = new_map(line)
            if not (needed.get("text") and slugify(needed["text"]) == item_id):
                put(item, "id", item_id, line)
            for key in keys:
                if key in needed:
                    put(item, key, needed[key], line)
            items.append(item)
        return new_list(items, line)

    def _defaults(self, row: Row, step: YamlMap) -> None:
        """What the export filled in from elsewhere goes back to being a default."""
        several = step.get("touchpoints")
        if "touchpoint" in step and isinstance(several, YamlList):
            # An export may give the first touchpoint beside the list of all: keep one key.
            if list(several) == [step["touchpoint"]]:
                del step["touchpoints"]
            elif several and several[0] == step["touchpoint"]:
                del step["touchpoint"]
        touchpoint_id = step.get("touchpoint")
        first = touchpoint_id or (several[0] if isinstance(several, YamlList) and several else "")
        registered = self.context.registry.get(str(first))  # its channel is the default
        name = self.text(row, TOUCHPOINT_NAME) or self.context.free_text.get(str(touchpoint_id))
        if touchpoint_id and registered is None and name and slugify(name) == touchpoint_id:
            step["touchpoint"] = name  # a free-text touchpoint, as written
        touchpoints = step.get("touchpoints")
        if isinstance(touchpoints, YamlList):  # the ids of free-text touchpoints, as written
            for index, item in enumerate(touchpoints):
                text = self.context.free_text.get(str(item))
                if item not in self.context.registry and text and slugify(text) == item:
                    touchpoints[index] = text
        if registered is not None and step.get("channel") == registered.channel:
            del step["channel"]  # the registered touchpoint's channel
        personas = self.text(row, PERSONAS)
        if personas and "actors" in step:
            names = [self.context.persona_names.get(p, p) for p in personas.split()]
            if list(step["actors"]) == names:
                del step["actors"]  # the default: the persona names

    def journey_ids(self, rows: list[Row]) -> list[str]:
        """The journeys a sheet holds rows of (the export's `journey` column), in order."""
        return list(dict.fromkeys(self.journey_of(rows)))

    def journey_of(self, rows: list[Row]) -> list[str]:
        """Each row's journey; a blank cell repeats the one above."""
        result, current = [], ""
        for row in rows:
            current = self.text(row, JOURNEY) or current
            result.append(current)
        return result


def _score(value: Value) -> object:
    """A score as the parser expects it: a whole number when the cell holds one."""
    if isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(text: str) -> object:
    if _INTEGER.match(text):
        return int(text)
    if _NUMBER.match(text):
        return float(text)
    return text


def _ordered(mapping: YamlMap, keys: Iterable[str]) -> YamlMap:
    """The same mapping with its keys in the contract's order."""
    result = new_map(mapping.line)
    for key in [*keys, *mapping]:
        if key in mapping and key not in result:
            put(result, key, mapping[key], mapping.key_line(key))
    return result
