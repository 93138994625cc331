"""Fast tests of journeys.mermaid, against a Python model of Mermaid 11.17.2's journey parser.

The model (mermaid_read) copies what Mermaid does with the diagram text, rule by rule, from
Mermaid's sources; tests/browser/test_mermaid_roundtrip.py checks the real Mermaid in Chromium.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.web.mermaid import Section, Task, decode, encode, journey_diagram
from nasty_strings import NASTY_STRINGS

# --- a model of Mermaid's journey parser ------------------------------------------------------

# JavaScript's \s (Python's also matches U+001C..U+001F and U+0085, JavaScript's does not).
_JS_WS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_S = f"[{_JS_WS}]"
_I = re.IGNORECASE
# The lexer's rules in the INITIAL state, in order: jison takes the first that matches.
_RULES: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"%(?!\{)[^\n]*", _I), None),
    (re.compile(r"[^}]%%[^\n]*", _I), None),
    (re.compile(r"\n+"), "NEWLINE"),
    (re.compile(f"{_S}+"), None),
    (re.compile(r"#[^\n]*"), None),
    (re.compile(r"journey\b", _I | re.ASCII), "journey"),
    (re.compile(f"title{_S}[^#\\n;]+", _I), "title"),
    (re.compile(f"accTitle{_S}*:{_S}*", _I), "acc_title"),
    (re.compile(f"accDescr{_S}*:{_S}*", _I), "acc_descr"),
    (re.compile(f"accDescr{_S}*\\{{{_S}*", _I), "acc_descr_multiline"),
    (re.compile(f"section{_S}[^#:\\n;]+", _I), "section"),
    (re.compile(r"[^#:\n;]+"), "taskName"),
    (re.compile(r":[^#\n;]+"), "taskData"),
    (re.compile(r":"), ":"),
    (re.compile(r".", re.DOTALL), "INVALID"),
]


class MermaidSyntaxError(Exception):
    pass


@dataclass
class ReadTask:
    section: str
    task: str
    score: float
    people: list[str]


@dataclass
class ReadDiagram:
    title: str = ""
    acc_title: str = ""
    acc_descr: str = ""
    sections: list[str] = field(default_factory=list)
    tasks: list[ReadTask] = field(default_factory=list)


def _js_number(text: str) -> float:
    try:
        return float(text.strip(_JS_WS.replace("\u2000-\u200a", "")) or "0")
    except ValueError:
        return math.nan


def _js_trim(text: str) -> str:
    return re.sub(f"^{_S}+|{_S}+$", "", text)


def _shown(text: str) -> str:
    """What the browser shows for a text from Mermaid's db: its placeholders become references."""
    return decode(
        text.replace("\ufb02\u00b0\u00b0", "#")
        .replace("\ufb02\u00b0", "#")
        .replace("\u00b6\u00df", ";")
    )


