"""Hypothesis strategies for journeys folders: arbitrary ones (YAML soup, mutated maps, shapes of
any value) and valid ones whose every item is known, so that a test can look for each of them.

A plain module (not conftest.py), imported by the property and conservation tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from journeys.format.slug import is_id, slugify
from journeys.format.template import JOURNEY_PLACEHOLDERS, PERSONA_PLACEHOLDERS
from nasty_strings import NASTY_STRINGS

JOURNEY_KEYS = [
    "title", "id", "persona", "state", "current", "owner", "reviewed", "tags", "promise", "stages",
]  # fmt: skip
STAGE_KEYS = ["name", "id", "steps"]
STEP_KEYS = [
    "action", "id", "touchpoint", "touchpoints", "channel", "emotion", "expected", "thought",
    "questions", "actors", "frontstage", "backstage", "support", "physical_evidence", "pains",
    "opportunities", "metrics", "next",
]  # fmt: skip
ITEM_KEYS = ["id", "text", "severity", "evidence", "fixes", "status", "owner", "impact", "effort"]
PERSONA_KEYS = ["name", "id", "role", "segment", "quote", "goals", "needs", "frustrations", "tags"]
ALL_KEYS = sorted({*JOURNEY_KEYS, *STAGE_KEYS, *STEP_KEYS, *ITEM_KEYS, *PERSONA_KEYS, "image"})

# Any character a UTF-8 file can hold (no lone surrogates).
CHARACTERS = st.characters(exclude_categories=("Cs",))
ANY_TEXT = st.text(CHARACTERS, max_size=24)
# A text a required field accepts: something left after stripping whitespace.
SOME_TEXT = st.one_of(
    st.text(CHARACTERS, min_size=1, max_size=24),
    st.sampled_from(NASTY_STRINGS),
).filter(lambda text: bool(text.strip()))
# A text no page can show as written (U+0000) is refused: valid maps have none.
# A valid map writes no NUL, nor a text the template left for its author (a warning).
VALID_TEXT = SOME_TEXT.filter(
    lambda text: "\x00" not in text and text not in JOURNEY_PLACEHOLDERS | PERSONA_PLACEHOLDERS
)
# Ids that are their own slugs, so that a file named by one has it as its default id.
IDS = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,5}){0,2}\Z")

# Texts for the shaped maps: mostly plain words (whose slugs make ids), often anything.
WORDS = st.from_regex(r"\A[A-Za-z][A-Za-z0-9 ]{0,15}\Z")
TEXT = st.one_of(WORDS, WORDS, SOME_TEXT)

# Pieces of YAML syntax (and of things that look like it), to be strung together at random.
YAML_PIECES = [
    "\n", "  ", "    ", "- ", ": ", "? ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b",
    "<<: *a\n", "!!str ", "!!int ", "!!float ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ",
    "!!python/object/apply:os.system ['true'] ", "!local ", "|\n", ">-\n", "'", '"', "# ", "---",
    "...", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "~", "null", "yes", "No", "2026-13-45",
    "2026-02-30", "9999-12-31", "0001-01-01", "12:30:00", "1e3", "1.0e+400", ".inf", "-.nan",
    "0x1F", "0o17", "1_000", "-0", "3.5", "6", "0", "\t", "\\", "\\u2028", "\u2028", "\u0085",
    "\ufeff", "\x00", "\x1b", "\r", "\r\n", "\\x00", "\\N", "@", "`", "%", "=",
]  # fmt: skip
YAML_SOUP = st.lists(
    st.one_of(
        st.sampled_from(YAML_PIECES),
        st.sampled_from(ALL_KEYS).map(lambda key: f"{key}: "),
        st.text(CHARACTERS, max_size=6),
    ),
    max_size=60,
).map("".join)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    ANY_TEXT,
    st.sampled_from(NASTY_STRINGS),
    st.dates(),
    st.datetimes(),
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(ALL_KEYS), ANY_TEXT), children, max_size=4),
    ),
    max_leaves=20,
)


def dump(data: Any, *, unicode: bool = True, flow: bool | None = False) -> str:
    """YAML as a person might write it: keys in the order given.

    PyYAML writes U+0085 raw into a quoted scalar when it may write Unicode, and YAML reads it
    back as a folded line break; such data is written with escapes instead.
    """
    text = yaml.safe_dump(data, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    if unicode and "\x85" in text:
        return dump(data, unicode=False, flow=flow)
    return text


def front_matter(data_yaml: str, body: str = "") -> str:
    return f"---\n{data_yaml.rstrip(chr(10))}\n---\n{body}"


def _mostly(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a value of the right shape, sometimes any value at all."""
    return st.one_of(good, good, good, good, good, good, good, ANY_VALUE)


