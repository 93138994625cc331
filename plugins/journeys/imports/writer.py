"""A journey file as people write them: keys in the contract's order, short lists on one line,
texts of several lines as blocks, a blank line between stages."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import yaml

_FLOW_WIDTH = 72  # a list or mapping of scalars shorter than this stays on one line


class _FlowList(list[Any]):
    pass


class _FlowMap(dict[str, Any]):
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # `stages:` then `  - name:`, as the contract's examples are indented
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None  # PyYAML falls back to quotes where | cannot hold it
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _flow_map(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_FlowList, _flow_list)
_Dumper.add_representer(_FlowMap, _flow_map)


def _short(values: list[Any]) -> bool:
    return all(
        isinstance(v, str | int | float) and not isinstance(v, bool) and "\n" not in str(v)
        for v in values
    ) and (sum(len(str(v)) + 2 for v in values) < _FLOW_WIDTH)


# Lists of items that are read one per line, as the contract's example writes them.
_BLOCK_LISTS = frozenset({"stages", "steps", "pains", "opportunities"})
_FLOW_MAPS = frozenset({"metrics"})


def plain(value: Any, key: str = "") -> Any:
    """Mappings and lists of the reader (with their lines) as plain ones, short ones in flow."""
    if isinstance(value, dict):
        items = {str(k): plain(item, str(k)) for k, item in value.items()}
        short = key in _FLOW_MAPS and _short(list(items.values()))
        return _FlowMap(items) if items and short else items
    if isinstance(value, list):
        items_list = [plain(item) for item in value]
        short = key not in _BLOCK_LISTS and _short(items_list)
        return _FlowList(items_list) if items_list and short else items_list
    return value


def _dump(value: Any) -> str:
    return yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )


def journey_text(front: dict[str, Any], body: str) -> str:
    """The whole file: front matter between `---` lines, then the body."""
    top = {key: plain(value, key) for key, value in front.items() if key != "stages"}
    if isinstance(top.get("reviewed"), str):  # the reader keeps dates as text: unquote it
        with contextlib.suppress(ValueError):
            top["reviewed"] = dt.date.fromisoformat(top["reviewed"].strip())
    parts = ["---\n", _dump(top) if top else "", "stages:\n"]
    stages = [_indented(_dump([plain(stage)])) for stage in front.get("stages") or []]
    parts.append("\n".join(stages))
    parts.append("---\n")
    return "".join(parts) + body


def _indented(text: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(True))
