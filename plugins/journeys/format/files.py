"""Reading source files: text decoding, the front matter split, and YAML that knows its lines.

Every mapping and list read here remembers the file line of each key and item, so that a
problem can name the line of the offending key, as the contract asks.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python parser without it.
    from yaml import CSafeLoader as _Loader

    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _LIBYAML = False

# Aliases let a tiny file expand into billions of nodes ("billion laughs"); nesting can be
# deep enough to exhaust the stack. Both are refused with a message instead.
MAX_NODES = 2_000_000
MAX_DEPTH = 64

# libyaml's composer recurses in C: some ten thousand nested collections crash the process, and
# deeply nested flow collections take quadratic time. A block collection nests deeper only
# further right (at most two levels per column) and a flow one only after a '[' or '{', so a
# text without long runs of indentation and indicators and with few brackets cannot nest deeply;
# any other text is first read event by event (no recursion), stopping past the limit.
_MAY_NEST_DEEPLY = re.compile(rf"^[ \t?:-]{{{MAX_DEPTH // 2},}}", re.MULTILINE)
_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
# libyaml also breaks lines at U+0085, U+2028 and U+2029; editors (and messages) do not.
_YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

_KEEP_AS_TEXT = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"})
_TEXT = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"
_ScalarNode = yaml.ScalarNode
_SequenceNode = yaml.SequenceNode


_SEQUENCE_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAPPING_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_IMPLICIT_STARTS = frozenset(key for key in _Loader.yaml_implicit_resolvers if key)
_RESOLVED_EVERYWHERE = bool(_Loader.yaml_implicit_resolvers.get(None)) or bool(
    _Loader.yaml_path_resolvers
)


class _QuickTags:
    """PyYAML's own tag rules in a quicker form, for either loader.

    A plain scalar can only be a number, date, bool, null or merge key if its first character
    starts one of the implicit resolvers' patterns; any other text ("Queues at the desk") is a
    string without trying a dozen regular expressions. Quoted scalars are strings, and no path
    resolvers are registered, so the composer's walk for them is skipped. Same tags as before.
    """

    # Short plain scalars repeat (keys, scores, words): their tags are remembered.
    _known: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if _RESOLVED_EVERYWHERE:  # pragma: no cover - a resolver added for every scalar
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        if kind is _ScalarNode:
            if not implicit[0] or (value and value[0] not in _IMPLICIT_STARTS):
                return _TEXT
            tag = self._known.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[misc]
                if len(value) <= 32:
                    if len(self._known) >= 10_000:
                        self._known.clear()
                    self._known[value] = tag
            return tag
        return _SEQUENCE_TAG if kind is _SequenceNode else _MAPPING_TAG

    if not _RESOLVED_EVERYWHERE:
        # The composer calls these around every node, for path resolvers; with none there is
        # nothing to do, and a builtin that does nothing with its arguments is the quickest call.
        descend_resolver: Any = operator.is_  # (parent node, index)
        ascend_resolver: Any = tuple  # ()


class _TagLoader(_QuickTags, _Loader):
    """libyaml's loader (when PyYAML has it), with the quicker tag rules."""


class _PyTagLoader(_QuickTags, yaml.SafeLoader):
    """PyYAML's own Python loader, with the quicker tag rules."""


Scalar = str | int | float | bool | None | dt.date | dt.datetime
_SCALAR_TYPES = (str, int, float, bool, type(None), dt.date)


class SourceError(Exception):
    """A source that cannot be read at all; carries the line where reading stopped."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


class YamlMap(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]
    non_text_keys: list[int]

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list[Any]):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]

    def item_line(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown source split in two: the YAML block and the body below it."""

    data: Any
    body: str
    body_line: int  # file line of the body's first line
    # The YAML block as written, when read from a file: lets checks skip a walk of ``data`` when
    # the text cannot hold what they look for (``template.check_placeholders``).
    text: str | None = field(default=None, repr=False, compare=False)


def read_text(path: Path) -> str:
    """The text of a source file: UTF-8 with or without a BOM, any line ends made ``\\n``."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            line, "file", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} (save the file as UTF-8)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split a Markdown source at its first two ``---`` lines: (yaml, body, body's first line).

    Only the first two ``---`` lines delimit the front matter: a later ``---`` is Markdown.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise SourceError(
            1, "front matter", "missing (a map starts with a '---' line, then YAML, then '---')"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise SourceError(1, "front matter", "not closed (end the YAML block with a '---' line)")


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document into plain values, mappings and lists that know their lines.

    ``first_line`` is the file line of the text's first line.
    """
    lines = _Lines(text, first_line)
    try:
        node = _compose(text, lines, libyaml=_LIBYAML)
    except yaml.YAMLError:
        # libyaml's own limits and messages change with its version (the one in PyYAML 6.0.4
        # stops nesting past 1000 levels with "exceeded maximum nesting depth"), so what it
        # refuses is read again by PyYAML's Python parser, the same grammar in a stable form:
        # what is accepted, and every message with its line, are the same with any libyaml.
        node = _compose(text, lines, libyaml=False)
    if node is None:
        return None
    if "*" in text:  # only an alias can make the values outnumber the text
        _refuse_alias_bombs(node, lines)
    return _Builder(lines).build(node, 0)