# True but one time in eight (Hypothesis favours the first choice, so plain integers would not).
_SELDOM_NOT = st.sampled_from([True] * 7 + [False])
_OFTEN = st.sampled_from([True, False])


def _mapping(
    fields: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...] = ()
) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the given keys (each with its value), in any order, and now and then another key;
    the ``required`` ones are left out only now and then."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        keys = [key for key in draw(st.permutations(sorted(fields))) if draw(_OFTEN)]
        keys += [key for key in required if key not in keys and draw(_SELDOM_NOT)]
        result = {key: draw(fields[key]) for key in keys}
        if not draw(_SELDOM_NOT):
            result[draw(st.one_of(st.sampled_from(ALL_KEYS), ANY_TEXT))] = draw(ANY_VALUE)
        return result

    return build()


_SEVERITY = st.sampled_from(["low", "medium", "high", "critical", "urgent", ""])
_STATUS = st.sampled_from(["idea", "planned", "in-progress", "done", "someday"])
_ITEM = st.one_of(
    TEXT,
    _mapping(
        {
            "id": _mostly(IDS),
            "text": _mostly(TEXT),
            "severity": _mostly(_SEVERITY),
            "evidence": _mostly(st.lists(TEXT, max_size=2)),
            "fixes": _mostly(st.lists(IDS, max_size=2)),
            "status": _mostly(_STATUS),
            "owner": _mostly(TEXT),
            "impact": _mostly(st.one_of(st.integers(1, 5), st.integers(0, 6))),
            "effort": _mostly(st.one_of(st.integers(1, 5), st.integers(0, 6))),
        }
    ),
)
_STEP = _mapping(
    {
        "action": _mostly(TEXT),
        "id": _mostly(IDS),
        "touchpoint": _mostly(TEXT),
        "touchpoints": _mostly(st.lists(TEXT, max_size=3)),
        "channel": _mostly(TEXT),
        "emotion": _mostly(st.one_of(st.integers(1, 5), st.integers(0, 6))),
        "expected": _mostly(st.one_of(st.integers(1, 5), st.integers(0, 6))),
        "thought": _mostly(TEXT),
        "questions": _mostly(st.lists(TEXT, max_size=2)),
        "actors": _mostly(st.lists(TEXT, max_size=2)),
        "frontstage": _mostly(st.one_of(TEXT, st.lists(TEXT, max_size=2))),
        "backstage": _mostly(st.one_of(TEXT, st.lists(TEXT, max_size=2))),
        "support": _mostly(st.one_of(TEXT, st.lists(TEXT, max_size=2))),
        "physical_evidence": _mostly(st.one_of(TEXT, st.lists(TEXT, max_size=2))),
        "pains": _mostly(st.lists(_ITEM, max_size=3)),
        "opportunities": _mostly(st.lists(_ITEM, max_size=2)),
        "metrics": _mostly(st.dictionaries(TEXT, st.floats(), max_size=2)),
        "next": _mostly(st.lists(IDS, max_size=2)),
    },
    ("action", "emotion"),
)
_STAGE = _mapping(
    {
        "name": _mostly(TEXT),
        "id": _mostly(IDS),
        "steps": _mostly(st.lists(_STEP, min_size=1, max_size=3)),
    },
    ("name", "steps"),
)
SHAPED_JOURNEY = _mapping(
    {
        "title": _mostly(TEXT),
        "id": _mostly(IDS),
        "persona": _mostly(st.one_of(IDS, st.lists(IDS, max_size=2))),
        "state": _mostly(st.sampled_from(["current", "future", "past"])),
        "current": _mostly(IDS),
        "owner": _mostly(TEXT),
        "reviewed": _mostly(st.one_of(st.dates(), TEXT)),
        "tags": _mostly(st.lists(TEXT, max_size=2)),
        "promise": _mostly(TEXT),
        "stages": _mostly(st.lists(_STAGE, min_size=1, max_size=3)),
    },
    ("title", "persona", "stages"),
)
SHAPED_PERSONA = _mapping(
    {
        "name": _mostly(TEXT),
        "id": _mostly(IDS),
        "role": _mostly(TEXT),
        "quote": _mostly(TEXT),
        "goals": _mostly(st.lists(TEXT, max_size=2)),
        "image": _mostly(TEXT),
    },
    ("name",),
)
SHAPED_TOUCHPOINTS = st.lists(
    _mapping(
        {
            "id": _mostly(IDS),
            "name": _mostly(TEXT),
            "channel": _mostly(TEXT),
            "owner": _mostly(TEXT),
        }
    ),
    max_size=3,
)
CSV_CELLS = st.one_of(st.sampled_from(["", "x", "1", "4.5", "true", "nan", "1e3"]), ANY_TEXT, IDS)
CSV_HEADER = ["journey", "step", "touchpoint", "metric", "value", "period", "source"]
CSV_TEXT = st.lists(st.lists(CSV_CELLS, max_size=8), max_size=4).map(
    lambda rows: (
        "journey,step,touchpoint,metric,value,period,source\n"
        + "".join(",".join(row) + "\n" for row in rows)
    )
)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A text with a few pieces of YAML syntax put in and a few slices cut out."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(YAML_PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
    return text


