"""The ``journeys`` command line, on the same core as the plugin."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

# Only what `journeys validate` needs is imported here: it runs in CI on every push, and its
# time is measured against a bare YAML parse. The other commands import what they use.
from .catalog import Catalog, load_catalog
from .format.problems import Problem, suggestion
from .format.slug import ID_RULE, is_id
from .format.words import counted
from .project import find_journeys_dir


def _journeys_dir(option: str | None) -> Path:
    return Path(option) if option else find_journeys_dir(Path.cwd())


def _load(folder: Path) -> Catalog:
    """The catalog, its problems naming files relative to where the command runs."""
    return load_catalog(folder.absolute(), Path.cwd().absolute())


# The longest path and folder name Linux takes (PATH_MAX, NAME_MAX), in bytes.
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


class UsablePath(click.Path):
    """A path the system can open: a clear message for one too long or not text."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        raw = os.fsencode(value) if isinstance(value, str | os.PathLike) else value
        if isinstance(raw, bytes):
            longest = max((len(name) for name in raw.split(b"/")), default=0)
            if len(raw) >= MAX_PATH_BYTES:
                self.fail(
                    f"'{_shown(raw)}' is {len(raw):,} bytes long: the system takes paths "
                    f"under {MAX_PATH_BYTES:,} bytes",
                    param,
                    ctx,
                )
            if longest > MAX_NAME_BYTES:
                self.fail(
                    f"'{_shown(raw)}' has a name of {longest:,} bytes: the system takes "
                    f"file and folder names of {MAX_NAME_BYTES} bytes at most",
                    param,
                    ctx,
                )
        return super().convert(value, param, ctx)


def _shown(raw: bytes) -> str:
    """A path for a message: shortened, and any byte that is not UTF-8 as \\xNN."""
    text = raw.decode("utf-8", "backslashreplace")
    return text if len(text) <= 60 else f"{text[:40]}…{text[-15:]}"


def _utf8_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A text argument as UTF-8: a terminal may pass bytes that are not (Latin-1, say)."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(value)
        raise click.BadParameter(
            f"'{_shown(raw)}' is not UTF-8 text: set the terminal to UTF-8, or write the "
            "text in the file after it is created"
        ) from None
    return value