def _compose(text: str, lines: _Lines, *, libyaml: bool) -> yaml.Node | None:
    """The document's node tree, refused past the nesting limit; with ``libyaml``, its errors
    are left to the caller."""
    events: Any = _Loader if libyaml else yaml.SafeLoader
    try:
        _refuse_deep_nesting(text, lines, events)
        return yaml.compose(text, Loader=_TagLoader if libyaml else _PyTagLoader)
    except yaml.MarkedYAMLError as exc:
        if libyaml:
            raise
        raise _in_plain_words(text, exc, lines) from None
    except yaml.YAMLError as exc:
        if libyaml:
            raise
        raise SourceError(lines.first_line, "yaml", f"{exc} (not valid YAML)") from None
    except RecursionError:
        raise _too_deep(lines.first_line) from None


class _Lines:
    """File lines of the marks libyaml gives, within the text."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        # An error at the end of the text is shown on its last line with content.
        self.last = text.rstrip().count("\n")
        self.file_line_of: list[int] | None = None
        if "\x85" in text or "\u2028" in text or "\u2029" in text:
            file_line_of = [0]
            for match in _YAML_BREAK.finditer(text):
                file_line_of.append(file_line_of[-1] + (match.group() in ("\n", "\r\n", "\r")))
            self.file_line_of = file_line_of

    def of(self, mark: Any) -> int:  # a yaml.Mark, from either parser, or None
        line = int(mark.line) if mark is not None else 0
        if self.file_line_of is not None:
            line = self.file_line_of[min(line, len(self.file_line_of) - 1)]
        return self.first_line + min(line, self.last)


def _in_plain_words(text: str, exc: yaml.MarkedYAMLError, lines: _Lines) -> SourceError:
    """The parser's failure as what most likely happened and how to fix it, on that line."""
    problem = (exc.problem or exc.context or "not valid YAML").strip()

    def row(mark: Any) -> int | None:  # the mark's line, counted in the text's own lines
        return None if mark is None else lines.of(mark) - lines.first_line

    from .yaml_errors import explain  # only for a file that is not valid YAML

    found = explain(text, problem, row(exc.problem_mark), row(exc.context_mark), lines.first_line)
    return SourceError(lines.first_line + found.line, "yaml", found.message)


def _too_deep(line: int) -> SourceError:
    return SourceError(line, "yaml", f"nested more than {MAX_DEPTH} levels deep (not allowed)")


def _refuse_deep_nesting(text: str, lines: _Lines, events: Any) -> None:
    """Refuse a text nested far past the limit before a composer sees it (``events``: the
    loader class that reads it event by event)."""
    if text.count("[") + text.count("{") < MAX_DEPTH // 2 and not _MAY_NEST_DEEPLY.search(text):
        return
    loader = events(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _OPENS):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the builder gives the exact limit
                    raise _too_deep(lines.of(event.start_mark))
            elif isinstance(event, _CLOSES):
                depth -= 1
    finally:
        loader.dispose()


