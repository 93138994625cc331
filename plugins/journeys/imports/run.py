"""`journeys import`: one journey file from a sheet, checked by the project's own parser and
catalog, every problem shown at its cell, nothing written unless it is all valid (or forced)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..catalog import Catalog, build_catalog
from ..format import keys as format_keys
from ..format.files import FrontMatter, SourceError, YamlList, YamlMap, read_front_matter
from ..format.folder import DATA_DIR, PERSONAS_DIR, Sources, display_path, load_sources
from ..format.model import Journey
from ..format.parse import parse_journey
from ..format.problems import Problem, Problems
from ..format.slug import ID_RULE, is_id, slugify
from ..format.words import counted
from .build import Builder, Context, definitions
from .columns import JOURNEY, JOURNEY_TITLE, PERSONAS, Layout, read_header
from .places import JOURNEY_LINE, Issue, Place, Places, new_list, new_map, put
from .table import ReadError, Row, Table, read_table
from .writer import journey_text

_MAX_PASSES = 20  # --force: each pass leaves out the rows with errors; a few always suffice


@dataclass(frozen=True)
class Request:
    """What the command was asked: the sheet, where the journey goes, and what it is."""

    sheet_file: Path
    root: Path  # the journeys folder
    base: Path  # paths in messages are relative to it (where the command runs)
    title: str | None = None
    personas: tuple[str, ...] = ()
    journey_id: str | None = None
    folder: str = ""
    sheet: str | None = None
    encoding: str | None = None
    force: bool = False


@dataclass
class Outcome:
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: Path | None = None
    summary: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    def fail(self, place: str, message: str) -> Outcome:
        self.issues.append(Issue(Place(place), message))
        return self


def import_sheet(request: Request) -> Outcome:
    outcome = Outcome()
    shown = display_path(request.sheet_file.absolute(), request.base)
    try:
        table = read_table(
            request.sheet_file, shown, sheet=request.sheet, encoding=request.encoding
        )
    except ReadError as exc:
        return outcome.fail(exc.place, exc.message)
    outcome.notes.extend(table.notes)
    layout = read_header(table.header)
    for index, message, is_error in layout.problems:
        place = (
            Place(table.cell_place(table.header_row, index), table.header[index])
            if index is not None
            else Place(table.row_place(table.header_row))
        )
        outcome.issues.append(Issue(place, message, is_error))
    if outcome.errors:
        return outcome
    rows = [row for row in table.rows if not row.blank]
    outcome = _Import(request, table, layout, outcome).run(rows)
    # The file, header and options first, then the rows top to bottom.
    outcome.issues.sort(key=lambda issue: min(issue.place.rows, default=0))
    return outcome


class _Import:
    def __init__(self, request: Request, table: Table, layout: Layout, outcome: Outcome) -> None:
        self.request = request
        self.table = table
        self.layout = layout
        self.outcome = outcome
        self.places = Places()

    def run(self, rows: list[Row]) -> Outcome:
        request, outcome = self.request, self.outcome
        probe = Builder(self.table, self.layout, self.places, Context())
        chosen, journey_id = self._journey_rows(probe, rows)
        if chosen is None:
            return outcome
        rows = chosen
        if not rows:
            return outcome.fail(self.table.name, "has no step rows below its header")
        title, title_line = self._sheet_value(rows, JOURNEY_TITLE, request.title, "--title")
        journey_id = journey_id or slugify(str(title or ""))
        if not journey_id:
            return outcome.fail("--id", "needed: no --id, and no --title to make one from")
        if not is_id(journey_id):
            return outcome.fail("--id", f"'{journey_id}' is not an id ({ID_RULE})")
        folder = _folder(request.folder)
        if folder is None:
            return outcome.fail(
                "--folder",
                f"'{request.folder}' is not a sub-folder for journeys (a relative path inside "
                f"the journeys folder, not {PERSONAS_DIR}/ or {DATA_DIR}/, no part starting "
                "with '_' or '.')",
            )
        self.target = request.root / folder / f"{journey_id}.md"
        self.shown = display_path(self.target.absolute(), request.base)
        self.group = folder
        if self.target.exists() and not request.force:
            outcome.fail(self.shown, "exists already (give --force to replace it)")
        if self.target.is_dir():
            return outcome.fail(self.shown, "is a folder (choose another --id)")
        sources = load_sources(request.root, request.base)
        replaced = self._replaced(sources)
        self.sources = sources
        self.others = [j for j in sources.journeys if j is not replaced]
        before = _fresh_catalog(sources, sources.journeys)
        self.before = set(before.problems.items)
        self.old = self._old_front_matter()
        context = Context(
            registry={t.id: t for t in sources.touchpoints},
            free_text={t.id: t.name for t in before.touchpoints.values() if not t.registered},
            persona_names={p.id: p.name for p in sources.personas},
            elsewhere=definitions(self.others),
            replaced=definitions([replaced] if replaced else []),
        )
        self.front = self._front(rows, title, title_line)
        return self._check_and_write(rows, context)

    # The journey and its top-level keys ---------------------------------------------------

    def _journey_rows(self, probe: Builder, rows: list[Row]) -> tuple[list[Row] | None, str | None]:
        """The rows of the one journey to import; an export of many needs --id to choose."""
        wanted = self.request.journey_id
        if self.layout.get(JOURNEY) is None:
            return rows, wanted
        journeys = probe.journey_ids(rows)
        if len(journeys) <= 1:
            return rows, wanted or (journeys[0] if journeys and is_id(journeys[0]) else None)
        # A team's sheet may name its journeys rather than give ids: --id matches the slug too.
        chosen = [j for j in journeys if wanted is not None and wanted in (j, slugify(j))]
        if not chosen:
            listed = ", ".join(journeys[:10]) + (", ..." if len(journeys) > 10 else "")
            self.outcome.fail(
                "--id" if wanted else self.table.name,
                f"the sheet holds {len(journeys)} journeys ({listed}): "
                + (f"'{wanted}' is none of them" if wanted else "choose one with --id"),
            )
            return None, None
        of_rows = probe.journey_of(rows)
        return [
            row for row, journey in zip(rows, of_rows, strict=True) if journey in chosen
        ], wanted

    def _sheet_value(
        self, rows: list[Row], key: str, option: Any, option_name: str
    ) -> tuple[Any, int | None]:
        """An option's value, else the sheet's column of that journey-level key (first row)."""
        if option:
            return option, self.places.code(Place(option_name))
        column = self.layout.get(key)
        if column is None:
            return None, None
        for row in rows:
            value = row.value(column.index)
            if value is not None and str(value).strip():
                place = Place(self.table.cell_place(row, column.index), column.header)
                return str(value).strip(), self.places.code(place)
        return None, None

    def _replaced(self, sources: Sources) -> Journey | None:
        if not self.target.exists():
            return None
        target = self.target.resolve()
        for journey in sources.journeys:
            if journey.source.resolve() == target:
                return journey
        return None

    def _old_front_matter(self) -> FrontMatter | None:
        if not self.target.is_file():
            return None
        try:
            return read_front_matter(self.target)
        except (SourceError, OSError):
            return None  # nothing to keep from a file that does not read

    def _front(self, rows: list[Row], title: Any, title_line: int | None) -> YamlMap:
        """The top-level keys: title and persona from the options or the sheet; what the sheet
        cannot say (owner, tags, the body...) kept from the file that the import replaces."""
        old = self.old.data if self.old and isinstance(self.old.data, YamlMap) else new_map(1)
        front = new_map(JOURNEY_LINE)
        personas, persona_line = self._sheet_value(
            rows, PERSONAS, list(self.request.personas), "--persona"
        )
        if isinstance(personas, str):  # the export separates ids by spaces; a team by lines
            separator = r"\s+" if self.layout.exported else r"[\n;]"
            personas = [p.strip() for p in re.split(separator, personas) if p.strip()]
        for key in format_keys.JOURNEY.names:
            if key == "title" and title is not None:
                put(front, key, title, title_line or JOURNEY_LINE)
            elif key == "persona" and personas and persona_line is not None:
                value = personas[0] if len(personas) == 1 else new_list(personas, persona_line)
                put(front, key, value, persona_line)
            elif key in old and key not in ("id", "stages"):
                put(front, key, old[key], old.key_line(key))
        for key in old:
            if key not in format_keys.JOURNEY.names:
                put(front, key, old[key], old.key_line(key))  # unknown: warned about as before
        return front

    # Checking and writing -----------------------------------------------------------------

    def _check_and_write(self, rows: list[Row], context: Context) -> Outcome:
        outcome, reported = self.outcome, {str(issue) for issue in self.outcome.issues}
        left_out: set[int] = set()
        for _ in range(_MAX_PASSES):
            builder = Builder(self.table, self.layout, self.places, context)
            built = builder.stages(rows, left_out)
            data = new_map(JOURNEY_LINE)
            for key, value in self.front.items():
                put(data, key, value, self.front.key_line(key))
            put(data, "stages", built.stages, built.stages.line)
            data = _in_order(data)
            issues = built.issues + self._check(data)
            for issue in issues:
                if str(issue) not in reported:
                    reported.add(str(issue))
                    outcome.issues.append(issue)
            errors = [issue for issue in issues if issue.is_error]
            if not errors and not outcome.errors:
                return self._write(data, built.stages, built.step_count, left_out)
            if not self.request.force:
                return outcome
            if not errors:
                return self._write(data, built.stages, built.step_count, left_out)
            if any(not issue.place.rows for issue in errors):
                return outcome  # not a row's fault: leaving rows out cannot help
            left_out |= {number for issue in errors for number in issue.place.rows}
            if all(row.number in left_out for row in rows):
                return outcome.fail(
                    self.table.name, "no row is left without errors: nothing written"
                )
        return outcome.fail(self.table.name, "the rows with errors could not all be left out")

    def _check(self, data: YamlMap) -> list[Issue]:
        """The project's parser and catalog on the new journey among the others."""
        problems = Problems()
        front = FrontMatter(data, self._body(), JOURNEY_LINE)
        journey = parse_journey(front, self.target, self.shown, self.group, problems)
        journeys = [*self.others, *([journey] if journey else [])]
        catalog = _fresh_catalog(self.sources, journeys, exclude=self.shown, extra=problems.items)
        issues = []
        for problem in catalog.problems.sorted():
            if problem.path == self.shown:
                issue = self._located(problem)
                if issue is not None:
                    issues.append(issue)
            elif problem not in self.before:
                # A problem the import causes elsewhere: a text given twice, a broken reference.
                # A row of the sheet named in the message is what --force leaves out.
                message, rows = self.places.rewrite(problem.message, self.shown)
                place = Place(f"{problem.path}:{problem.line}", None, rows)
                issues.append(Issue(place, message, problem.is_error, problem.field))
        return issues

    def _located(self, problem: Problem) -> Issue | None:
        place = self.places.place(problem.line)
        key = problem.field.rsplit(".", 1)[-1].split("[", 1)[0]
        if place is None:
            if problem.line != JOURNEY_LINE:
                if problem in self.before:
                    return None  # a key kept from the replaced file, as it was
                place = Place(f"{self.shown}:{problem.line}")
            else:
                option = key in ("title", "persona", "id")
                place = Place(f"--{key}" if option else self.shown)
                key = "" if option else key
        elif place.column is not None or place.text.startswith("--"):
            key = ""
        message, _rows = self.places.rewrite(problem.message, self.shown)
        return Issue(place, _in_sheet_words(message), problem.is_error, key or None)

    def _body(self) -> str:
        if self.old is not None:
            return self.old.body
        return (
            f"\nImported from `{self.request.sheet_file.name}` with `journeys import`. The story "
            "of this journey, its research and its links go here.\n"
        )

    def _write(self, data: YamlMap, stages: YamlList, steps: int, left_out: set[int]) -> Outcome:
        text = journey_text(data, self._body())
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.target.write_text(text, encoding="utf-8")
        except OSError as exc:
            return self.outcome.fail(self.shown, f"cannot be written: {exc.strerror or exc}")
        self.outcome.written = self.target
        summary = (
            f"wrote {self.shown}: {counted(len(stages), 'stage')}, {counted(steps, 'step')} "
            f"from {self.table.name}"
        )
        if left_out:
            numbers = ", ".join(str(n) for n in sorted(left_out))
            summary += f" (left out {counted(len(left_out), 'row')} with errors: {numbers})"
        self.outcome.summary = summary
        return self.outcome