def mermaid_read(source: str) -> ReadDiagram:
    """Read a journey diagram as Mermaid 11.17.2 does (for diagrams without front matter)."""
    text = re.sub(r"\r\n?", "\n", source)  # preprocess: cleanupText
    text = re.sub(r"^\s*%%(?!\{)[^\n]+\n?", "", text, flags=re.MULTILINE).lstrip()
    # encodeEntities: the 'style'/'classDef' rule drops a ';', then '#name;' becomes a placeholder
    text = re.sub(r"style.*:\S*#.*;", lambda m: m[0][:-1], text)
    text = re.sub(r"classDef.*:\S*#.*;", lambda m: m[0][:-1], text)

    def placeholder(match: re.Match[str]) -> str:
        inner = match[1]
        mark = "\ufb02\u00b0\u00b0" if re.fullmatch(r"\+?\d+", inner) else "\ufb02\u00b0"
        return mark + inner + "\u00b6\u00df"

    text = re.sub(r"#([A-Za-z0-9_]+);", placeholder, text) + "\n"
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        for pattern, kind in _RULES:  # noqa: B007 (the loop stops at the rule that matches)
            match = pattern.match(text, pos)
            if match:
                break
        assert match is not None
        pos = match.end()
        if kind in ("acc_title", "acc_descr"):
            value = re.compile(r"[^\n]*").match(text, pos)
            assert value is not None
            pos = value.end()
            tokens.append((kind, value[0]))
        elif kind == "acc_descr_multiline":
            value = re.compile(r"[^}]*").match(text, pos)
            assert value is not None
            pos = value.end() + 1
            tokens.append((kind, value[0]))
        elif kind is not None:
            tokens.append((kind, match[0]))
    diagram = ReadDiagram()
    section = ""
    kinds = [kind for kind, _ in tokens]
    if kinds[:1] != ["journey"]:
        raise MermaidSyntaxError("no 'journey'")
    i = 1
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "NEWLINE":
            pass
        elif kind == "title":
            diagram.title = value[6:]
        elif kind == "acc_title":
            diagram.acc_title = _js_trim(value)
        elif kind in ("acc_descr", "acc_descr_multiline"):
            diagram.acc_descr = _js_trim(value)
        elif kind == "section":
            section = value[8:]
            diagram.sections.append(section)
        elif kind == "taskName" and i + 1 < len(tokens) and tokens[i + 1][0] == "taskData":
            pieces = tokens[i + 1][1][1:].split(":")
            people = pieces[1].split(",") if len(pieces) > 1 else []
            diagram.tasks.append(
                ReadTask(section, value, _js_number(pieces[0]), [_js_trim(p) for p in people])
            )
            i += 1
        else:
            raise MermaidSyntaxError(f"unexpected {kind} {value!r}")
        i += 1
    diagram.title = _shown(diagram.title)
    diagram.acc_title = _shown(diagram.acc_title)
    diagram.acc_descr = _shown(diagram.acc_descr)
    diagram.sections = [_shown(s) for s in diagram.sections]
    for task in diagram.tasks:
        task.section = _shown(task.section)
        task.task = _shown(task.task)
        task.people = [_shown(p) for p in task.people]
    return diagram


def test_the_model_reproduces_the_silent_failures_measured_in_mermaid() -> None:
    read = mermaid_read("journey\nsection S1\n  Checks status: ready: 2: Me\n")
    assert read.tasks[0].task == "Checks status"
    assert math.isnan(read.tasks[0].score)
    assert read.tasks[0].people == ["2"]
    with pytest.raises(MermaidSyntaxError):
        mermaid_read("journey\nsection S\n  a;b: 5: Me\n")
    with pytest.raises(MermaidSyntaxError):
        mermaid_read("journey\nsection S\n  Journey planner: 5\n")
    assert mermaid_read("journey\nsection S\n  x: 5: A, B\n").tasks[0].people == ["A", "B"]
    assert mermaid_read("journey\nsection S\n  #hash: 5\n").tasks == []
    with pytest.raises(MermaidSyntaxError):
        mermaid_read("journey\nsection S\n  section x: 5\n")
    assert mermaid_read("journey\nsection S\n  section x\n").sections == ["S", "x"]
    assert mermaid_read("journey\nsection S\n  accTitle: 5\n").acc_title == "5"
    assert mermaid_read("journey\nsection S\n  t#58;x#59;: 5\n").tasks[0].task == "t:x;"


# --- encode / decode --------------------------------------------------------------------------

_CODE = re.compile(r"#\d+;")
_FORBIDDEN = set('<>&";#:,%{}`\n\r\u2028\u2029')
# C1 controls that HTML would show as Windows-1252 characters if written as references.
_RAW_C1 = {chr(cp) for cp in (0x80, *range(0x82, 0x8D), 0x8E, *range(0x91, 0x9D), 0x9E, 0x9F)}


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_round_trip(text: str) -> None:
    assert decode(encode(text)) == text


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_encoded_text_has_nothing_raw_that_mermaid_or_html_would_read(text: str) -> None:
    encoded = encode(text)
    bare = _CODE.sub("", encoded)
    assert not _FORBIDDEN & set(bare), encoded
    for char in bare:
        category = unicodedata.category(char)
        assert char == " " or char in _RAW_C1 or category[0] not in "CZ", (encoded, char)
    assert not encoded.startswith(" ")
    assert not encoded.endswith(" ")


