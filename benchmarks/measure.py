"""Measuring a child process (wall time, CPU time, peak memory) and what a build wrote."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
BIN = Path(sys.executable).parent

# Every child runs with the same environment: no MkDocs 2 banner, a pinned day for the views.
CHILD_ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONUTF8": "1",
    "JOURNEYS_TODAY": "2026-11-01",
}


@dataclass(frozen=True)
class Child:
    """What one finished child process cost."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the child (and anything it waited for)
    peak_rss: int  # bytes: the child's maximum resident set size
    returncode: int


def run_child(command: list[str], cwd: Path, log: Path) -> Child:
    """Run a command to its end, its output into ``log``.

    ``os.wait4`` gives this child's own resource usage: RUSAGE_CHILDREN would add up every
    child so far and keep the largest peak memory of any of them.
    """
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Child(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss=usage.ru_maxrss * 1024,  # kilobytes on Linux
        returncode=process.returncode,
    )


@dataclass(frozen=True)
class SiteFigures:
    """Sizes of a built site."""

    bytes: int
    files: int
    html_pages: int
    search_index: int
    largest_page: tuple[int, str]  # bytes, path of the largest HTML page
    journey_page: int  # bytes of the first journey's page
    nav_links_journey_page: int  # navigation links Material wrote into that page
    nav_links_pain_page: int  # ...and into the first pain point's page


def site_figures(site: Path) -> SiteFigures:
    total = files = pages = 0
    largest = (0, "")
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = Path(folder) / name
            size = path.stat().st_size
            total += size
            files += 1
            if name.endswith(".html"):
                pages += 1
                if size > largest[0]:
                    largest = (size, path.relative_to(site).as_posix())
    journey = _first(site / "journeys", "journey-")
    pain = _first(site / "pain-points", "pain-")
    index = site / "search" / "search_index.json"
    return SiteFigures(
        bytes=total,
        files=files,
        html_pages=pages,
        search_index=index.stat().st_size if index.is_file() else 0,
        largest_page=largest,
        journey_page=journey.stat().st_size if journey else 0,
        nav_links_journey_page=_nav_links(journey),
        nav_links_pain_page=_nav_links(pain),
    )


def _first(folder: Path, prefix: str) -> Path | None:
    if not folder.is_dir():
        return None
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix))
    return folder / names[0] / "index.html" if names else None


def _nav_links(page: Path | None) -> int:
    """Links in the primary navigation that Material renders into a page."""
    if page is None or not page.is_file():
        return 0
    html = page.read_text(encoding="utf-8")
    start = html.find('<nav class="md-nav md-nav--primary"')
    end = html.find('<div class="md-sidebar md-sidebar--secondary"', start)
    return html[start:end].count('class="md-nav__link') if start >= 0 else 0