def arbitrary_folder() -> st.SearchStrategy[dict[str, str]]:
    """A journeys folder (relative path -> text): arbitrary front matter and sources, or a valid
    folder with a few of its files damaged."""
    return st.one_of(_shaped_folder(), _damaged_folder())


@st.composite
def _damaged_folder(draw: st.DrawFn) -> dict[str, str]:
    files = dict(draw(valid_maps()).files)
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=3, unique=True)):
        files[name] = draw(mutated(st.just(files[name])))
    return files


@st.composite
def _shaped_folder(draw: st.DrawFn) -> dict[str, str]:
    files: dict[str, str] = {}
    journey_yaml = st.one_of(
        YAML_SOUP,
        SHAPED_JOURNEY.map(dump),
        SHAPED_JOURNEY.map(lambda data: dump(data, unicode=False, flow=True)),
        mutated(SHAPED_JOURNEY.map(dump)),
        ANY_VALUE.map(dump),
    )
    for index in range(draw(st.integers(1, 3))):
        files[f"j{index}.md"] = front_matter(draw(journey_yaml), draw(ANY_TEXT))
    persona_yaml = st.one_of(SHAPED_PERSONA.map(dump), mutated(SHAPED_PERSONA.map(dump)))
    files["personas/p.md"] = front_matter(draw(persona_yaml), draw(ANY_TEXT))
    if draw(st.booleans()):
        files["touchpoints.yml"] = draw(
            st.one_of(SHAPED_TOUCHPOINTS.map(dump), mutated(SHAPED_TOUCHPOINTS.map(dump)))
        )
    if draw(st.booleans()):
        files["data/m.csv"] = draw(CSV_TEXT)
    return files