class _Group(click.Group):
    """The last resort for a path the system refuses: a message, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            where = f"{_shown(os.fsencode(error.filename))}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="journeys")
def main() -> None:
    """Customer journey maps as code: validate, diff, export and render them."""


@main.command()
@click.argument("folder", required=False, type=UsablePath(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too, as mkdocs build --strict.")
@click.option(
    "--stats",
    is_flag=True,
    help="Count every kind of item as read, on the generated pages and in the export; "
    "fail when the counts differ.",
)
def validate(folder: Path | None, output_format: str, strict: bool, stats: bool) -> None:
    """Check a journeys folder (default: the plugin's journeys_dir, else ./journeys)."""
    root = folder if folder is not None else _journeys_dir(None)
    catalog = _load(root)
    problems = catalog.problems.sorted()
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if stats:  # imported only here: it renders every page, which plain validate never does
        from . import stats as counting

        counts = counting.count_everywhere(catalog)
        lost = counting.differences(counts)
    else:
        counts, lost = {}, []
    if output_format == "json":
        report: dict[str, object] = {
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [_problem_json(p) for p in problems],
        }
        if stats:
            report["stats"] = {name: dataclasses.asdict(c) for name, c in counts.items()}
            report["stats_differences"] = lost
            report["steps_left_out"] = counting.left_out(catalog)
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(_github(problem) if output_format == "github" else _text(problem))
        if output_format == "text":
            summary = (
                f"{counted(len(catalog.journeys), 'journey')}, "
                f"{counted(len(catalog.personas), 'persona')}, "
                f"{counted(sum(len(j.steps) for j in catalog.journeys.values()), 'step')}, "
                f"{counted(len(catalog.pain_points), 'pain point')}, "
                f"{counted(len(catalog.opportunities), 'opportunity')}: "
                f"{counted(len(errors), 'error')}, {counted(len(warnings), 'warning')}"
            )
            click.echo(summary, err=bool(problems))
        if stats:
            click.echo(counting.table(counts))
            if counting.left_out(catalog):
                click.echo(
                    f"{counted(counting.left_out(catalog), 'step')} with errors "
                    f"{'is' if counting.left_out(catalog) == 1 else 'are'} left out of all three "
                    "(see the errors above)"
                )
            for difference in lost:
                click.echo(f"lost on the way: {difference}", err=True)
    if errors or (strict and warnings) or lost:
        sys.exit(1)


def _text(problem: Problem) -> str:
    return f"{problem} [{problem.severity.value}]"


def _github(problem: Problem) -> str:
    """A workflow command that annotates the line in the pull request."""

    def escape(value: str, properties: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if properties else value

    level = "error" if problem.is_error else "warning"
    return (
        f"::{level} file={escape(problem.path, True)},line={problem.line},"
        f"title={escape(problem.field, True)}::{escape(f'{problem.field}: {problem.message}')}"
    )


def _problem_json(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.path,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
        "severity": problem.severity.value,
    }


@main.command()
@click.argument("out_dir", type=UsablePath(path_type=Path, file_okay=False))
@click.option(
    "--journeys-dir",
    type=UsablePath(path_type=Path),
    help="The journeys folder (default: the plugin's journeys_dir, else ./journeys).",
)
def render(out_dir: Path, journeys_dir: str | None) -> None:
    """Write the generated pages as the Markdown files the plugin hands MkDocs."""
    catalog = _load(_journeys_dir(journeys_dir))
    problems = catalog.problems.sorted()
    for problem in problems:
        click.echo(_text(problem), err=True)
    from .pages.generate import copied_files, generate_pages
    from .web.prerender import prerender_bodies

    pages = generate_pages(catalog)
    for page in pages:
        target = out_dir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # Another MkDocs builds these files, without the plugin that sanitises bodies.
        target.write_text(prerender_bodies(page.markdown), encoding="utf-8")
    for copied in copied_files(catalog):
        target = out_dir / copied.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copied.source.read_bytes())
    click.echo(f"wrote {counted(len(pages), 'page')} to {out_dir}")
    if any(p.is_error for p in problems):
        sys.exit(1)


@main.command()
@click.argument("kind", type=click.Choice(["journey", "persona"]))
@click.argument("item_id")
@click.option(
    "--title",
    callback=_utf8_text,
    help="The title (journey) or name (persona); default: from the id.",
)
@click.option(
    "--persona",
    "personas",
    multiple=True,
    help="A journey's persona id; give it once per persona. Default: the only persona, if "
    "there is one.",
)
@click.option(
    "--folder",
    help="A journey's sub-folder under the journeys folder (retail/stores); default: none.",
)
@click.option(
    "--journeys-dir",
    type=UsablePath(path_type=Path),
    help="The journeys folder (default: the plugin's journeys_dir, else ./journeys).",
)
def new(
    kind: str,
    item_id: str,
    title: str | None,
    personas: tuple[str, ...],
    folder: str | None,
    journeys_dir: str | None,
) -> None:
    """Start a new journey or persona from a template.

    \b
    journeys new journey get-a-burger --title "Get a burger" --persona hungry-student
    journeys new persona hungry-student --title "Hungry student"

    Its placeholder texts are warnings until replaced: validate --strict fails on them.
    """
    if not is_id(item_id):
        raise click.BadParameter(f"'{item_id}' is not an id ({ID_RULE})", param_hint="ID")
    root = _journeys_dir(journeys_dir)
    if kind == "persona" and (personas or folder):
        raise click.UsageError("--persona and --folder go with 'new journey'")
    parts = [part for part in (folder or "").replace("\\", "/").split("/") if part]
    if any(part in (".", "..") or part[:1] in "_." for part in parts):
        raise click.BadParameter(
            f"'{folder}' is not a sub-folder of the journeys folder (no '..', no name that "
            "begins with '_' or '.', which are ignored)",
            param_hint="--folder",
        )
    if parts and parts[0] in ("personas", "data"):
        raise click.BadParameter(f"'{parts[0]}/' holds no journeys", param_hint="--folder")
    target = root.joinpath("personas" if kind == "persona" else "", *parts, f"{item_id}.md")
    if target.exists():
        raise click.ClickException(f"{target} exists already; choose another id")
    from importlib import resources

    template = resources.files("journeys").joinpath(f"templates/{kind}.md").read_text("utf-8")
    text = template.format(
        id=item_id,
        title=json.dumps(title or item_id.replace("-", " ").capitalize(), ensure_ascii=False),
        persona=_new_personas(root, personas) if kind == "journey" else "",
        today=dt.date.today().isoformat(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"created {target}")
    click.echo("Replace the template's texts with your own: validate warns about each one left.")


def _new_personas(root: Path, chosen: tuple[str, ...]) -> str:
    """The ``persona:`` value of a new journey: the ones asked for, which must exist."""
    known = sorted(p.stem for p in (root / "personas").glob("*.md") if p.stem[:1] not in "_.")
    if not chosen:
        if len(known) == 1:
            return known[0]
        if not known:
            raise click.UsageError(
                "there is no persona yet: start one with 'journeys new persona ID', then give "
                "it with --persona ID"
            )
        raise click.UsageError(
            f"whose journey is it? give --persona ID (one of: {', '.join(known)})"
        )
    for persona in chosen:
        if persona not in known:
            raise click.BadParameter(
                f"no persona '{persona}' in {root / 'personas'} "
                f"({suggestion(persona, known) if known else 'there is none yet'})",
                param_hint="--persona",
            )
    return chosen[0] if len(chosen) == 1 else "[" + ", ".join(chosen) + "]"


# Reviewing changes: diff, export, schema -------------------------------------------------------
# Their modules are imported when the command runs, so that other commands start no slower.


@main.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown for a pull-request comment, json for tools.",
)
@click.option(
    "--journeys-dir",
    type=UsablePath(path_type=Path),
    help="The journeys folder on both sides (default: the plugin's journeys_dir at each "
    "revision, else ./journeys).",
)
@click.option(
    "--diagrams/--no-diagrams",
    default=True,
    show_default=True,
    help="A Mermaid diagram of each changed journey after the change.",
)
def diff_command(
    base: str, head: str | None, output_format: str, journeys_dir: Path | None, diagrams: bool
) -> None:
    """What changed in the maps from BASE to HEAD (default: the working tree).

    Exit status: 0 when the report is printed, 1 when the maps on either side have errors
    (the report is printed all the same), 2 when git cannot give a revision.
    """
    from .diff import diff_catalogs
    from .diff_report import as_json, markdown
    from .gitrev import GitError
    from .snapshot import load_sides

    try:
        old, new = load_sides(Path.cwd(), base, head, journeys_dir)
    except GitError as exc:
        click.echo(f"journeys diff: {exc}", err=True)
        sys.exit(2)
    changes = diff_catalogs(old.catalog, new.catalog)
    for side in (old, new):
        for problem in side.catalog.problems.sorted():
            click.echo(f"{side.label}: {_text(problem)}", err=True)
    if output_format == "json":
        click.echo(json.dumps(as_json(changes, old, new), indent=2, ensure_ascii=False))
    else:
        click.echo(markdown(changes, old, new, diagrams=diagrams), nl=False)
    if old.catalog.problems.errors or new.catalog.problems.errors:
        sys.exit(1)


@main.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: every item with ids and links; csv: one table for spreadsheets.",
)
@click.option(
    "--table",
    type=click.Choice(["steps", "pain-points"]),
    help="With --format csv: the table to write (default: steps).",
)
@click.option(
    "--raw-text",
    is_flag=True,
    help="With --format csv: texts exactly as written, even those a spreadsheet would run as "
    "formulas (by default a text starting with = + - @, a tab or CR gets a leading ').",
)
@click.option(
    "--journeys-dir",
    type=UsablePath(path_type=Path),
    help="The journeys folder (default: the plugin's journeys_dir, else ./journeys).",
)
def export_command(
    output_format: str, table: str | None, raw_text: bool, journeys_dir: Path | None
) -> None:
    """Every journey, stage, step, persona, touchpoint, pain point and opportunity.

    Exit status: 0, or 1 when the maps have errors (what loads is exported all the same).
    """
    from .export import export_csv, export_json

    if table is not None and output_format != "csv":
        raise click.UsageError("--table goes with --format csv (the JSON holds every table)")
    if raw_text and output_format != "csv":
        raise click.UsageError("--raw-text goes with --format csv (JSON texts are always raw)")
    catalog = _load(journeys_dir if journeys_dir is not None else _journeys_dir(None))
    for problem in catalog.problems.sorted():
        click.echo(_text(problem), err=True)
    if output_format == "json":
        click.echo(json.dumps(export_json(catalog), indent=2, ensure_ascii=False))
    else:
        # Bytes, so that the CSV's own CRLF line ends reach the file unchanged on any system.
        sys.stdout.buffer.write(
            export_csv(catalog, table or "steps", raw_text=raw_text).encode("utf-8")
        )
        sys.stdout.buffer.flush()
    if catalog.problems.errors:
        sys.exit(1)


