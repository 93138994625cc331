"""Finding and reading every source under a journeys folder, as the contract lays it out."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .cache import SourceCache, load_with
from .files import FrontMatter, SourceError, parse_yaml, read_text, split_front_matter
from .model import Journey, MetricRow, Persona, Touchpoint
from .parse import parse_folder, parse_journey, parse_metrics_csv, parse_persona, parse_touchpoints
from .problems import Problems

PERSONAS_DIR = "personas"
DATA_DIR = "data"
TOUCHPOINTS_FILE = "touchpoints.yml"
FOLDER_FILE = "_folder.yml"  # a folder's title (the `_` keeps it out of the journeys)


@dataclass
class SourceFiles:
    """The files of a journeys folder by kind, each as (absolute path, path relative to it)."""

    journeys: list[tuple[Path, str]] = field(default_factory=list)
    personas: list[tuple[Path, str]] = field(default_factory=list)
    data: list[tuple[Path, str]] = field(default_factory=list)
    folders: list[tuple[Path, str]] = field(default_factory=list)  # each `_folder.yml`
    touchpoints: Path | None = None


@dataclass
class Sources:
    """Everything read from a journeys folder, before cross-references are checked."""

    root: Path
    journeys: list[Journey] = field(default_factory=list)
    personas: list[Persona] = field(default_factory=list)
    touchpoints: list[Touchpoint] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)
    folder_titles: dict[str, str] = field(default_factory=dict)  # "b2b" -> "B2B"
    problems: Problems = field(default_factory=Problems)


def display_path(path: Path, base: Path | None) -> str:
    """A path as people should read it: relative to ``base`` when inside it."""
    if base is not None:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _ignored(name: str) -> bool:
    return name.startswith(("_", "."))


def find_sources(root: Path, problems: Problems, base: Path | None) -> SourceFiles:
    """List the sources under ``root``; symbolic links that leave it are reported, not followed."""
    found = SourceFiles()
    resolved_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if not _ignored(d) and _inside(here / d, resolved_root, problems, base)
        )
        for name in sorted(files):
            path = here / name
            if name == FOLDER_FILE and _inside(path, resolved_root, problems, base):
                found.folders.append((path, path.relative_to(root).as_posix()))
                continue
            if _ignored(name) or not _inside(path, resolved_root, problems, base):
                continue
            if path.exists() and not path.is_file():
                # A named pipe or a device: reading it could wait for ever.
                problems.warning(
                    display_path(path, base), 1, "file", "not a regular file (not read)"
                )
                continue
            relative = path.relative_to(root).as_posix()
            top = relative.split("/", 1)[0] if "/" in relative else ""
            if relative == TOUCHPOINTS_FILE:
                found.touchpoints = path
            elif top == DATA_DIR:
                if name.endswith(".csv"):
                    found.data.append((path, relative))
            elif not name.endswith(".md") or name == "README.md":
                continue
            elif top == PERSONAS_DIR:
                found.personas.append((path, relative))
            else:
                found.journeys.append((path, relative))
    return found


def _inside(path: Path, resolved_root: Path, problems: Problems, base: Path | None) -> bool:
    if not path.is_symlink():
        return True
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop of links
        problems.warning(
            display_path(path, base), 1, "file", "a symbolic link that loops (not followed)"
        )
        return False
    if target.is_relative_to(resolved_root):
        return True
    problems.warning(
        display_path(path, base),
        1,
        "file",
        "a symbolic link to a place outside the journeys folder (not followed; copy the file in)",
    )
    return False


# Said of a journey that cannot be read at all, so that nobody looks for its page in vain.
LEFT_OUT = "; the map is left out of the site until this is fixed"


def read_front_matter_reporting(
    path: Path, shown: str, problems: Problems, consequence: str = ""
) -> FrontMatter | None:
    """Read a Markdown source; a problem that stops reading is reported, not raised.

    ``consequence`` is added to the message: what is lost while the file cannot be read.
    """
    try:
        yaml_text, body, body_line = split_front_matter(read_text(path))
        return FrontMatter(parse_yaml(yaml_text, first_line=2), body, body_line, yaml_text)
    except SourceError as exc:
        problems.error(shown, exc.line, exc.field, exc.message + consequence)
    except OSError as exc:
        problems.error(shown, 1, "file", f"cannot be read: {exc.strerror or exc}{consequence}")
    return None


def load_sources(root: Path, base: Path | None = None, cache: SourceCache | None = None) -> Sources:
    """Read every source file under ``root``; problems name paths relative to ``base``.

    With a ``cache``, files unchanged since the last build are not read again.
    """
    with _collector_paused():
        return _load_sources(root, base, cache)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the sources are read.

    Reading makes hundreds of thousands of objects that all live on (a list for each lane of
    each step), and the collector, triggered by their number, walked them again and again: a
    quarter of ``journeys validate`` at 1,000 journeys. Reading leaves next to no cycles behind
    (objects are freed as their last reference goes); the few it may (a YAML anchor that holds
    itself) are collected once the collector is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What was read lives on: one pass moves it to the oldest generation, where the
            # collector would take it in two (the youngest, then the middle one).
            gc.collect(1)
            gc.enable()


def _load_sources(root: Path, base: Path | None, cache: SourceCache | None) -> Sources:
    sources = Sources(root=root)
    problems = sources.problems
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        problems.error(
            display_path(root, base),
            1,
            "journeys_dir",
            f"the journeys folder {what} (create it, or set the plugin option 'journeys_dir')",
        )
        return sources
    files = find_sources(root, problems, base)
    for path, _relative in files.personas:
        shown = display_path(path, base)
        # Only the front matter is cached: a persona's check of its image looks at another file.
        front = load_with(
            cache,
            path,
            ("front matter", shown),
            partial(read_front_matter_reporting, path, shown),
            problems,
        )
        if front is not None:
            persona = parse_persona(front, path, shown, problems, root)
            if persona is not None:
                sources.personas.append(persona)
    for path, relative in files.journeys:
        shown = display_path(path, base)
        group = relative.rsplit("/", 1)[0] if "/" in relative else ""
        journey = load_with(
            cache,
            path,
            ("journey", shown, group),
            partial(_journey, path, shown, group),
            problems,
        )
        if journey is not None:
            sources.journeys.append(journey)
    if files.touchpoints is not None:
        path, shown = files.touchpoints, display_path(files.touchpoints, base)
        touchpoints = load_with(
            cache,
            path,
            ("touchpoints", shown),
            partial(parse_touchpoints, path, shown),
            problems,
        )
        sources.touchpoints = list(touchpoints)
    for path, relative in files.folders:
        shown = display_path(path, base)
        title = load_with(
            cache, path, ("folder", shown), partial(parse_folder, path, shown), problems
        )
        if title:
            sources.folder_titles[relative.rsplit("/", 1)[0] if "/" in relative else ""] = title
    for path, _relative in files.data:
        shown = display_path(path, base)
        rows = load_with(
            cache,
            path,
            ("metrics", shown),
            partial(parse_metrics_csv, path, shown),
            problems,
        )
        sources.metrics.extend(rows)
    return sources


def _journey(path: Path, shown: str, group: str, problems: Problems) -> Journey | None:
    front = read_front_matter_reporting(path, shown, problems, LEFT_OUT)
    return None if front is None else parse_journey(front, path, shown, group, problems)
