"""YAML's parser errors in plain words: what most likely happened, and how to fix it.

The parser says what it expected (``did not find expected key``); the writer needs to know what
to change, and on which line. Each failure is read again from the text itself: the most likely
slip (a tab, an unquoted ``: ``, an item out of line with the ones above) is named with its
fix, on the line where the writer must act. The parser's own words follow in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line's indentation, its optional list dash, and a plain `key:` after them.
_LINE = re.compile(r"(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<key>[^\s#'\"{\[][^:#]*?):(?:[ \t]|$)")
_DASH = re.compile(r"(?P<indent> *)-(?:[ \t]|$)")


@dataclass(frozen=True)
class Explained:
    """A parser failure in plain words, on the line (0-based, within the text) to change."""

    line: int
    message: str


def explain(
    text: str,
    problem: str,
    problem_line: int | None,
    context_line: int | None,
    first_line: int = 1,
) -> Explained:
    """The plain-words reading of a parser failure.

    ``problem`` is the parser's message, ``problem_line`` and ``context_line`` its marks' lines
    (0-based, within ``text``), either of which may be missing; ``first_line`` is the file line
    of the text's first line, for the lines that messages name.
    """
    lines = text.split("\n")
    at = problem_line if problem_line is not None else (context_line or 0)
    at = max(0, min(at, len(lines) - 1)) if lines else 0
    raw = f" [parser: {problem}]"
    found = (
        _hidden_break(lines, at, context_line)
        or _tab(lines, at)
        or _unclosed_quote(lines, problem, context_line)
        or _text_after_quote(lines, problem, at)
        or _colon_in_text(lines, problem, at)
        or _no_colon(lines, problem, context_line)
        or _out_of_line(lines, problem, at)
        or _cannot_start(lines, problem, at)
        or _alias(lines, problem, at, context_line)
        or _flow(lines, problem, context_line)
        or _second_document(lines, problem, at)
    )
    if found is None:
        return Explained(at, f"not valid YAML{raw}")
    message = re.sub(r"\{line:(\d+)\}", lambda m: str(int(m.group(1)) + first_line), found.message)
    return Explained(found.line, message + raw)


_HIDDEN_BREAKS = {"\u2028": "U+2028", "\u2029": "U+2029", "\x85": "U+0085"}


def _hidden_break(lines: list[str], at: int, context_line: int | None) -> Explained | None:
    """A line separator that editors do not show but YAML reads as the end of a line."""
    for row in sorted({at, context_line if context_line is not None else at}):
        for char, name in _HIDDEN_BREAKS.items():
            if row < len(lines) and char in lines[row]:
                return Explained(
                    row,
                    f"this line holds an invisible line break ({name}), which YAML reads as the "
                    "end of the line (remove it, or put the text in double quotes)",
                )
    return None


def _tab(lines: list[str], at: int) -> Explained | None:
    """A tab in the indentation: YAML indents with spaces only."""
    for index in range(min(at, len(lines) - 1) + 1):
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" \t"))]
        if "\t" in indent:
            return Explained(
                index,
                "this line is indented with a tab: YAML indents with spaces only "
                "(replace the tab with spaces)",
            )
    line = lines[at] if at < len(lines) else ""
    if "\t" in line and ":" in line:
        return Explained(at, "a tab stands where YAML allows only spaces (replace it with a space)")
    return None


def _unclosed_quote(lines: list[str], problem: str, context_line: int | None) -> Explained | None:
    if "end of stream" not in problem or context_line is None:
        return None
    line = lines[context_line] if context_line < len(lines) else ""
    if "'" not in line and '"' not in line:
        return None
    return Explained(
        context_line,
        "a quote opened on this line is never closed (end the text with the same quote mark)",
    )


def _text_after_quote(lines: list[str], problem: str, at: int) -> Explained | None:
    """`key: "text" more` or `key: 'it's'`: the quote ended the text before the line did."""
    if "expected key" not in problem and "<scalar>" not in problem:
        return None
    match = _LINE.match(lines[at])
    if match is None:
        return None
    value = lines[at][match.end() :].strip()
    if value[:1] == "'":
        return Explained(
            at,
            "the text ends at its second ' (an apostrophe inside single quotes is written twice: "
            "'it''s', or put the text in double quotes)",
        )
    if value[:1] == '"':
        return Explained(
            at,
            'the text ends at its second " and more follows (write a " inside double quotes as '
            '\\", or put the text in single quotes)',
        )
    return None


def _colon_in_text(lines: list[str], problem: str, at: int) -> Explained | None:
    """`thought: Note: too slow`, or a line indented under a key whose value is a text."""
    if "mapping values are not allowed" not in problem:
        return None
    line = lines[at]
    match = _LINE.match(line)
    if match is not None:
        value = line[match.end() :].strip()
        if ": " in value or value.endswith(":"):
            key = match.group("key").strip()
            return Explained(
                at,
                f"the text of '{key}' holds ': ', which YAML reads as one more key "
                f"(put the text in quotes{_example(f'{key}: ', value)})",
            )
        text_above = _text_item_above(lines, at)
        if text_above is not None:
            return Explained(
                at,
                f"this line is indented under the list item on line {{line:{text_above}}}, which "
                "is a text, so YAML cannot read a key here (indent it less, in line with the keys "
                "of the mapping it belongs to; or write the item as '- text: ...')",
            )
        above = _previous_key(lines, at)
        if above is not None and above[1] < _key_column(match):
            row, column, key = above
            return Explained(
                at,
                f"this line is indented further than '{key}' on line {{line:{row}}}, whose value "
                f"is a text (indent it by {column} spaces, in line with '{key}')",
            )
    return Explained(
        at,
        "a ': ' in a text that is not in quotes (put the text in quotes, or line this key up "
        "with the keys above it)",
    )


def _no_colon(lines: list[str], problem: str, context_line: int | None) -> Explained | None:
    if "expected ':'" not in problem or context_line is None:
        return None
    return Explained(
        context_line,
        "this line has no 'key: value' (add ': ' after the key; if the line goes on with the text "
        "above, indent it further or put that text in quotes)",
    )


def _out_of_line(lines: list[str], problem: str, at: int) -> Explained | None:
    """A key or list item whose indentation matches no mapping or list above it."""
    if not any(word in problem for word in ("expected key", "'-' indicator", "<block end>")):
        return None
    line = lines[at]
    dash = _DASH.match(line)
    if dash is not None:
        column = len(dash.group("indent"))
        for row in range(at - 1, -1, -1):
            above = _DASH.match(lines[row])
            if above is not None and len(above.group("indent")) != column:
                other = len(above.group("indent"))
                return Explained(
                    at,
                    f"this list item is out of line: its '-' is indented by {column} "
                    f"{_spaces(column)}, the '-' of the item on line {{line:{row}}} by {other} "
                    "(align the '-' of items of one list)",
                )
        return None
    match = _LINE.match(line)
    if match is None:
        return None
    column = _key_column(match)
    key = match.group("key").strip()
    candidates = []
    for row in range(at - 1, -1, -1):
        above = _LINE.match(lines[row])
        if above is not None and not lines[row].lstrip().startswith("#"):
            candidates.append((abs(_key_column(above) - column), row, above))
            if _key_column(above) == 0:
                break
    if not candidates:
        return None
    _, row, above = min(candidates, key=lambda c: (c[0], -c[1]))
    other = _key_column(above)
    if other == column:
        return None
    return Explained(
        at,
        f"'{key}' is out of line: it is indented by {column} {_spaces(column)}, "
        f"'{above.group('key').strip()}' on line {{line:{row}}} by {other} (keys of one mapping "
        "line up: indent it like the key it belongs with)",
    )


def _cannot_start(lines: list[str], problem: str, at: int) -> Explained | None:
    if "cannot start any token" not in problem and "keys are not allowed" not in problem:
        return None
    line = lines[at]
    match = _LINE.match(line)
    value = line[match.end() :].strip() if match else line.strip()
    first = value[:1]
    if not first or first == "\t":
        return None
    return Explained(
        at,
        f"a text cannot begin with '{first}' in YAML (put the text in quotes{_example('', value)})",
    )


def _alias(lines: list[str], problem: str, at: int, context_line: int | None) -> Explained | None:
    if "alias" not in problem and "alphabetic or numeric" not in problem:
        return None
    row = context_line if context_line is not None else at
    return Explained(
        row,
        "a text that begins with '*' is read as a reference to an '&' anchor "
        "(put the text in quotes)",
    )


def _flow(lines: list[str], problem: str, context_line: int | None) -> Explained | None:
    closing = "]" if "']'" in problem else "}" if "'}'" in problem else None
    if closing is None or context_line is None:
        return None
    return Explained(
        context_line,
        f"the '{'[' if closing == ']' else '{'}' opened on this line is not closed by '{closing}' "
        "on it, or an item holds ':', '#' or a quote (close it, or put the item in quotes)",
    )


def _second_document(lines: list[str], problem: str, at: int) -> Explained | None:
    if "another document" not in problem:
        return None
    return Explained(
        at,
        "a second YAML document begins on this line ('---' or '...'): a file holds one "
        "(remove the line, or put '#' before it)",
    )


def _text_item_above(lines: list[str], at: int) -> int | None:
    """The line above, when it is a list item that is a plain text (``- Delivery is late``)."""
    for row in range(at - 1, -1, -1):
        stripped = lines[row].strip()
        if not stripped or stripped.startswith("#"):
            continue
        dash = _DASH.match(lines[row])
        if dash is not None and _LINE.match(lines[row]) is None and stripped != "-":
            return row
        return None
    return None


def _previous_key(lines: list[str], at: int) -> tuple[int, int, str] | None:
    for row in range(at - 1, -1, -1):
        match = _LINE.match(lines[row])
        if match is not None:
            return row, _key_column(match), match.group("key").strip()
        if lines[row].strip() and not lines[row].lstrip().startswith("#"):
            continue
    return None


def _key_column(match: re.Match[str]) -> int:
    return len(match.group("indent")) + len(match.group("dash") or "")


def _spaces(count: int) -> str:
    return "space" if count == 1 else "spaces"


def _example(key: str, value: str) -> str:
    """The quoted line, when short enough to show in a message."""
    if len(value) > 60:
        return ""
    return ": " + key + '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
