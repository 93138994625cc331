"""Generate again only the pages whose inputs changed: after one saved map, ``mkdocs serve``
makes its page and the pages that show it, not the thousands of others.

Each page maker runs against a stand-in for the catalog that records what it reads: an item of
a collection by id (``catalog.pain_points["p1"]``, ``catalog.futures_of("j1")``), a whole
collection (iterating ``catalog.journeys``, ``len(...)``), or any other attribute. At the next
generation, a maker whose every read gives a value equal to last time (compared with ``==``:
the parsed objects of unchanged files are the same objects, and the catalog's own are
dataclasses compared by value) hands back its pages of last time; any other runs again. The
reads are indexed by what was read (``_readers``), so each is compared once per generation and
names the makers that read it.

A maker should read only what its pages show: a folder's portfolio page reads that folder's
journeys (``Catalog.journeys_in_folder``), a journey's page the pain points it names without
where else they occur (``Catalog.pain_heads``).

Nothing has to declare what a page depends on, so a view that starts to read something new is
tracked too; a read that the stand-in cannot see would be a bug, and the tests compare every
incremental generation with a full one.

A maker that runs again (an index of every pain point, after any edit) keeps its rows in a
``RowMemo`` of its own (``memo.py``): a row whose inputs are equal to last time's is not made
again.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from ..catalog import Catalog
from .generate import GeneratedPage, Maker, PageInputs, image_makers, page_makers
from .memo import RowMemo, remembering
from .views import ViewOptions

WHOLE = "*"  # the key of a read of a whole collection or attribute
_MISSING = object()

Read = tuple[str, object]  # (the attribute read, the id read in it or WHOLE)
T = TypeVar("T")


@dataclass(frozen=True)
class _Made(Generic[T]):
    reads: frozenset[Read]
    outputs: list[T]


class Incremental(Generic[T]):
    """What makers made in the last generation, kept with what each of them read."""

    def __init__(self) -> None:
        self._inputs: PageInputs | None = None
        self._options: object = None
        self._made: dict[str, _Made[T]] = {}
        self._memos: dict[str, RowMemo] = {}  # by maker: the rows it made last time
        # Who read what, by the name read and the id read in it: the makers to run again are
        # found from the reads that changed, each compared once.
        self._readers: dict[str, dict[object, set[str]]] = {}
        self.made = 0  # makers that ran in the last generation
        self.made_keys: list[str] = []  # their keys
        self.kept = 0  # makers whose outputs were kept

    def run(self, inputs: PageInputs, makers: list[Maker[T]], options: object = None) -> list[T]:
        """Every maker's outputs, in order: those of last time where its reads are unchanged
        (and ``options`` equal), else made again."""
        previous = self._inputs if options == self._options else None
        stale = _stale(previous, inputs, self._readers) if previous is not None else set()
        made: dict[str, _Made[T]] = {}
        memos: dict[str, RowMemo] = {}
        outputs: list[T] = []
        self.made = self.kept = 0
        self.made_keys = []
        for maker in makers:
            last = self._made.get(maker.key) if previous is not None else None
            memo = self._memos.get(maker.key) if previous is not None else None
            if last is None or maker.key in stale:
                reads: set[Read] = set()
                memo = memo or RowMemo()
                with remembering(memo):
                    outputs_made = maker.make(_recording(inputs, reads))
                last = _Made(frozenset(reads), outputs_made)
                self.made += 1
                self.made_keys.append(maker.key)
            else:
                self.kept += 1
            made[maker.key] = last
            if memo:
                memos[maker.key] = memo
            outputs.extend(last.outputs)
        self._index_readers(made, rebuild=previous is None)
        self._inputs, self._options, self._made, self._memos = inputs, options, made, memos
        return outputs

    def _index_readers(self, made: dict[str, _Made[T]], rebuild: bool) -> None:
        """Bring ``_readers`` up to ``made``: the reads of the makers that ran again (or are
        gone) change; those of the kept ones stay."""
        readers = {} if rebuild else self._readers
        if not rebuild:
            for key, old in self._made.items():
                if made.get(key) is not old:
                    for name, item in old.reads:
                        by_item = readers.get(name, {})
                        keys = by_item.get(item, set())
                        keys.discard(key)
                        if not keys:
                            by_item.pop(item, None)
        for key, new in made.items():
            if rebuild or self._made.get(key) is not new:
                for name, item in new.reads:
                    readers.setdefault(name, {}).setdefault(item, set()).add(key)
        self._readers = readers


class IncrementalPages(Incremental[GeneratedPage]):
    """Pages of the last generation, kept with what each page maker read."""

    def generate(self, catalog: Catalog, options: ViewOptions | None = None) -> list[GeneratedPage]:
        return self.run(PageInputs.of(catalog), page_makers(catalog, options), options)


class IncrementalImages(Incremental[tuple[str, str]]):
    """The map views' SVG files of the last generation, made again only for the journeys whose
    inputs changed (drawing them all took a third of a save at 1,000 journeys)."""

    def generate(self, catalog: Catalog) -> list[tuple[str, str]]:
        return self.run(PageInputs.of(catalog), image_makers(catalog))


def _value(inputs: PageInputs, name: str) -> object:
    if name == "sources":
        return inputs.sources
    return getattr(inputs.catalog, name)


def _stale(
    previous: PageInputs, current: PageInputs, readers: dict[str, dict[object, set[str]]]
) -> set[str]:
    """The keys of the makers that read something whose value is not the same now: compared
    with ``==`` once per read, after an identity check (the parsed objects of unchanged files
    are the very same objects). A read whose makers all run again anyway is not compared, and
    the reads of whole collections (the dearest) come last."""
    stale: set[str] = set()
    wholes: list[tuple[object, object, set[str]]] = []
    for name, by_item in readers.items():
        try:
            old, new = _value(previous, name), _value(current, name)
            if old is new:
                continue
            for item, keys in by_item.items():
                if item == WHOLE:
                    wholes.append((old, new, keys))
                    continue
                if keys <= stale:
                    continue
                before = old.get(item, _MISSING)  # type: ignore[attr-defined]
                after = new.get(item, _MISSING)  # type: ignore[attr-defined]
                if before is not after and before != after:
                    stale |= keys
        except Exception:  # anything odd: make its readers again
            for keys in by_item.values():
                stale |= keys
    for old, new, keys in wholes:
        try:
            if not keys <= stale and old != new:
                stale |= keys
        except Exception:
            stale |= keys
    return stale


def _recording(inputs: PageInputs, reads: set[Read]) -> PageInputs:
    catalog = cast(Catalog, _RecordingCatalog(inputs.catalog, reads))
    return PageInputs(catalog, _RecordingMapping("sources", inputs.sources, reads))


class _RecordingMapping(Mapping[Any, Any]):
    """A read-only view of a mapping that records the ids read, or that all of it was."""

    def __init__(self, name: str, data: Mapping[Any, Any], reads: set[Read]) -> None:
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, key: Any) -> Any:
        self._reads.add((self._name, key))
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._reads.add((self._name, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._reads.add((self._name, key))
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        self._reads.add((self._name, WHOLE))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add((self._name, WHOLE))
        return len(self._data)

    def keys(self) -> Any:
        self._reads.add((self._name, WHOLE))
        return self._data.keys()

    def values(self) -> Any:
        self._reads.add((self._name, WHOLE))
        return self._data.values()

    def items(self) -> Any:
        self._reads.add((self._name, WHOLE))
        return self._data.items()


class _RecordingCatalog:
    """Stands in for a Catalog: its methods run against this object, so that their reads of
    the collections and of the derived indexes are recorded as well."""

    def __init__(self, catalog: Catalog, reads: set[Read]) -> None:
        self._catalog = catalog
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        # Called once per name: what it returns is kept on this object, except a property's
        # value, which is worked out again on each read.
        declared = inspect.getattr_static(type(self._catalog), name, None)
        if isinstance(declared, property) and declared.fget is not None:
            return declared.fget(self)
        if isinstance(declared, types.FunctionType):
            found: object = types.MethodType(declared, self)
        else:
            value = getattr(self._catalog, name)  # a field, or a derived index (built once)
            if isinstance(value, Mapping):
                found = _RecordingMapping(name, value, self._reads)
            elif isinstance(value, Sequence) and not isinstance(value, str):
                found = _RecordingSequence(name, value, self._reads)
            else:
                self._reads.add((name, WHOLE))
                return value
        self.__dict__[name] = found
        return found


class _RecordingSequence(Sequence[Any]):
    """A read-only view of a list: any read is a read of all of it."""

    def __init__(self, name: str, data: Sequence[Any], reads: set[Read]) -> None:
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, index: Any) -> Any:
        self._reads.add((self._name, WHOLE))
        return self._data[index]

    def __len__(self) -> int:
        self._reads.add((self._name, WHOLE))
        return len(self._data)

    def __iter__(self) -> Iterator[Any]:
        self._reads.add((self._name, WHOLE))
        return iter(self._data)
