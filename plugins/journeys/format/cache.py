"""Parsed sources kept between builds, so that under ``mkdocs serve`` an edit re-reads only the
files that changed.

An entry is keyed by the file's path and what else its parse depends on (the path shown in
problems, the journey's folder), and checked against the file in two steps:

1. ``stat``: unchanged modification time, change time, size and inode mean unchanged contents, so
   the file is not opened at all. A stamp younger than the file system's clock tick is not
   trusted, because a second write within the same tick would leave it equal (git's "racy"
   files); the contents are checked once more at the next build.
2. Otherwise the file is read and hashed: the same hash means the same contents, whatever the
   stamp says (a ``touch``, a ``git checkout`` of the same text), and the parse is reused.

Parsed objects are handed out again as they are, not copied (copying thousands of journeys would
cost about as much as parsing them): the catalog and the renderers build their own objects and
never change a parsed one; tests/test_cache.py checks it. Problems found while parsing are kept
with the entry and reported again on every build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from .problems import Problem, Problems

T = TypeVar("T")

# How long after a change a stamp may still hide another change: the kernel's clock tick (a few
# milliseconds) on file systems with fine time stamps; FAT's 2 s on those with whole seconds.
FINE_TICK_NS = 100_000_000
COARSE_TICK_NS = 2_000_000_000


@dataclass(frozen=True)
class _Stamp:
    mtime_ns: int
    ctime_ns: int
    size: int
    inode: int


@dataclass
class _Entry:
    key: Hashable
    stamp: _Stamp | None  # None: too recent to trust, check the contents next time
    digest: bytes
    value: object
    problems: tuple[Problem, ...]


@dataclass
class CacheStats:
    """What one build did with its sources."""

    unchanged: int = 0  # not opened: the stamp matched
    read: int = 0  # opened and hashed: new, changed, or with a stamp too recent to trust
    parsed: int = 0  # parsed: new or changed contents

    @property
    def files(self) -> int:
        return self.unchanged + self.read


@dataclass
class SourceCache:
    """Parse results of source files, valid for one set of settings (see ``start``)."""

    stats: CacheStats = field(default_factory=CacheStats)
    clock: Callable[[], int] = field(default=time.time_ns)  # nanoseconds, as stat gives them
    _entries: dict[Path, _Entry] = field(default_factory=dict)
    _settings: Hashable = None
    _seen: set[Path] = field(default_factory=set)

    def start(self, settings: Hashable) -> None:
        """Begin a build. Other settings than last time (the config changed) drop every entry;
        files that the last build did not load any more (deleted, renamed) are forgotten."""
        if settings != self._settings:
            self._entries.clear()
            self._settings = settings
        elif self._seen:
            self._entries = {p: e for p, e in self._entries.items() if p in self._seen}
        self._seen = set()
        self.stats = CacheStats()

    def load(
        self,
        path: Path,
        key: Hashable,
        parse: Callable[[Problems], T],
        problems: Problems,
    ) -> T:
        """The result of ``parse`` for ``path``, from the cache while the file is unchanged.

        ``parse`` reads the file itself and reports into the Problems it is given; ``key`` names
        everything besides the file's contents that the result depends on.
        """
        self._seen.add(path)
        entry = self._entries.get(path)
        if entry is not None and entry.key != key:
            entry = None
        try:
            stat = path.stat()
        except OSError:
            self._entries.pop(path, None)
            return self._parse(parse, problems)  # parse reports why the file cannot be read
        stamp = _Stamp(stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
        if entry is not None and entry.stamp == stamp:
            self.stats.unchanged += 1
            problems.extend(entry.problems)
            return cast(T, entry.value)
        self.stats.read += 1
        import hashlib  # only with a cache (mkdocs serve): journeys validate starts without it

        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            self._entries.pop(path, None)
            return self._parse(parse, problems)
        trusted = stamp if _settled(stamp, self.clock()) else None
        if entry is not None and entry.digest == digest:
            entry.stamp = trusted
            problems.extend(entry.problems)
            return cast(T, entry.value)
        found = Problems()
        value = self._parse(parse, found)
        problems.extend(found.items)
        self._entries[path] = _Entry(key, trusted, digest, value, tuple(found.items))
        return value

    def _parse(self, parse: Callable[[Problems], T], problems: Problems) -> T:
        self.stats.parsed += 1
        return parse(problems)


def _settled(stamp: _Stamp, now_ns: int) -> bool:
    """Whether the file's last change is old enough for its stamp to tell every later change."""
    newest = max(stamp.mtime_ns, stamp.ctime_ns)
    coarse = stamp.mtime_ns % 1_000_000_000 == 0
    return now_ns - newest >= (COARSE_TICK_NS if coarse else FINE_TICK_NS)


def load_with(
    cache: SourceCache | None,
    path: Path,
    key: Hashable,
    parse: Callable[[Problems], T],
    problems: Problems,
) -> T:
    """``cache.load``, or a plain parse without a cache (the command line reads each file once)."""
    if cache is None:
        return parse(problems)
    return cache.load(path, key, parse, problems)
