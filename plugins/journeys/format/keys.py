"""The format's keys, in one table: every key of every object a source may hold.

The parser's checks (which keys are known, which are required and what a missing one is for, the
allowed values, the type a plain key is read as), the JSON Schema (``schema.py``), the export's
fields and CSV columns (``export.py``), the diff's field lists (``diff.py``) and the key
reference in the docs (``docs/reference/keys.md``, written by ``scripts/write_key_reference.py``)
are all derived from it; ``tests/test_keys.py`` adds a key and finds it in all five.

To add a key:

1. Add a ``Key`` to its object below, where it should show in the docs and the export.
2. Give the model class (``model.py``) an attribute of the same name. A plain key (a type in
   ``PLAIN``) is then read, checked, exported, compared and documented with no other change; a
   key with a structure of its own (a list of mappings, an id that links) is read in ``parse.py``.
3. Run ``scripts/write_key_reference.py`` and add a line to the user guide if it needs more words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

SEVERITIES = ("low", "medium", "high", "critical")
STATUSES = ("idea", "planned", "in-progress", "done")
STATES = ("current", "future")
DEFAULT_STATE = "current"
DEFAULT_SEVERITY = "medium"
DEFAULT_STATUS = "idea"


class Type(Enum):
    """What a key's value is; the value is what the docs' key reference says."""

    TEXT = "text"
    TEXTS = "text or list of texts"
    ID = "id"
    IDS = "id or list of ids"
    SCORE = "whole number, 1 to 5"
    CHOICE = "one of the allowed values"
    DATE = "date, YYYY-MM-DD"
    NUMBERS = "mapping of names to numbers"
    MAPPINGS = "list of mappings"
    ITEMS = "list of texts or mappings"
    IMAGE = "image file, relative to the file"


# The types the parser reads with no code of their own (``Fields.read``).
PLAIN = frozenset({Type.TEXT, Type.TEXTS, Type.SCORE, Type.CHOICE, Type.DATE, Type.NUMBERS})


@dataclass(frozen=True)
class Key:
    """One key of an object.

    ``required`` says what a missing key is for (the parser's message), None for an optional
    key; ``allowed`` lists a choice's values and ``default`` the value an absent key means;
    ``items`` names the object a list of mappings holds; ``field`` is the key's name in the
    export and the diff when it differs (``persona`` -> ``personas``). ``compared`` is False for
    the keys the diff follows on their own (ids, the stages and steps, pain points and
    opportunities, which are items of their own).
    """

    name: str
    type: Type
    description: str
    required: str | None = None
    allowed: tuple[str, ...] = ()
    default: str | None = None
    items: str | None = None
    field: str | None = None
    compared: bool = True

    @property
    def field_name(self) -> str:
        return self.field or self.name

    @property
    def plain(self) -> bool:
        return self.type in PLAIN


@dataclass(frozen=True)
class Object:
    """The keys of one kind of mapping in a source (a journey's front matter, a step, ...)."""

    name: str
    where: str  # where it is written, for the docs
    keys: tuple[Key, ...]

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys)

    def __getitem__(self, name: str) -> Key:
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(name)

    @cached_property  # read for every key of every mapping of every file: made once
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @property
    def compared(self) -> tuple[Key, ...]:
        return tuple(key for key in self.keys if key.compared)


def _id(description: str, required: str | None = None) -> Key:
    """An object's own id: the diff follows items by it, so it is no field of theirs."""
    return Key("id", Type.ID, description, required=required, compared=False)


def _choice(name: str, description: str, allowed: tuple[str, ...], default: str) -> Key:
    return Key(name, Type.CHOICE, description, allowed=allowed, default=default)


def _site_wide(name: str, text: str, *keys: Key) -> Object:
    """A pain point or opportunity as a mapping in a step: a site-wide id, a text, and more."""
    lists = {"pain": "pains", "opportunity": "opportunities"}
    return Object(
        name,
        f"a mapping in a step's `{lists[name]}` (a plain text is its `text`)",
        (_id("Site-wide id; default: the slug of the text."), Key("text", Type.TEXT, text), *keys),
    )


def _list_of(name: str, items: str) -> Key:
    """A required list of mappings (stages, steps), each an object of its own."""
    needs = f"at least one {items}"
    return Key(
        name, Type.MAPPINGS, f"{needs[0].upper()}{needs[1:]}.", needs, items=items, compared=False
    )


JOURNEY = Object(
    "journey",
    "the front matter of a journey file, `journeys/**/<id>.md`",
    (
        Key("title", Type.TEXT, "The journey's title.", required="the journey's title"),
        _id("Site-wide id; default: the file name without .md."),
        Key(
            "persona",
            Type.IDS,
            "A persona id, or a list of ids.",
            required="a persona id, or a list of ids",
            field="personas",
        ),
        _choice(
            "state", "A map of how it is (current) or how it should be.", STATES, DEFAULT_STATE
        ),
        Key(
            "current",
            Type.ID,
            "Only with state: future: the id of the current-state map it improves.",
        ),
        Key("owner", Type.TEXT, "Who keeps this map."),
        Key("reviewed", Type.DATE, "When the map was last checked against reality."),
        Key("tags", Type.TEXTS, "Tags."),
        Key("promise", Type.TEXT, "The brand promise this journey should keep."),
        _list_of("stages", "stage"),
    ),
)

STAGE = Object(
    "stage",
    "an item of a journey's `stages`",
    (
        Key("name", Type.TEXT, "The stage's name.", required="the stage's name"),
        _id("Unique in the journey; default: the slug of the name."),
        _list_of("steps", "step"),
    ),
)

STEP = Object(
    "step",
    "an item of a stage's `steps`",
    (
        Key("action", Type.TEXT, "What the customer does.", required="what the customer does"),
        _id("Unique in the journey; default: the slug of the action."),
        Key("touchpoint", Type.TEXT, "A touchpoint id from touchpoints.yml, or free text."),
        Key(
            "touchpoints",
            Type.TEXTS,
            "Several touchpoints: a list of ids or texts (not beside `touchpoint`).",
        ),
        Key("channel", Type.TEXT, "Free text; default: the registered touchpoint's channel."),
        Key(
            "emotion",
            Type.SCORE,
            "How the customer felt: 1 (very bad) to 5 (delighted).",
            required="how the customer felt, 1 to 5",
        ),
        Key("expected", Type.SCORE, "What the promise implies, 1 to 5; gap = expected - emotion."),
        Key("thought", Type.TEXT, "What the customer thinks or says."),
        Key("questions", Type.TEXTS, "What the customer needs answered here."),
        Key("actors", Type.TEXTS, "Who takes part; default: the persona names."),
        Key(
            "frontstage",
            Type.TEXTS,
            "Blueprint lane: what staff do in the customer's view.",
        ),
        Key("backstage", Type.TEXTS, "Blueprint lane: what staff do out of the customer's view."),
        Key("support", Type.TEXTS, "Blueprint lane: the systems and processes behind them."),
        Key(
            "physical_evidence",
            Type.TEXTS,
            "Blueprint lane: what the customer sees or gets (emails, receipts, signs).",
        ),
        Key(
            "pains",
            Type.ITEMS,
            "Pain points: a text, or a mapping with id, text, severity, evidence.",
            items="pain",
            compared=False,
        ),
        Key(
            "opportunities",
            Type.ITEMS,
            "Opportunities: a text, or a mapping with id, text, fixes, status.",
            items="opportunity",
            compared=False,
        ),
        Key("metrics", Type.NUMBERS, "Metric name -> number, shown beside the step."),
        Key("next", Type.IDS, "Step ids for branches and loops; default: the next step."),
    ),
)

PAIN = _site_wide(
    "pain",
    "What hurts.",
    _choice("severity", "How much it hurts.", SEVERITIES, DEFAULT_SEVERITY),
    Key("evidence", Type.TEXTS, "Where we know it from: interviews, surveys, tickets."),
)

OPPORTUNITY = _site_wide(
    "opportunity",
    "What we could do.",
    Key("fixes", Type.IDS, "The ids of the pain points it would remove."),
    _choice("status", "How far it has got.", STATUSES, DEFAULT_STATUS),
    Key("owner", Type.TEXT, "Who owns it."),
    Key(
        "impact",
        Type.SCORE,
        "How much it would improve the journey, 1 (little) to 5 (a lot).",
    ),
    Key("effort", Type.SCORE, "How much it would take, 1 (little) to 5 (a lot)."),
)

PERSONA = Object(
    "persona",
    "the front matter of a persona file, `journeys/personas/<id>.md`",
    (
        Key("name", Type.TEXT, "The persona's name.", required="the persona's name"),
        _id("Site-wide id; default: the file name without .md."),
        Key("role", Type.TEXT, "Role."),
        Key("segment", Type.TEXT, "Free text: B2C, B2B, ..."),
        Key("quote", Type.TEXT, "Something this persona says."),
        Key("goals", Type.TEXTS, "Goals."),
        Key("needs", Type.TEXTS, "Needs."),
        Key("frustrations", Type.TEXTS, "Frustrations."),
        Key("image", Type.IMAGE, "An image file, relative to the persona file."),
        Key("tags", Type.TEXTS, "Tags."),
    ),
)

TOUCHPOINT = Object(
    "touchpoint",
    "an item of `journeys/touchpoints.yml`",
    (
        _id("The id that steps name in 'touchpoint:'.", "a touchpoint id"),
        Key("name", Type.TEXT, "The name shown; default: the id."),
        Key("channel", Type.TEXT, "The channel, the default of every step that uses it."),
        Key("owner", Type.TEXT, "The team that looks after it."),
    ),
)

METRICS_CSV = Object(
    "metrics",
    "a column of a metric overlay, `journeys/data/*.csv`",
    (
        Key("journey", Type.ID, "With step: the journey of the step the row is about."),
        Key("step", Type.ID, "With journey: the step the row is about."),
        Key("touchpoint", Type.ID, "Alone: every step that uses this touchpoint."),
        Key("metric", Type.TEXT, "The metric's name.", required="the metric's name"),
        Key("value", Type.TEXT, "A number.", required="a number"),
        Key("period", Type.TEXT, "When it was measured: 2026-Q3, 2026-09, ..."),
        Key("source", Type.TEXT, "Where the figure comes from."),
    ),
)

OBJECTS = (JOURNEY, STAGE, STEP, PAIN, OPPORTUNITY, PERSONA, TOUCHPOINT, METRICS_CSV)