def _refuse_alias_bombs(root: yaml.Node, lines: _Lines) -> None:
    """Count the values the aliases expand to, each shared node once, before building any."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:  # an anchor that contains its own alias never ends
            raise _too_deep(lines.of(node.start_mark))
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(key, depth + 1) + size(value, depth + 1) for key, value in node.value)
        if total > MAX_NODES:
            raise _too_many(lines.of(node.start_mark))
        sizes[id(node)] = total
        return total

    size(root, 0)


def _too_many(line: int) -> SourceError:
    return SourceError(
        line,
        "yaml",
        f"more than {MAX_NODES:,} values once aliases are expanded (aliases that multiply "
        "are refused)",
    )


def read_front_matter(path: Path) -> FrontMatter:
    """Read a Markdown source with YAML front matter."""
    yaml_text, body, body_line = split_front_matter(read_text(path))
    return FrontMatter(parse_yaml(yaml_text, first_line=2), body, body_line, yaml_text)


def read_yaml_file(path: Path) -> Any:
    """Read a whole YAML file."""
    return parse_yaml(read_text(path), first_line=1)


class _Builder:
    """Turns composed YAML nodes into values, with line numbers and limits."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()
        # The common case of _Lines.of, inlined: it runs for every key and item.
        self.plain_lines = lines.file_line_of is None
        self.first_line = lines.first_line
        self.last = lines.last

    def line(self, node: yaml.Node) -> int:
        if self.plain_lines:
            line: int = node.start_mark.line
            return self.first_line + (line if line < self.last else self.last)
        return self.lines.of(node.start_mark)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _too_many(self.line(node))
        if depth > MAX_DEPTH:
            raise _too_deep(self.line(node))
        kind = type(node)
        if kind is yaml.ScalarNode:
            return self.scalar(node)
        if kind is yaml.MappingNode:
            return self.mapping(node, depth)  # type: ignore[arg-type]
        items = YamlList()
        items.line = self.line(node)
        item_lines: list[int] = []
        items.item_lines = item_lines
        for child in node.value:
            items.append(self.child(child, depth + 1))
            item_lines.append(self.line(child))
        return items

    def child(self, node: yaml.Node, depth: int) -> Any:
        """``build``, with the common case inlined: a plain text at an allowed depth."""
        if type(node) is _ScalarNode and depth <= MAX_DEPTH:
            self.count += 1
            if self.count > MAX_NODES:
                raise _too_many(self.line(node))
            text = node.value
            if node.tag == _TEXT and "\x00" not in text:
                return text
            return self.scalar(node)
        return self.build(node, depth)

    def mapping(self, node: yaml.MappingNode, depth: int) -> YamlMap:
        result = YamlMap()
        result.line = self.line(node)
        key_lines: dict[str, int] = {}
        result.key_lines = key_lines
        result.duplicate_keys = []
        result.non_text_keys = []
        plain_lines, first_line, last = self.plain_lines, self.first_line, self.last
        for key_node, value_node in node.value:
            tag = key_node.tag
            if tag == _MERGE:
                # `<<: *defaults` merges a mapping in, keys already given win.
                merged = self.build(value_node, depth + 1)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if isinstance(source, YamlMap):
                        for key, value in source.items():
                            if key not in result:
                                result[key] = value
                                key_lines[key] = source.key_line(key)
                continue
            if plain_lines:  # self.line, inlined: it runs for every key
                line = key_node.start_mark.line
                line = first_line + (line if line < last else last)
            else:
                line = self.lines.of(key_node.start_mark)
            if type(key_node) is _ScalarNode:
                key = key_node.value
                if tag != _TEXT or "\x00" in key:
                    scalar = self.scalar(key_node)
                    if scalar is None:
                        result.non_text_keys.append(line)
                        continue
                    key = str(scalar)
            else:
                result.non_text_keys.append(line)
                continue
            if key in key_lines:
                result.duplicate_keys.append((key, line))
            result[key] = self.child(value_node, depth + 1)
            key_lines[key] = line
        return result

    def scalar(self, node: yaml.Node) -> Scalar:
        tag, text = node.tag, node.value
        if tag == _TEXT and "\x00" not in text:  # most scalars: plain text
            return text  # type: ignore[no-any-return]
        if (
            tag == _INT
            and len(text) < 19  # Python refuses to read thousands of digits: leave that below
            and text.isascii()
            and text.isdigit()
            and (text[0] != "0" or text == "0")  # a leading 0 is octal in YAML 1.1
        ):
            return int(text)
        if node.tag in _KEEP_AS_TEXT:
            # No key of the format is a boolean, and dates are parsed where a date is meant:
            # `thought: No` stays "No" and `action: 2026-01-01` stays as written.
            return str(node.value)
        if node.tag == _TEXT:  # most scalars; the constructor's bookkeeping was a tenth of a load
            value: object = node.value
        else:
            try:
                value = self.constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, IndexError, TypeError, yaml.YAMLError):
                # A scalar that looks like a date or number but is not one (2026-13-45, or an
                # empty `!!int`) stays text, so validation can say what is wrong with it.
                value = str(node.value)
        if not isinstance(value, _SCALAR_TYPES):  # `!!binary` makes bytes: keep it as written
            value = str(node.value)
        if isinstance(value, str) and "\x00" in value:
            # Browsers show U+0000 as U+FFFD: no page could show the text as written.
            raise SourceError(
                self.line(node),
                "yaml",
                "a text holds U+0000 (NUL), which no page can show "
                "(remove the \\0 or \\x00 escape)",
            )
        return value
