"""The core's share of one save under ``mkdocs serve --dirty``, in process and without MkDocs.

    .venv/bin/python benchmarks/profile_save.py PROJECT_DIR [--profile STATS_FILE] [--edits N]
        [--gc-freeze]

``PROJECT_DIR`` is a corpus from ``benchmarks/generate.py`` (its ``journeys/`` folder is edited in
place and put back afterwards). The script does what the plugin keeps between builds: a
``SourceCache``, ``IncrementalPages`` and ``IncrementalImages``. It loads the sources, builds the
catalog and generates every page and image once; then, ``N`` times, edits one journey (a step's
action text and emotion, in a step with a pain point) and times the second load, catalog and
generation. Prints JSON: each phase's seconds (CPU) of the first build and the median and
slowest of the saves (and their wall time), and how many page makers ran again. With
``--profile`` the last save runs under cProfile and its stats are written to STATS_FILE
(``python -m pstats STATS_FILE``); the profiled save's seconds are then about twice the real
ones. With ``--gc-freeze``, every build is followed (untimed) by ``gc.collect(); gc.freeze()``:
what the garbage collector's full passes over the kept objects cost a save is the difference.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import statistics
import time
from pathlib import Path

from journeys.catalog import build_catalog
from journeys.format.cache import SourceCache
from journeys.format.folder import load_sources
from journeys.pages.incremental import IncrementalImages, IncrementalPages
from journeys.pages.views import ViewOptions

OPTIONS = ViewOptions(today=dt.date(2026, 9, 1))


class Session:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = SourceCache()
        self.pages = IncrementalPages()
        self.images = IncrementalImages()

    def build(self) -> dict[str, float]:
        """Each phase's seconds of CPU time (steadier than wall time on a shared machine; the
        work is single-threaded), and the wall time of all of them."""
        seconds: dict[str, float] = {}
        wall, mark = time.perf_counter(), time.process_time()

        def lap(name: str) -> None:
            nonlocal mark
            now = time.process_time()
            seconds[name], mark = now - mark, now

        self.cache.start("settings")
        sources = load_sources(self.root, self.root.parent, self.cache)
        lap("load")
        catalog = build_catalog(sources)
        lap("catalog")
        self.pages.generate(catalog, OPTIONS)
        lap("pages")
        self.images.generate(catalog)
        lap("images")
        seconds["total"] = sum(seconds.values())
        seconds["wall"] = time.perf_counter() - wall
        return seconds


def edit(path: Path, number: int) -> None:
    """A step's action text and emotion, in the first step of ``path`` that has a pain point."""
    lines = path.read_text(encoding="utf-8").split("\n")
    steps = [n for n, line in enumerate(lines) if line.startswith("      - action: ")]
    for start, end in zip(steps, [*steps[1:], len(lines)], strict=True):
        body = range(start + 1, end)
        emotion = next((n for n in body if lines[n].startswith("        emotion: ")), None)
        if emotion is None or "        pains:" not in lines[start + 1 : end]:
            continue
        lines[start] = lines[start].rstrip('"') + f' (edit {number})"'
        old = int(lines[emotion].rsplit(" ", 1)[1])
        lines[emotion] = f"        emotion: {1 + (old + number) % 5}"
        path.write_text("\n".join(lines), encoding="utf-8")
        return
    raise AssertionError(f"no step with a pain point and an emotion in {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--profile", type=Path, help="write the last save's cProfile stats here")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--gc-freeze", action="store_true", help="freeze the heap after builds")
    args = parser.parse_args()
    root = args.project / "journeys"
    maps = sorted(root.rglob("journey-*.md"))
    session = Session(root)
    first = session.build()
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    saves = []
    originals: dict[Path, str] = {}
    try:
        for number in range(1, args.edits + 1):
            path = maps[(number * 397) % len(maps)]  # a different journey and folder each time
            originals.setdefault(path, path.read_text(encoding="utf-8"))
            edit(path, number)
            if args.profile and number == args.edits:
                profiler = cProfile.Profile()
                profiler.runcall(session.build)
                profiler.dump_stats(args.profile)
            else:
                saves.append(session.build())
            if args.gc_freeze:
                gc.collect()
                gc.freeze()
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    median = {name: statistics.median(s[name] for s in saves) for name in first} if saves else {}
    slowest = max(saves, key=lambda s: s["total"], default={})
    print(
        json.dumps(
            {
                "journeys": len(maps),
                "first_build": {k: round(v, 3) for k, v in first.items()},
                "median_save": {k: round(v, 3) for k, v in median.items()},
                "slowest_save": {k: round(v, 3) for k, v in slowest.items()},
                "saves_timed": len(saves),
                "save_totals": [round(s["total"], 3) for s in saves],
                "page_makers_made_last_save": session.pages.made,
                "page_makers_kept_last_save": session.pages.kept,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
