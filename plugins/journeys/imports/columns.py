"""Which column of a sheet holds which key of a step, and how its cells are read.

A header names a step key of the format, matched without regard to case, spaces, `_` or `-`
(`Touch point`, `TOUCHPOINT`, `touch_point`), or one of the synonyms below that teams use in
their own sheets. A sheet that `journeys export --format csv` wrote is recognised by its
`stage_name` and `step` columns: there `stage` and `step` are ids and the item cells hold ids.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum

from ..format import keys as format_keys


class Kind(Enum):
    """How the cells of a column become a value of the front matter."""

    TEXT = "text"  # one text, line breaks kept
    LINES = "lines"  # a text, or a list when the cell has several lines (blueprint lanes)
    LIST = "list"  # a list of texts: one per line, or separated by `;`
    INTEGER = "integer"  # a score, 1..5
    ITEMS = "items"  # pain points, opportunities: texts (or ids, in an export)
    IDS = "ids"  # step ids, separated by spaces, `;` or lines
    METRICS = "metrics"  # name=value, one per line


# How a cell becomes a value of each type of the key table. A list of texts is split on lines
# and on `;`; the blueprint lanes below, whose texts are sentences, only on lines.
_KIND_OF_TYPE: dict[format_keys.Type, Kind] = {
    format_keys.Type.TEXT: Kind.TEXT,
    format_keys.Type.ID: Kind.TEXT,
    format_keys.Type.CHOICE: Kind.TEXT,
    format_keys.Type.DATE: Kind.TEXT,
    format_keys.Type.TEXTS: Kind.LIST,
    format_keys.Type.IDS: Kind.IDS,
    format_keys.Type.SCORE: Kind.INTEGER,
    format_keys.Type.NUMBERS: Kind.METRICS,
    format_keys.Type.ITEMS: Kind.ITEMS,
}
LANES = frozenset({"frontstage", "backstage", "support", "physical_evidence"})
# The step keys of the contract, so a column of a key this version does not read yet is named
# as such rather than as a stranger.
CONTRACT_STEP_KEYS = (
    *("action", "id", "touchpoint", "touchpoints", "channel", "emotion", "expected", "thought"),
    *("questions", "actors", "frontstage", "backstage", "support", "physical_evidence"),
    *("pains", "opportunities", "metrics", "next"),
)


def _kind(key: format_keys.Key) -> Kind:
    kind = _KIND_OF_TYPE.get(key.type, Kind.TEXT)
    return Kind.LINES if kind is Kind.LIST and key.name in LANES else kind


# Columns about the stage and the journey rather than the step.
STAGE_NAME = "stage"
STAGE_ID = "stage_id"
JOURNEY = "journey"
JOURNEY_TITLE = "journey_title"
PERSONAS = "personas"
TOUCHPOINT_NAME = "touchpoint_name"

SYNONYMS: dict[str, str] = {
    "phase": STAGE_NAME,
    "stagename": STAGE_NAME,
    "stageid": STAGE_ID,
    "step": "action",
    "customeraction": "action",
    "activity": "action",
    "stepid": "id",
    "touchpoint": "touchpoint",
    "touchpoints": "touchpoints",
    "feeling": "emotion",
    "feelings": "emotion",
    "emotions": "emotion",
    "mood": "emotion",
    "sentiment": "emotion",
    "emotionscore": "emotion",
    "expectation": "expected",
    "expectedemotion": "expected",
    "thoughts": "thought",
    "quote": "thought",
    "question": "questions",
    "actor": "actors",
    "pain": "pains",
    "painpoint": "pains",
    "painpoints": "pains",
    "opportunity": "opportunities",
    "ideas": "opportunities",
    "metric": "metrics",
    "kpi": "metrics",
    "kpis": "metrics",
    "persona": PERSONAS,
    "title": JOURNEY_TITLE,
}

# The columns of `journeys export --format csv` (steps table), read back by name.
EXPORT_COLUMNS: dict[str, str] = {
    "journey": JOURNEY,
    "journeytitle": JOURNEY_TITLE,
    "stage": STAGE_ID,
    "stagename": STAGE_NAME,
    "step": "id",
    "touchpointname": TOUCHPOINT_NAME,
    "personas": PERSONAS,
    "position": "",
    "gap": "",
    "path": "",
    "line": "",
    "page": "",
}


def normalise(header: str) -> str:
    """``Pain points`` -> ``painpoints``: how two headers are compared."""
    return re.sub(r"[\s_\-]+", "", header.lower())


def step_kinds() -> dict[str, Kind]:
    """The step keys a sheet can give (those of the key table), each with how it is read."""
    return {key.name: _kind(key) for key in format_keys.STEP}


def sheet_kinds(exported: bool) -> dict[str, Kind]:
    """Every column a sheet can give; a touchpoint's name only beside its id, in an export."""
    kinds = {
        STAGE_NAME: Kind.TEXT,
        STAGE_ID: Kind.TEXT,
        JOURNEY: Kind.TEXT,
        JOURNEY_TITLE: Kind.TEXT,
        PERSONAS: Kind.IDS,
        **step_kinds(),
    }
    if exported:
        kinds[TOUCHPOINT_NAME] = Kind.TEXT
    return kinds