@main.command("images")
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
@click.argument("journey_ids", nargs=-1, metavar="[JOURNEY]...")
@click.option(
    "--view",
    "views",
    type=click.Choice(["swimlane", "emotion-curve"]),
    multiple=True,
    help="Only this view (give it twice for both; default: both).",
)
@click.option(
    "--journeys-dir",
    type=click.Path(path_type=Path),
    help="The journeys folder (default: the plugin's journeys_dir, else ./journeys).",
)
def images_command(
    out_dir: Path, journey_ids: tuple[str, ...], views: tuple[str, ...], journeys_dir: Path | None
) -> None:
    """Write the swimlane map and the emotion curve of each journey as SVG, for slides.

    \b
    journeys images slides/                       every journey
    journeys images slides/ click-and-collect     one journey (or several)
    journeys images slides/ --view emotion-curve  only the curves

    Files are named <journey>-swimlane.svg and <journey>-emotion-curve.svg, the same
    drawings as the site's download links. Exit status: 0; 1 when the maps have errors (what
    loads is drawn all the same); 2 when a JOURNEY is not a journey's id.
    """
    from .pages.views.images import images

    catalog = _load(journeys_dir if journeys_dir is not None else _journeys_dir(None))
    for problem in catalog.problems.sorted():
        click.echo(_text(problem), err=True)
    unknown = [j for j in journey_ids if j not in catalog.journeys]
    if unknown:
        known = ", ".join(sorted(catalog.journeys)[:10]) or "none"
        click.echo(
            f"journeys images: no journey {', '.join(unknown)} (journeys: {known})", err=True
        )
        sys.exit(2)
    chosen = [catalog.journeys[j] for j in dict.fromkeys(journey_ids)] or list(
        catalog.journeys.values()
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for journey in chosen:
        for uri, svg in images(catalog, journey):
            view = uri.rsplit("/", 1)[-1].removesuffix(".svg")
            if views and view not in views:
                continue
            name = uri.split("/")[1]  # the id, or its start and a hash when it is very long
            (out_dir / f"{name}-{view}.svg").write_text(svg, encoding="utf-8")
            written += 1
    click.echo(f"wrote {written} images to {out_dir}")
    if catalog.problems.errors:
        sys.exit(1)


@main.command("schema")
@click.argument("kind", type=click.Choice(["journey", "persona", "touchpoints"]), default="journey")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a journey's or a persona's front matter, or of touchpoints.yml."""
    from .format.schema import schema

    click.echo(json.dumps(schema(kind), indent=2, ensure_ascii=False))


@main.command("query")
@click.argument("kind", type=click.Choice(["pain-points", "opportunities", "steps"]))
@click.argument("lines", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
    help="json: the export's entries of the rows; markdown: a table fit for a pull-request "
    "comment.",
)
@click.option(
    "--journeys-dir",
    type=UsablePath(path_type=Path),
    help="The journeys folder (default: the plugin's journeys_dir, else ./journeys).",
)
@click.option(
    "--site-url",
    help="With --format markdown: the published site's address, for links that work in a "
    "pull-request comment (default: no links).",
)
def query_command(
    kind: str,
    lines: tuple[str, ...],
    output_format: str,
    journeys_dir: Path | None,
    site_url: str | None,
) -> None:
    """The rows a query block selects; each LINE is a line of the block.

    \b
    journeys query pain-points "persona: busy-parent" "severity: >= high"
    journeys query steps "emotion: 1..2" "sort: emotion" --format markdown

    Exit status: 0; 1 when the maps have errors; 2 when a line of the query has a mistake.
    """
    from .query.command import run_query

    catalog = _load(journeys_dir if journeys_dir is not None else _journeys_dir(None))
    for problem in catalog.problems.sorted():
        click.echo(_text(problem), err=True)
    output, problems = run_query(catalog, kind, list(lines), output_format, site_url)
    for problem in problems:
        click.echo(_text(problem), err=True)
    if problems:
        sys.exit(2)
    click.echo(output)
    if catalog.problems.errors:
        sys.exit(1)


@main.command("import")
@click.argument("sheet_file", metavar="FILE", type=UsablePath(path_type=Path, dir_okay=False))
@click.option("--title", help="The journey's title (default: the sheet's journey_title column).")
@click.option(
    "--persona",
    "personas",
    multiple=True,
    help="A persona id; give it again for several (default: the sheet's personas column).",
)
@click.option(
    "--id", "journey_id", help="The journey's id and file name (default: from the title)."
)
@click.option("--folder", default="", help="The sub-folder of the journeys folder to write into.")
@click.option("--sheet", help="The worksheet of an xlsx workbook (default: the first).")
@click.option("--encoding", help="The CSV file's encoding (default: found from the file).")
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing file, and write the valid rows when some have errors.",
)
@click.option(
    "--journeys-dir",
    type=UsablePath(path_type=Path),
    help="The journeys folder (default: the plugin's journeys_dir, else ./journeys).",
)
def import_command(
    sheet_file: Path,
    title: str | None,
    personas: tuple[str, ...],
    journey_id: str | None,
    folder: str,
    sheet: str | None,
    encoding: str | None,
    force: bool,
    journeys_dir: Path | None,
) -> None:
    """Write one journey from a spreadsheet (CSV or xlsx) with a step a row.

    \b
    journeys import map.csv --title "Renew a plan" --persona subscriber
    journeys import book.xlsx --sheet Returns --title "Return an item" --persona busy-parent

    Exit status: 0 when the journey is written; 1 on any error (nothing is written, unless
    --force wrote the rows without errors).
    """
    from .imports import Request, import_sheet

    request = Request(
        sheet_file=sheet_file,
        root=journeys_dir if journeys_dir is not None else _journeys_dir(None),
        base=Path.cwd().absolute(),
        title=title,
        personas=personas,
        journey_id=journey_id,
        folder=folder,
        sheet=sheet,
        encoding=encoding,
        force=force,
    )
    outcome = import_sheet(request)
    for note in outcome.notes:
        click.echo(note, err=True)
    for issue in outcome.issues:
        click.echo(f"{issue} [{'error' if issue.is_error else 'warning'}]", err=True)
    if outcome.summary:
        click.echo(outcome.summary)
    if outcome.errors:
        sys.exit(1)