# The parser's hints speak of YAML keys; in a sheet, the same fix is a column.
_SHEET_HINTS = (
    ("give the step an explicit 'id:'", "give the step an id in a 'step id' column"),
    ("give each stage its own id", "give each stage its own id in a 'stage id' column"),
    ("add an explicit 'id:' to this step", "give the step an id in a 'step id' column"),
    ("add an explicit 'id:' to this stage", "give the stage an id in a 'stage id' column"),
    ("write it as a mapping with 'id:' and 'text:'", "use letters or digits"),
)


def _in_sheet_words(message: str) -> str:
    for yaml_words, sheet_words in _SHEET_HINTS:
        message = message.replace(yaml_words, sheet_words)
    return message


def _fresh_catalog(
    sources: Sources,
    journeys: list[Journey],
    *,
    exclude: str | None = None,
    extra: list[Problem] | None = None,
) -> Catalog:
    """A catalog of these journeys with the folder's other sources, its problems its own."""
    items = [p for p in sources.problems.items if p.path != exclude]
    copy = dataclasses.replace(
        sources, journeys=journeys, problems=Problems([*items, *(extra or [])])
    )
    return build_catalog(copy)


def _in_order(data: YamlMap) -> YamlMap:
    result = new_map(data.line)
    for key in [*format_keys.JOURNEY.names, *data]:
        if key in data and key not in result:
            put(result, key, data[key], data.key_line(key))
    return result


def _folder(folder: str) -> str | None:
    """The sub-folder as a group name ("retail/shoes"), or None when it cannot hold journeys."""
    path = PurePosixPath(folder.replace("\\", "/").strip("/"))
    parts = [part for part in path.parts if part not in ("", ".")]
    if path.is_absolute() or any(part == ".." or part.startswith(("_", ".")) for part in parts):
        return None
    if parts and parts[0] in (PERSONAS_DIR, DATA_DIR):
        return None
    return "/".join(parts)