@dataclass(frozen=True)
class Column:
    index: int  # 0 for the first column
    header: str  # as written in the sheet
    key: str  # a step key, or one of the stage and journey keys above
    kind: Kind


@dataclass
class Layout:
    """What the header says: which column gives which key."""

    columns: dict[str, Column]
    exported: bool  # written by `journeys export --format csv`: ids where the export puts ids
    problems: list[tuple[int | None, str, bool]]  # (column index, message, is an error)

    def get(self, key: str) -> Column | None:
        return self.columns.get(key)


def read_header(header: list[str]) -> Layout:
    names = [normalise(cell) for cell in header]
    exported = "stagename" in names and "step" in names
    kinds = sheet_kinds(exported)
    known = {normalise(key): key for key in kinds}
    later = {normalise(key): key for key in CONTRACT_STEP_KEYS if key not in kinds}
    layout = Layout({}, exported, [])
    for index, (cell, name) in enumerate(zip(header, names, strict=True)):
        if not name:
            continue
        key = EXPORT_COLUMNS.get(name) if exported and name in EXPORT_COLUMNS else None
        if key == "":
            continue  # derived by the export (position, gap, path, ...): nothing to read back
        if key is None:
            key = known.get(name) or (SYNONYMS.get(name) if not exported else None)
        if key is None and name in later:
            layout.problems.append(
                (index, f"'{later[name]}' is not read by this version yet (column left out)", False)
            )
            continue
        if key is None or key not in kinds:
            layout.problems.append(
                (index, f"not a step key ({_hint(name, known)}; the column is left out)", False)
            )
            continue
        first = layout.columns.get(key)
        if first is not None:
            layout.problems.append(
                (
                    index,
                    f"gives '{key}' as column '{first.header}' does (keep one of the two)",
                    True,
                )
            )
            continue
        layout.columns[key] = Column(index, cell, key, kinds[key])
    for key, what in ((STAGE_NAME, "the stage's name"), ("action", "what the customer does")):
        if key not in layout.columns:
            layout.problems.append(
                (None, f"no '{key}' column ({what}); the first row names the columns", True)
            )
    if "emotion" not in layout.columns:
        layout.problems.append(
            (None, "no 'emotion' column (how the customer felt, a whole number from 1 to 5)", True)
        )
    return layout


def _hint(name: str, known: dict[str, str]) -> str:
    words = {**SYNONYMS, **known}
    close = difflib.get_close_matches(name, list(words), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{words[close[0]]}'?"
    return "known: " + ", ".join(sorted(set(known.values())))
