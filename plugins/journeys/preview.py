"""Under ``mkdocs serve``, a map saved half-written keeps its page.

A journey file that stops reading (broken YAML, no front matter) would take its page away at
the next rebuild: the author looking at it gets a 404 while typing. While serving, the plugin
keeps the last version of the journey that could be read, and its page says, at the top, that
the file has errors and which. ``mkdocs build`` never does this: a published site shows the
files as they are.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .format.folder import Sources
from .format.model import Journey
from .format.problems import Problem
from .pages.generate import GeneratedPage
from .web import addresses
from .web.html import esc


class LastGood:
    """The journeys of the last rebuilds, by source file, to stand in for files that break."""

    def __init__(self) -> None:
        self._journeys: dict[Path, Journey] = {}

    def stand_in(self, sources: Sources) -> dict[str, list[Problem]]:
        """Put back the last good journey of each file that exists but gives none now.

        Returns the ids put back, each with the problems of its file.
        """
        read = {journey.source: journey for journey in sources.journeys}
        kept: dict[str, list[Problem]] = {}
        for path, journey in self._journeys.items():
            if path in read or not path.is_file():
                continue  # read fine, or deleted: nothing to stand in for
            problems = [p for p in sources.problems.sorted() if p.path == journey.where.path]
            if problems and all(j.id != journey.id for j in sources.journeys):
                sources.journeys.append(journey)
                kept[journey.id] = problems
        self._journeys = {
            path: journey
            for path, journey in self._journeys.items()
            if journey.id in kept and journey.source == path
        } | read
        return kept


def with_notice(pages: list[GeneratedPage], kept: dict[str, list[Problem]]) -> list[GeneratedPage]:
    """The pages, those of the kept journeys with a notice of their file's problems on top."""
    if not kept:
        return pages
    notices = {addresses.journey(journey_id): problems for journey_id, problems in kept.items()}
    result = []
    for page in pages:
        problems = notices.get(page.src_uri)
        if problems:
            head, separator, rest = page.markdown.partition("\n---\n")  # after the front matter
            page = dataclasses.replace(
                page, markdown=head + separator + "\n" + _notice(problems) + "\n" + rest
            )
        result.append(page)
    return result


def _notice(problems: list[Problem]) -> str:
    items = "".join(f"<li><code>{esc(str(problem))}</code></li>" for problem in problems)
    return (
        '<div class="admonition failure journeys-stale">\n'
        '<p class="admonition-title">This map has errors: the page shows the last version '
        "that could be read</p>\n"
        f"<ul>{items}</ul>\n"
        "<p>Fix them and save: the page follows. (Only <code>mkdocs serve</code> keeps a page "
        "like this; a build leaves it out.)</p>\n"
        "</div>\n"
    )
