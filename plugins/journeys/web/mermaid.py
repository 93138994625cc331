"""Mermaid ``journey`` diagrams that Mermaid reads back exactly, whatever the text.

Mermaid's journey grammar has no quoting and fails silently: in a task, the first ``:`` starts
the score, ``;`` rejects the whole diagram, ``#`` starts a comment, ``,`` splits an actor, and a
text that begins with a keyword becomes a title or a section. The diagram text is also written
into the page's HTML unescaped (mkdocs-mermaid2's fence), so it must not carry markup.

What Mermaid does offer is its entity codes: before parsing, Mermaid turns every ``#name;`` into a
placeholder that its grammar treats as plain text, and after rendering the placeholder becomes the
HTML character reference ``&name;``, which the browser shows as the character. :func:`encode`
writes every character that Mermaid, HTML or a reader could misread as a decimal code ``#N;``
(``:`` becomes ``#58;``); :func:`decode` is what Mermaid and the browser make of a text.

Everything below was measured with Mermaid 11.17.2 in Chromium (tests/browser).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Section", "Task", "decode", "encode", "journey_diagram"]

# ASCII characters that are always written as codes, and the rule each one defends against:
_ALWAYS_ENCODED = frozenset(
    ":"  # a task's first ':' starts its score, a further one its actors
    ","  # splits the actor list
    ";"  # the lexer has no rule for it inside a line: the whole diagram fails to parse
    "#"  # starts a comment that runs to the end of the line
    "%"  # '%' at a token's start and '%%' anywhere start a comment; '%%{...}%%' is a directive
    "{}"  # 'accDescr {' opens a multi-line description that runs to the next '}'
    '<>&"'  # the text is written unescaped into HTML: no markup, no references, no attribute end
    "`"  # keeps a fence of backticks out of the Markdown that carries the diagram
    # Mermaid's placeholder for '#N;' is U+FB02 U+00B0 U+00B0 N U+00B6 U+00DF and its decoder
    # replaces those sequences wherever they are: a raw U+FB02 or U+00B6 could fake one.
    "\ufb02\u00b6"
)

# Unicode categories written as codes: control (Cc) and format (Cf) characters, surrogates,
# private use and unassigned code points, and every separator. '\n' ends a statement and '\r'
# becomes '\n'; Mermaid's lexer skips leading whitespace ('\s' in JavaScript is all of Zs, and
# U+FEFF, U+2028, U+2029), JavaScript's trim() strips actors and accessibility texts; invisible
# and bidirectional characters would make the diagram source lie about what it shows.
_ENCODED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})

# HTML maps the references &#128; .. &#159; mostly to Windows-1252 characters (&#128; shows
# '€'), so those C1 control characters can only be written raw to be read back as themselves.
# None of them is a line break for Mermaid, JavaScript or HTML; U+0085 is one for str.splitlines().
_HTML_C1 = {cp: html.unescape(f"&#{cp};") for cp in range(0x80, 0xA0)}
_RAW_CONTROLS = frozenset(chr(cp) for cp, shown in _HTML_C1.items() if shown != chr(cp))

# Mermaid's lexer tries these rules (case-insensitively) before the one for plain text, at the
# start of each task: 'journey', 'title ', 'section ', and 'accTitle'/'accDescr' followed by the
# task's own ':'. A text that starts with one gets its first letter written as a code.
_KEYWORD = re.compile(r"journey|title|section|acctitle|accdescr", re.IGNORECASE | re.ASCII)

# Mermaid's own pattern for an entity code (JavaScript's \w is ASCII only).
_MERMAID_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")


def _code(char: str) -> str:
    return f"#{ord(char)};"


def _must_encode(char: str) -> bool:
    if char in _ALWAYS_ENCODED:
        return True
    if char == " " or char in _RAW_CONTROLS:
        return False
    return unicodedata.category(char) in _ENCODED_CATEGORIES


def encode(text: str) -> str:
    """Write ``text`` for a journey diagram: a title, section name, task text or actor.

    The result has no line break, no leading or trailing space, and no ``< > & " ; # : , % { }``
    or backtick other than in ``#N;`` codes; ``decode(encode(text)) == text`` for every text
    without U+0000 or lone surrogates (no HTML page can carry them: Mermaid shows U+FFFD).
    Controls, format characters and separators other than the space are codes too, except the
    C1 controls that HTML would show as Windows-1252 characters (U+0080, U+0085 ...), which are
    left raw. The empty text encodes as the empty text.
    """
    out = [_code(c) if _must_encode(c) else c for c in text]
    if out:
        # Leading spaces are skipped by the lexer; trailing ones are trimmed from actors and
        # accessibility texts (and by mermaid.run() from the diagram's last line).
        if out[0] == " ":
            out[0] = _code(" ")
        if out[-1] == " ":
            out[-1] = _code(" ")
        if _KEYWORD.match(text) or text == "__proto__":
            # The renderer keys a plain object by actor: an actor '__proto__' would set its
            # prototype instead, and be missing from the legend.
            out[0] = _code(text[0])
    return "".join(out)


def _reference(match: re.Match[str]) -> str:
    # Mermaid renders '#58;' as '&#58;' and '#amp;' as '&amp;', which the browser resolves as
    # HTML does. (html.unescape() would drop the references to other controls: browsers keep them.)
    name = match[1]
    if not name.isdigit():
        return html.unescape(f"&{name};")
    digits = name.lstrip("0")
    if len(digits) > 7:  # past U+10FFFF (and past what int() converts)
        return "\ufffd"
    cp = int(digits or "0")
    if cp == 0 or 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
        return "\ufffd"
    return _HTML_C1.get(cp) or chr(cp)


def decode(text: str) -> str:
    """What Mermaid shows for the diagram text ``text``: the inverse of :func:`encode`.

    It models Mermaid's entity codes (``#58;`` is ``:``, ``#amp;`` is ``&``, as the browser
    resolves them); any other character is shown as it is.
    """
    return _MERMAID_ENTITY.sub(_reference, text)


@dataclass(frozen=True)
class Task:
    """One task of a journey: its text, its score (1..5 on Mermaid's scale) and its actors."""

    text: str
    score: int
    actors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Mermaid reads the score with Number(): 'True' would be NaN, no error.
        if isinstance(self.score, bool) or not isinstance(self.score, int):
            raise TypeError(f"a task's score must be an int, not {self.score!r}")
        if not self.text:
            raise ValueError("a task's text must not be empty: Mermaid cannot show an empty task")


@dataclass(frozen=True)
class Section:
    """One section of a journey: its name and its tasks, in order."""

    name: str
    tasks: tuple[Task, ...] = ()

    def __post_init__(self) -> None:
        if not self.name:
            # 'section ' with nothing after it is read as a task named 'section '.
            raise ValueError("a section's name must not be empty: Mermaid cannot show it")


def journey_diagram(title: str, sections: Sequence[Section], acc_title: str, acc_descr: str) -> str:
    """The source of a Mermaid ``journey`` diagram, one line per statement, ending in a newline.

    Every text is written with :func:`encode`. An empty title, ``acc_title`` or ``acc_descr``
    leaves its line out, which Mermaid reads as the empty text ('accTitle: ' with nothing after
    it would make the next line the accessible title). An actor may be empty; a task's actors are
    written only when it has some, since ``Task: 5`` has none and ``Task: 5: `` one empty one.
    """
    lines = ["journey"]
    if title:
        lines.append(f"  title {encode(title)}")
    if acc_title:
        lines.append(f"  accTitle: {encode(acc_title)}")
    if acc_descr:
        lines.append(f"  accDescr: {encode(acc_descr)}")
    for section in sections:
        lines.append(f"  section {encode(section.name)}")
        for task in section.tasks:
            # ': ' with its space: Mermaid drops a ';' from any line matching 'style.*:\S*#.*;'
            # (and 'classDef...'), which a ':' directly followed by a '#N;' code would.
            line = f"    {encode(task.text)}: {task.score}"
            if task.actors:
                line += ": " + ", ".join(encode(actor) for actor in task.actors)
            lines.append(line)
    return "\n".join(lines) + "\n"
