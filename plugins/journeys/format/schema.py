"""JSON Schemas (draft 2020-12) of a journey's and a persona's front matter, and of the
touchpoint registry, for editors that complete keys and flag bad values as you type.

They follow the contract and the parser: the keys are the parser's own lists (a test checks),
a text may also be written as a number (``action: 2024``), ids follow the slug rule, scores
are whole numbers from 1 to 5. An unknown key is flagged, as ``--strict`` fails on it. What a
schema cannot know (whether a persona id exists, whether a text's slug is empty) is left to
``journeys validate``.
"""

from __future__ import annotations

from typing import Any

from .model import SEVERITIES, STATES, STATUSES
from .parse import (
    JOURNEY_KEYS,
    OPPORTUNITY_KEYS,
    PAIN_KEYS,
    PERSONA_KEYS,
    STAGE_KEYS,
    STEP_KEYS,
    TOUCHPOINT_KEYS,
)

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

_PAIN: Schema = {
    "type": "object",
    "description": "A pain point with detail. Give its text once; elsewhere '- id: ...' alone.",
    "properties": {
        "id": _ref("id", "Site-wide id; default: the slug of the text."),
        "text": _ref("text", "What hurts."),
        "severity": _choice(SEVERITIES, "medium", "How much it hurts."),
        "evidence": _one_or_many("text", "Where we know it from: interviews, surveys, tickets."),
    },
    "anyOf": [{"required": ["id"]}, {"required": ["text"]}],
    "additionalProperties": False,
}

_OPPORTUNITY: Schema = {
    "type": "object",
    "description": "An opportunity with detail. Give its text once; elsewhere '- id: ...' alone.",
    "properties": {
        "id": _ref("id", "Site-wide id; default: the slug of the text."),
        "text": _ref("text", "What we could do."),
        "fixes": _one_or_many("id", "The ids of the pain points it would remove."),
        "status": _choice(STATUSES, "idea", "How far it has got."),
        "owner": _ref("text", "Who owns it."),
    },
    "anyOf": [{"required": ["id"]}, {"required": ["text"]}],
    "additionalProperties": False,
}

_STEP: Schema = {
    "type": "object",
    "description": "One thing the customer does.",
    "properties": {
        "action": _ref("required_text", "What the customer does."),
        "id": _ref("id", "Unique in the journey; default: the slug of the action."),
        "touchpoint": _ref("text", "A touchpoint id from touchpoints.yml, or free text."),
        "channel": _ref("text", "Free text; default: the registered touchpoint's channel."),
        "emotion": _score("How the customer felt: 1 (very bad) to 5 (delighted)."),
        "expected": _score("What the promise implies, 1 to 5; gap = expected - emotion."),
        "thought": _ref("text", "What the customer thinks or says."),
        "questions": _one_or_many("text", "What the customer needs answered here."),
        "actors": _one_or_many("text", "Who takes part; default: the persona names."),
        "backstage": _ref("text", "What happens behind the scenes."),
        "pains": {
            "description": "Pain points: a text, or a mapping with id, text, severity, evidence.",
            "type": "array",
            "items": _text_or("pain"),
        },
        "opportunities": {
            "description": "Opportunities: a text, or a mapping with id, text, fixes, status.",
            "type": "array",
            "items": _text_or("opportunity"),
        },
        "metrics": {
            "description": "Metric name -> number, shown beside the step.",
            "type": "object",
            "additionalProperties": {"type": "number"},
        },
        "next": _one_or_many("id", "Step ids for branches and loops; default: the next step."),
    },
    "required": ["action", "emotion"],
    "additionalProperties": False,
}

_STAGE: Schema = {
    "type": "object",
    "description": "A stage of the journey, with its steps in order.",
    "properties": {
        "name": _ref("required_text", "The stage's name."),
        "id": _ref("id", "Unique in the journey; default: the slug of the name."),
        "steps": {
            "description": "At least one step.",
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/step"},
        },
    },
    "required": ["name", "steps"],
    "additionalProperties": False,
}

_JOURNEY_PROPERTIES: Schema = {
    "title": _ref("required_text", "The journey's title."),
    "id": _ref("id", "Site-wide id; default: the file name without .md."),
    "persona": {
        "description": "A persona id, or a list of ids.",
        "anyOf": [
            {"$ref": "#/$defs/id"},
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/id"}},
        ],
    },
    "state": _choice(STATES, "current", "A map of how it is (current) or how it should be."),
    "current": _ref("id", "Only with state: future: the id of the current-state map it improves."),
    "owner": _ref("text", "Who keeps this map."),
    "reviewed": _ref("date", "When the map was last checked against reality."),
    "tags": _one_or_many("text", "Tags."),
    "promise": _ref("text", "The brand promise this journey should keep."),
    "stages": {
        "description": "At least one stage.",
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/stage"},
    },
}

_PERSONA_PROPERTIES: Schema = {
    "name": _ref("required_text", "The persona's name."),
    "id": _ref("id", "Site-wide id; default: the file name without .md."),
    "role": _ref("text", "Role."),
    "segment": _ref("text", "Free text: B2C, B2B, ..."),
    "quote": _ref("text", "Something this persona says."),
    "goals": _one_or_many("text", "Goals."),
    "needs": _one_or_many("text", "Needs."),
    "frustrations": _one_or_many("text", "Frustrations."),
    "image": {"type": "string", "description": "An image file, relative to the persona file."},
    "tags": _one_or_many("text", "Tags."),
}

_TOUCHPOINT: Schema = {
    "type": "object",
    "properties": {
        "id": _ref("id", "The id that steps name in 'touchpoint:'."),
        "name": _ref("text", "The name shown; default: the id."),
        "channel": _ref("text", "The channel, the default of every step that uses it."),
        "owner": _ref("text", "The team that looks after it."),
    },
    "required": ["id"],
    "additionalProperties": False,
}


def journey_schema() -> Schema:
    """The front matter of a journey file."""
    return {
        "$schema": DIALECT,
        "title": "Journey front matter",
        "description": "The YAML front matter of a journey map (journeys/**/<id>.md).",
        "type": "object",
        "properties": _JOURNEY_PROPERTIES,
        "required": ["title", "persona", "stages"],
        "additionalProperties": False,
        # `current:` belongs on a future-state map only.
        "if": {"required": ["current"]},
        "then": {"required": ["state"], "properties": {"state": {"const": "future"}}},
        "$defs": {
            **_DEFS,
            "stage": _STAGE,
            "step": _STEP,
            "pain": _PAIN,
            "opportunity": _OPPORTUNITY,
        },
    }


def persona_schema() -> Schema:
    """The front matter of a persona file."""
    return {
        "$schema": DIALECT,
        "title": "Persona front matter",
        "description": "The YAML front matter of a persona (journeys/personas/<id>.md).",
        "type": "object",
        "properties": _PERSONA_PROPERTIES,
        "required": ["name"],
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
        "$defs": {**_DEFS, "touchpoint": _TOUCHPOINT},
    }


def schema(kind: str) -> Schema:
    return {
        "journey": journey_schema,
        "persona": persona_schema,
        "touchpoints": touchpoints_schema,
    }[kind]()


# The keys each object allows, by the parser's own lists: a test keeps the two in step.
KEYS = {
    "journey": JOURNEY_KEYS,
    "stage": STAGE_KEYS,
    "step": STEP_KEYS,
    "pain": PAIN_KEYS,
    "opportunity": OPPORTUNITY_KEYS,
    "persona": PERSONA_KEYS,
    "touchpoint": TOUCHPOINT_KEYS,
}