@pytest.mark.parametrize(
    "text", ["section x", "SECTION x", "Title y", "title", "journey", "JourneyX", "accTitle"]
)
def test_keywords_at_start_are_neutralised(text: str) -> None:
    encoded = encode(text)
    assert encoded.startswith("#")
    assert not re.match(r"journey|title|section|acc", encoded, re.IGNORECASE)
    assert decode(encoded) == text


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("Checks status: ready", "Checks status#58; ready"),
        ("a;b", "a#59;b"),
        ("#59;", "#35;59#59;"),
        ("a, b", "a#44; b"),
        (" x ", "#32;x#32;"),
        ("x  y", "x  y"),
        ("section x", "#115;ection x"),
        ("<b>", "#60;b#62;"),
        ("Zoë's café: 2 bags!", "Zoë's café#58; 2 bags!"),
        ("Straße", "Straße"),
        ("😀", "😀"),
        ("\u00a0", "#160;"),
        ("\x80", "\x80"),
        ("\x81", "#129;"),
        ("__proto__", "#95;_proto__"),
        ("__proto__x", "__proto__x"),
        ("", ""),
    ],
)
def test_encoding_examples(text: str, encoded: str) -> None:
    assert encode(text) == encoded


def test_nul_and_lone_surrogates_read_back_as_replacement_character() -> None:
    # No HTML page can carry them: Mermaid and the browser show U+FFFD.
    assert decode(encode("a\x00b")) == "a\ufffdb"
    assert decode(encode("a\ud800b")) == "a\ufffdb"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("#58;", ":"),
        ("#0058;", ":"),
        ("#0;", "\ufffd"),
        ("#1;", "\x01"),
        ("#13;", "\r"),
        ("#128;", "€"),
        ("#129;", "\x81"),
        ("#65534;", "\ufffe"),
        ("#1114112;", "\ufffd"),
        ("#" + "9" * 5000 + ";", "\ufffd"),
        ("#amp;", "&"),
        ("#notit;", "¬it;"),
        ("#nosuch;", "&nosuch;"),
        ("#59", "#59"),
        ("# 58;", "# 58;"),
        ("&amp;", "&amp;"),
    ],
)
def test_decode_as_the_browser_shows_mermaid_codes(text: str, shown: str) -> None:
    assert decode(text) == shown


_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_round_trip_of_any_text(text: str) -> None:
    assert decode(encode(text)) == text


# --- journey_diagram --------------------------------------------------------------------------


def _diagram_for(text: str, score: int = 3) -> tuple[str, list[Section]]:
    sections = [
        Section(text, (Task(text, score, (text,)), Task("plain", 5, ()))),
        Section("second", (Task("t", 1, (text, "Me", text)),)),
    ]
    return journey_diagram(text, sections, text, text), sections


def _assert_reads_back(
    diagram: str, title: str, sections: list[Section], acc_title: str, acc_descr: str | None = None
) -> None:
    read = mermaid_read(diagram)
    assert read.title == title
    assert read.acc_title == acc_title
    assert read.acc_descr == (acc_title if acc_descr is None else acc_descr)
    assert read.sections == [s.name for s in sections]
    expected = [
        ReadTask(s.name, t.text, t.score, list(t.actors)) for s in sections for t in s.tasks
    ]
    assert read.tasks == expected


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_the_model_of_mermaid_reads_back_every_text(text: str) -> None:
    diagram, sections = _diagram_for(text)
    _assert_reads_back(diagram, text, sections, text)


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_one_line_per_statement(text: str) -> None:
    diagram, sections = _diagram_for(text)
    lines = diagram.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    # journey, title, accTitle, accDescr, then each section and its tasks
    assert len(lines) == 4 + sum(1 + len(s.tasks) for s in sections)
    assert lines[0] == "journey"
    assert lines[1].startswith("  title ")
    assert lines[2].startswith("  accTitle: ")
    assert lines[3].startswith("  accDescr: ")
    assert lines[4].startswith("  section ")
    task = re.compile(r"    [^:\s][^:]*: -?\d+(: [^:]*)?")
    assert task.fullmatch(lines[5]), lines[5]
    for line in lines:
        bare = _CODE.sub("", line)
        assert not set(bare) & {"\r", "\u2028", "\u2029", "<", ">", "&", '"', ";", "#", "%"}