def write_folder(root: Path, files: dict[str, str]) -> None:
    """Write the files byte for byte: line ends and all."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))


# Valid maps ---------------------------------------------------------------------------------


@dataclass
class ValidMaps:
    """A valid journeys folder and what it holds, counted as the format defines each item."""

    files: dict[str, str] = field(default_factory=dict)
    journeys: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> front matter
    personas: dict[str, str] = field(default_factory=dict)  # id -> name
    touchpoints: dict[str, str] = field(default_factory=dict)  # id -> name
    registered: set[str] = field(default_factory=set)  # touchpoints.yml's ids
    pains: dict[str, str] = field(default_factory=dict)  # id -> text
    pain_steps: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # id -> steps
    opportunities: dict[str, str] = field(default_factory=dict)  # id -> text
    metric_rows: int = 0  # rows of data/m.csv

    @property
    def stages(self) -> int:
        return sum(len(j["stages"]) for j in self.journeys.values())

    @property
    def steps(self) -> int:
        return sum(len(s["steps"]) for j in self.journeys.values() for s in j["stages"])

    @property
    def pain_occurrences(self) -> int:
        return sum(len(steps) for steps in self.pain_steps.values())


def _fresh(draw: st.DrawFn, taken: set[str], prefix: str) -> str:
    """An id not taken yet (a counter keeps it unique however the draw goes)."""
    item_id = f"{prefix}{len(taken)}-{draw(IDS)}"[:40].rstrip("-")
    taken.add(item_id)
    return item_id


@st.composite
def valid_maps(draw: st.DrawFn, text: st.SearchStrategy[str] = VALID_TEXT) -> ValidMaps:
    """Personas, a touchpoint registry and journeys, every text drawn from ``text``.

    Ids are given where a text's slug could collide or come out empty; a pain point or
    opportunity is defined once (text, severity or status) and named by id elsewhere.
    """
    maps = ValidMaps()
    taken: set[str] = set()
    for _ in range(draw(st.integers(1, 2))):
        persona_id = _fresh(draw, taken, "p")
        name = draw(text)
        maps.personas[persona_id] = name
        persona = {"name": name, "role": draw(text), "quote": draw(text), "goals": [draw(text)]}
        maps.files[f"personas/{persona_id}.md"] = front_matter(dump(persona), draw(ANY_TEXT))
    registry = []
    for _ in range(draw(st.integers(0, 2))):
        touchpoint_id = _fresh(draw, taken, "t")
        maps.touchpoints[touchpoint_id] = draw(text)
        maps.registered.add(touchpoint_id)
        registry.append(
            {"id": touchpoint_id, "name": maps.touchpoints[touchpoint_id], "channel": draw(text)}
        )
    if registry:
        maps.files["touchpoints.yml"] = dump(registry)
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(1, 3))):
        journey_id = _fresh(draw, taken, "j")
        journey: dict[str, Any] = {
            "title": draw(text),
            "id": journey_id,
            "persona": draw(st.sampled_from(sorted(maps.personas))),
            "owner": draw(text),
            "reviewed": draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
            "tags": draw(st.lists(text, max_size=2)),
            "promise": draw(text),
            "stages": [],
        }
        step_ids: list[str] = []
        for _ in range(draw(st.integers(1, 3))):
            stage = {"name": draw(text), "id": _fresh(draw, taken, "s"), "steps": []}
            for _ in range(draw(st.integers(1, 3))):
                step_id = _fresh(draw, taken, "x")
                step_ids.append(step_id)
                stage["steps"].append(_valid_step(draw, maps, text, journey_id, step_id, taken))
            journey["stages"].append(stage)
        for stage in journey["stages"]:
            for step in stage["steps"]:
                if draw(st.integers(0, 3)) == 0:
                    step["next"] = draw(st.lists(st.sampled_from(step_ids), max_size=2))
        maps.journeys[journey_id] = journey
        for step_id in draw(st.lists(st.sampled_from(step_ids), max_size=2)):
            rows.append([journey_id, step_id, "", *_metric(draw, text)])
        flow = draw(st.sampled_from([False, None]))
        folder = draw(st.sampled_from(["", "a/", "a/b c/"]))
        maps.files[f"{folder}{journey_id}.md"] = front_matter(
            dump(journey, unicode=draw(st.booleans()), flow=flow), draw(ANY_TEXT)
        )
    if maps.touchpoints:
        for touchpoint_id in draw(st.lists(st.sampled_from(sorted(maps.touchpoints)), max_size=2)):
            rows.append(["", "", touchpoint_id, *_metric(draw, text)])
    if rows:
        out = io.StringIO()
        csv.writer(out).writerows([CSV_HEADER, *rows])
        maps.files["data/m.csv"] = out.getvalue()
        maps.metric_rows = len(rows)
    return maps


def _metric(draw: st.DrawFn, text: st.SearchStrategy[str]) -> list[str]:
    """Metric, value, period and source of a row (the reader strips cells)."""
    value = draw(st.floats(allow_nan=False, allow_infinity=False))
    period = draw(st.one_of(st.just(""), st.from_regex(r"\A20[0-9]{2}-Q[1-4]\Z"), text))
    return [draw(text).strip(), repr(value), period.strip(), draw(text).strip()]


def _valid_step(
    draw: st.DrawFn,
    maps: ValidMaps,
    text: st.SearchStrategy[str],
    journey_id: str,
    step_id: str,
    taken: set[str],
) -> dict[str, Any]:
    emotion = draw(st.integers(1, 5))
    step: dict[str, Any] = {"action": draw(text), "id": step_id, "emotion": emotion}
    optional: dict[str, Callable[[], Any]] = {
        "expected": lambda: draw(st.integers(1, 5)),
        "thought": lambda: draw(text),
        "questions": lambda: draw(st.lists(text, min_size=1, max_size=2)),
        "actors": lambda: draw(st.lists(text, min_size=1, max_size=2)),
        **{
            lane: (lambda: draw(st.one_of(text, st.lists(text, min_size=1, max_size=2))))
            for lane in ("frontstage", "backstage", "support", "physical_evidence")
        },
        "channel": lambda: draw(text),
        "metrics": lambda: draw(
            st.dictionaries(text, st.floats(allow_nan=False, allow_infinity=False), max_size=2)
        ),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        step[key] = optional[key]()
    if draw(st.booleans()):
        step["touchpoint"] = _touchpoint(draw, maps, text)
    elif draw(st.booleans()):
        named = [_touchpoint(draw, maps, text) for _ in range(draw(st.integers(1, 3)))]
        step["touchpoints"] = list(dict.fromkeys(named))
    pains = []
    for _ in range(draw(st.integers(0, 2))):
        if maps.pains and draw(st.booleans()):
            pain_id = draw(st.sampled_from(sorted(maps.pains)))
            pains.append({"id": pain_id})
        else:
            pain_id = _fresh(draw, taken, "pp")
            maps.pains[pain_id] = draw(text)
            pains.append(
                {"id": pain_id, "text": maps.pains[pain_id], "evidence": draw(st.lists(text))}
            )
        maps.pain_steps.setdefault(pain_id, set()).add((journey_id, step_id))
    if pains:
        step["pains"] = pains
    opportunities = []
    for _ in range(draw(st.integers(0, 1))):
        if maps.opportunities and draw(st.booleans()):
            opportunities.append({"id": draw(st.sampled_from(sorted(maps.opportunities)))})
        else:
            opportunity_id = _fresh(draw, taken, "o")
            maps.opportunities[opportunity_id] = draw(text)
            opportunities.append(
                {
                    "id": opportunity_id,
                    "text": maps.opportunities[opportunity_id],
                    "fixes": sorted(draw(st.sets(st.sampled_from(sorted(maps.pains)), max_size=2)))
                    if maps.pains
                    else [],
                    "status": draw(_STATUS.filter(lambda s: s != "someday")),
                    "owner": draw(text),
                    **(
                        {"impact": draw(st.integers(1, 5)), "effort": draw(st.integers(1, 5))}
                        if draw(st.booleans())
                        else {}
                    ),
                }
            )
    if opportunities:
        step["opportunities"] = opportunities
    return step


def _touchpoint(draw: st.DrawFn, maps: ValidMaps, text: st.SearchStrategy[str]) -> str:
    """A registered touchpoint's id, or free text whose id no other text has."""
    if maps.touchpoints and draw(st.booleans()):
        # A registered touchpoint by its id, a free one by its text.
        touchpoint_id = draw(st.sampled_from(sorted(maps.touchpoints)))
        return (
            touchpoint_id if touchpoint_id in maps.registered else maps.touchpoints[touchpoint_id]
        )
    free = draw(text)
    number = len(maps.touchpoints)
    while True:
        touchpoint_id = free if is_id(free) else slugify(free)
        if touchpoint_id and maps.touchpoints.get(touchpoint_id, free) == free:
            maps.touchpoints[touchpoint_id] = free
            return free
        # No id of its own, or another text's: make one that no text has had.
        free = f"free touchpoint {number}"
        number += 1
