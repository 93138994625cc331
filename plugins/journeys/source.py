"""Reading source files: text decoding, the front matter split, and YAML that knows its lines.

Every mapping and list read here remembers the file line of each key and item, so that a
problem can name the line of the offending key, as the contract asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python parser without it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Aliases let a tiny file expand into billions of nodes ("billion laughs"); nesting can be
# deep enough to exhaust the stack. Both are refused with a message instead.
MAX_NODES = 2_000_000
MAX_DEPTH = 64

_KEEP_AS_TEXT = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"})

Scalar = str | int | float | bool | None | dt.date | dt.datetime


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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = (exc.problem or "not valid YAML").strip()
        raise SourceError(line, "yaml", f"{problem} (not valid YAML)") from None
    except yaml.YAMLError as exc:
        raise SourceError(first_line, "yaml", f"{exc} (not valid YAML)") from None
    except RecursionError:
        raise SourceError(first_line, "yaml", "nested too deeply to read") from None
    if node is None:
        return None
    return _Builder(first_line).build(node, 0)


def read_front_matter(path: Path) -> FrontMatter:
    """Read a Markdown source with YAML front matter."""
    yaml_text, body, body_line = split_front_matter(read_text(path))
    return FrontMatter(parse_yaml(yaml_text, first_line=2), body, body_line)


def read_yaml_file(path: Path) -> Any:
    """Read a whole YAML file."""
    return parse_yaml(read_text(path), first_line=1)


class _Builder:
    """Turns composed YAML nodes into values, with line numbers and limits."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return int(self.first_line + node.start_mark.line)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError(
                self.line(node),
                "yaml",
                f"more than {MAX_NODES:,} values once aliases are expanded (aliases that multiply "
                "are refused)",
            )
        if depth > MAX_DEPTH:
            raise SourceError(
                self.line(node), "yaml", f"nested more than {MAX_DEPTH} levels deep (not allowed)"
            )
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = YamlList()
            items.line = self.line(node)
            items.item_lines = []
            for child in node.value:
                items.append(self.build(child, depth + 1))
                items.item_lines.append(self.line(child))
            return items
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, depth: int) -> YamlMap:
        result = YamlMap()
        result.line = self.line(node)
        result.key_lines = {}
        result.duplicate_keys = []
        result.non_text_keys = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                # `<<: *defaults` merges a mapping in, keys already given win.
                merged = self.build(value_node, depth + 1)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if isinstance(source, YamlMap):
                        for key, value in source.items():
                            if key not in result:
                                result[key] = value
                                result.key_lines[key] = source.key_line(key)
                continue
            line = self.line(key_node)
            scalar = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if scalar is None:
                result.non_text_keys.append(line)
                continue
            key = str(scalar)
            if key in result.key_lines:
                result.duplicate_keys.append((key, line))
            result[key] = self.build(value_node, depth + 1)
            result.key_lines[key] = line
        return result

    def scalar(self, node: yaml.Node) -> Scalar:
        if node.tag in _KEEP_AS_TEXT:
            # No key of the format is a boolean, and dates are parsed where a date is meant:
            # `thought: No` stays "No" and `action: 2026-01-01` stays as written.
            return str(node.value)
        try:
            value: Scalar = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            # A scalar that looks like a date or number but is not one (2026-13-45) stays text,
            # so validation can say what is wrong with it.
            value = str(node.value)
        return value
