"""JSON Schemas (draft 2020-12) of a journey's and a persona's front matter, and of the
touchpoint registry, for editors that complete keys and flag bad values as you type.

They are written from the key table (``keys.py``), as the parser's checks are: a text may also
be written as a number (``action: 2024``), ids follow the slug rule, scores
are whole numbers from 1 to 5. An unknown key is flagged, as ``--strict`` fails on it. What a
schema cannot know (whether a persona id exists, whether a text's slug is empty) is left to
``journeys validate``.
"""

from __future__ import annotations

from typing import Any

from .keys import JOURNEY, OPPORTUNITY, PAIN, PERSONA, STAGE, STEP, TOUCHPOINT, Key, Object, Type

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("journey", "persona", "touchpoints")

Schema = dict[str, Any]

# Numbers and booleans are read as the text they are written as (`action: 2024`, `thought: No`).
_TEXT: Schema = {"type": ["string", "number", "boolean"]}
# A required text must not be blank; an optional one left blank counts as absent.
_REQUIRED_TEXT: Schema = {"type": ["string", "number", "boolean"], "pattern": "\\S"}
_ID: Schema = {
    "description": "An id: a-z, 0-9 and '-', starting with a letter or digit.",
    "anyOf": [
        {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        {"type": "integer", "minimum": 0},
    ],
}


def _ref(name: str, description: str) -> Schema:
    return {"$ref": f"#/$defs/{name}", "description": description}


def _one_or_many(name: str, description: str) -> Schema:
    """A value, or a list of them (a single value counts as a list of one)."""
    return {
        "description": description,
        "anyOf": [
            {"$ref": f"#/$defs/{name}"},
            {"type": "array", "items": {"$ref": f"#/$defs/{name}"}},
        ],
    }


def _text_or(name: str) -> Schema:
    """A text, or a mapping: chosen by type, so that an editor flags the key that is wrong."""
    return {
        "if": {"type": "object"},
        "then": {"$ref": f"#/$defs/{name}"},
        "else": {"$ref": "#/$defs/text"},
    }


def _score(description: str) -> Schema:
    return {"description": description, "type": "integer", "minimum": 1, "maximum": 5}


def _choice(values: tuple[str, ...], default: str, description: str) -> Schema:
    return {"description": description, "enum": list(values), "default": default}


_DEFS: Schema = {
    "text": _TEXT,
    "required_text": _REQUIRED_TEXT,
    "id": _ID,
    "date": {
        "type": "string",
        "format": "date",
        "description": "A date as YYYY-MM-DD, quoted or not.",
    },
}


def _value(key: Key) -> Schema:
    """The schema of one key's value, by its type in the key table."""
    description = key.description
    match key.type:
        case Type.TEXT:
            return _ref("required_text" if key.required else "text", description)
        case Type.TEXTS:
            return _one_or_many("text", description)
        case Type.ID:
            return _ref("id", description)
        case Type.IDS if key.required:
            return {
                "description": description,
                "anyOf": [
                    {"$ref": "#/$defs/id"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/id"}},
                ],
            }
        case Type.IDS:
            return _one_or_many("id", description)
        case Type.SCORE:
            return _score(description)
        case Type.CHOICE:
            return _choice(key.allowed, key.default or key.allowed[0], description)
        case Type.DATE:
            return _ref("date", description)
        case Type.NUMBERS:
            return {
                "description": description,
                "type": "object",
                "additionalProperties": {"type": "number"},
            }
        case Type.MAPPINGS:
            return {
                "description": description,
                "type": "array",
                **({"minItems": 1} if key.required else {}),
                "items": {"$ref": f"#/$defs/{key.items}"},
            }
        case Type.ITEMS:
            return {"description": description, "type": "array", "items": _text_or(key.items or "")}
        case Type.IMAGE:
            return {"type": "string", "description": description}


def _properties(keys: Object) -> Schema:
    return {key.name: _value(key) for key in keys}


def _required(keys: Object) -> list[str]:
    return [key.name for key in keys if key.required]


def _item(keys: Object, description: str) -> Schema:
    """A pain point or opportunity written as a mapping: an id, a text, or both."""
    return {
        "type": "object",
        "description": description,
        "properties": _properties(keys),
        "anyOf": [{"required": ["id"]}, {"required": ["text"]}],
        "additionalProperties": False,
    }


def _object(keys: Object, description: str | None) -> Schema:
    return {
        "type": "object",
        **({"description": description} if description else {}),
        "properties": _properties(keys),
        "required": _required(keys),
        "additionalProperties": False,
    }


def journey_schema() -> Schema:
    """The front matter of a journey file."""
    return {
        "$schema": DIALECT,
        "title": "Journey front matter",
        "description": "The YAML front matter of a journey map (journeys/**/<id>.md).",
        "type": "object",
        "properties": _properties(JOURNEY),
        "required": _required(JOURNEY),
        "additionalProperties": False,
        # `current:` belongs on a future-state map only.
        "if": {"required": ["current"]},
        "then": {"required": ["state"], "properties": {"state": {"const": "future"}}},
        "$defs": {
            **_DEFS,
            "stage": _object(STAGE, "A stage of the journey, with its steps in order."),
            "step": _object(STEP, "One thing the customer does."),
            "pain": _item(
                PAIN, "A pain point with detail. Give its text once; elsewhere '- id: ...' alone."
            ),
            "opportunity": _item(
                OPPORTUNITY,
                "An opportunity with detail. Give its text once; elsewhere '- id: ...' alone.",
            ),
        },
    }


def persona_schema() -> Schema:
    """The front matter of a persona file."""
    return {
        "$schema": DIALECT,
        "title": "Persona front matter",
        "description": "The YAML front matter of a persona (journeys/personas/<id>.md).",
        "type": "object",
        "properties": _properties(PERSONA),
        "required": _required(PERSONA),
        "additionalProperties": False,
        "$defs": dict(_DEFS),
    }


def touchpoints_schema() -> Schema:
    """The touchpoint registry, journeys/touchpoints.yml."""
    return {
        "$schema": DIALECT,
        "title": "Touchpoint registry",
        "description": "journeys/touchpoints.yml: the touchpoints we own or run.",
        "type": "array",
        "items": {"$ref": "#/$defs/touchpoint"},
        "$defs": {**_DEFS, "touchpoint": _object(TOUCHPOINT, None)},
    }


def schema(kind: str) -> Schema:
    return {
        "journey": journey_schema,
        "persona": persona_schema,
        "touchpoints": touchpoints_schema,
    }[kind]()


# The keys each object allows: the key table's, as the parser's (a test checks the schema).
KEYS = {
    keys.name: keys.names for keys in (JOURNEY, STAGE, STEP, PAIN, OPPORTUNITY, PERSONA, TOUCHPOINT)
}