def test_diagram_layout() -> None:
    diagram = journey_diagram(
        "Click & collect",
        [
            Section(
                "Awareness",
                (
                    Task("Sees an ad", 4, ("Busy parent", "Store clerk")),
                    Task("Checks status: ready", 2, ()),
                ),
            ),
            Section("Collect", (Task("Waits", 1, ("Busy, tired parent",)),)),
        ],
        "Journey: click & collect",
        "Emotion per step",
    )
    assert diagram == (
        "journey\n"
        "  title Click #38; collect\n"
        "  accTitle: #74;ourney#58; click #38; collect\n"
        "  accDescr: Emotion per step\n"
        "  section Awareness\n"
        "    Sees an ad: 4: Busy parent, Store clerk\n"
        "    Checks status#58; ready: 2\n"
        "  section Collect\n"
        "    Waits: 1: Busy#44; tired parent\n"
    )


def test_empty_texts_leave_their_line_out_and_read_back_empty() -> None:
    sections = [Section("S", (Task("t", 3, ("",)), Task("u", 5, ("", "")), Task("v", 1)))]
    diagram = journey_diagram("", sections, "", "")
    assert diagram == "journey\n  section S\n    t: 3: \n    u: 5: , \n    v: 1\n"
    _assert_reads_back(diagram, "", sections, "")
    # as mermaid.run() trims the whole text
    _assert_reads_back(diagram.strip(), "", sections, "")


def test_sections_without_tasks_and_no_sections() -> None:
    assert journey_diagram("T", [], "", "") == "journey\n  title T\n"
    sections = [Section("A"), Section("B", (Task("b", 2),))]
    _assert_reads_back(journey_diagram("T", sections, "a", "d"), "T", sections, "a", "d")


@pytest.mark.parametrize("score", [1, 2, 3, 4, 5, 0, -1, 10])
def test_scores(score: int) -> None:
    diagram, sections = _diagram_for("x", score)
    _assert_reads_back(diagram, "x", sections, "x")


def test_deterministic() -> None:
    diagrams = ["".join(_diagram_for(text)[0] for text in NASTY_STRINGS) for _ in range(2)]
    assert diagrams[0] == diagrams[1]
    as_list = journey_diagram("T", [Section("S", (Task("a: b", 3, ("x", "y")),))], "at", "ad")
    as_tuple = journey_diagram("T", (Section("S", (Task("a: b", 3, ("x", "y")),)),), "at", "ad")
    assert as_list == as_tuple


def test_task_and_section_reject_what_mermaid_cannot_show() -> None:
    with pytest.raises(ValueError, match="empty"):
        Task("", 3)
    with pytest.raises(ValueError, match="empty"):
        Section("")
    with pytest.raises(TypeError, match="int"):
        Task("t", True)
    with pytest.raises(TypeError, match="int"):
        Task("t", 3.0)  # type: ignore[arg-type]


def test_task_and_section_are_frozen_values() -> None:
    task = Task("t", 3, ("A",))
    assert task == Task("t", 3, ("A",))
    assert hash(task) == hash(Task("t", 3, ("A",)))
    with pytest.raises(FrozenInstanceError):
        task.score = 4  # type: ignore[misc]
    assert Section("S", (task,)) == Section("S", (task,))


@settings(max_examples=200, deadline=None)
@given(
    title=_ANY_TEXT,
    name=_ANY_TEXT.filter(bool),
    text=_ANY_TEXT.filter(bool),
    actors=st.lists(_ANY_TEXT, max_size=3),
    score=st.integers(min_value=1, max_value=5),
)
def test_the_model_of_mermaid_reads_back_any_diagram(
    title: str, name: str, text: str, actors: list[str], score: int
) -> None:
    sections = [Section(name, (Task(text, score, tuple(actors)),))]
    _assert_reads_back(journey_diagram(title, sections, title, title), title, sections, title)
