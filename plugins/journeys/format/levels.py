"""Keys at the wrong level of a journey: a slip of the indent, reported as an error.

YAML reads structure from indentation, so a key indented one level too far out or in lands in
another mapping than the one it belongs to. Read there as an unknown key it would be dropped
silently (``opportunities`` under the stage instead of the step: the map shows none). A key that
the format knows at another level is therefore an error that names where it belongs and the
likely fix; a key known nowhere stays a warning with a suggestion (see ``Fields``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from .files import YamlList, YamlMap
from .keys import JOURNEY, OPPORTUNITY, PAIN, STAGE, STEP
from .mapping import join_field
from .problems import Problems

# The levels of a journey file, outermost first; a child level is reached through its list key.
LEVELS = ("journey", "stage", "step", "pain", "opportunity")
_CHILDREN = {
    "journey": (("stages", "stage"),),
    "stage": (("steps", "step"),),
    "step": (("pains", "pain"), ("opportunities", "opportunity")),
}
_PARENT = {child: parent for parent, kids in _CHILDREN.items() for _, child in kids}
_NAMES = {
    "journey": "the journey",
    "stage": "a stage",
    "step": "a step",
    "pain": "a pain point",
    "opportunity": "an opportunity",
}
# `name` at the top of a journey is far more often meant as its title than a stage's name.
_NOT_MISPLACED = frozenset({("journey", "name")})


@cache  # asked for every key of every journey file: the table does not change
def keys_by_level() -> Mapping[str, frozenset[str]]:
    """Which keys each level of a journey file knows, from the format's table of keys."""
    return {
        "journey": frozenset(JOURNEY.names),
        "stage": frozenset(STAGE.names),
        "step": frozenset(STEP.names),
        "pain": frozenset(PAIN.names),
        "opportunity": frozenset(OPPORTUNITY.names),
    }


def journey_file_keys() -> frozenset[str]:
    """Every key known at some level of a journey file."""
    return frozenset().union(*keys_by_level().values())


def homes(key: str, level: str) -> list[str]:
    """The other levels that know ``key``; empty when it is known nowhere, or known here."""
    table = keys_by_level()
    if key in table[level] or (level, key) in _NOT_MISPLACED:
        return []
    return [other for other in LEVELS if key in table[other]]


def check_levels(data: YamlMap, path: str, problems: Problems) -> None:
    """Report each key of a journey's front matter that belongs to another level."""
    table = keys_by_level()
    for level, place, mapping, parent in _mappings(data):
        known = table[level]
        for key in mapping:
            if key in known:  # most keys: ``homes`` would find none
                continue
            places = homes(key, level)
            if places:
                problems.error(
                    path,
                    mapping.key_line(key),
                    join_field(_field(place), key),
                    misplaced_message(key, level, places, mapping, parent),
                )


# Where a mapping is, as the chain (where its list is, list key, index) from the top level
# (None): its field path is made only for a mapping with a key to report.
_Place = tuple["_Place", str, int] | None


def _field(place: _Place) -> str:
    """The field path of a mapping's place: ``stages[0].steps[1]``."""
    if place is None:
        return ""
    outer, list_key, index = place
    return join_field(join_field(_field(outer), list_key), index)


def _mappings(
    data: YamlMap,
) -> Iterator[tuple[str, _Place, YamlMap, tuple[str, YamlMap] | None]]:
    """Every mapping of a journey with its level, place and parent mapping."""
    stack: list[tuple[str, _Place, YamlMap, tuple[str, YamlMap] | None]] = [
        ("journey", None, data, None)
    ]
    while stack:
        level, place, mapping, parent = stack.pop()
        yield level, place, mapping, parent
        for list_key, child in _CHILDREN.get(level, ()):
            items = mapping.get(list_key)
            if isinstance(items, YamlList):
                for index, item in enumerate(items):
                    if isinstance(item, YamlMap):
                        stack.append((child, (place, list_key, index), item, (level, mapping)))


def misplaced_message(
    key: str,
    level: str,
    places: list[str],
    mapping: YamlMap,
    parent: tuple[str, YamlMap] | None,
) -> str:
    """Where ``key`` belongs instead of ``level``, and the indentation that most likely fixes it."""
    line = mapping.key_line(key)
    inner = [place for place in places if _is_inside(place, level)]
    if inner:
        # Prefer a level whose items this mapping has; `text` in a step with pains only.
        present = [place for place in inner if _item_before(mapping, level, place, line)]
        home = (present or inner)[0]
        item_line = _item_before(mapping, level, home, line)
        where = f"belongs to {_NAMES[home]}, not {_NAMES[level]}"
        if item_line is None:
            return f"{where}: indent it under {_NAMES[home]} ({_list_key(level, home)}:)"
        what = "the journey" if home == "journey" else _NAMES[home].split(" ", 1)[1]
        return f"{where}: indent it under the {what} that begins on line {item_line}"
    home = places[0]
    where = f"belongs to {_NAMES[home]}, not {_NAMES[level]}"
    if home == "journey":
        return f"{where}: move it out to the top level, with no indentation"
    if parent is not None and parent[0] == home and parent[1].key_lines:
        first_key, first_line = min(parent[1].key_lines.items(), key=lambda item: item[1])
        return (
            f"{where}: indent it less, in line with the {_NAMES[home].split(' ', 1)[1]}'s "
            f"'{first_key}' on line {first_line}"
        )
    return f"{where}: indent it less, to the level of {_NAMES[home]}'s keys"


def _is_inside(place: str, level: str) -> bool:
    """Whether ``place`` is a level nested (at any depth) inside ``level``."""
    while place in _PARENT:
        place = _PARENT[place]
        if place == level:
            return True
    return False


def _list_key(level: str, home: str) -> str:
    """The list key under ``level`` that leads down to ``home``."""
    path = []
    place = home
    while place != level:
        parent = _PARENT[place]
        path.append(next(key for key, child in _CHILDREN[parent] if child == place))
        place = parent
    return ": ".join(reversed(path))


def _item_before(mapping: YamlMap, level: str, home: str, line: int) -> int | None:
    """The line of the ``home`` item, inside ``mapping``, that the key most likely belongs to.

    That is the last such item that begins before the key (the key was meant to continue it),
    else the first one.
    """
    current: list[YamlMap] = [mapping]
    place = level
    chain = []
    node = home
    while node != level:
        chain.append(node)
        node = _PARENT[node]
    for child in reversed(chain):
        list_key = next(key for key, kid in _CHILDREN[place] if kid == child)
        found: list[YamlMap] = []
        for parent_map in current:
            items = parent_map.get(list_key)
            if isinstance(items, YamlList):
                found.extend(item for item in items if isinstance(item, YamlMap))
        current = found
        place = child
    if not current:
        return None
    before = [item for item in current if item.line < line]
    return (before[-1] if before else current[0]).line
