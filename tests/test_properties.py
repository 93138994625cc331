"""Property tests: no journeys folder, however arbitrary its front matter, ends in a traceback
from validation, rendering, export, diff or the build; every problem names a file and a line
inside it; and every item of a valid folder comes back whole from the export and the diagram.

Pure validation runs in-process with many examples; the command line and the build run with
few, so that the suite stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import logging
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from journeys.catalog import Catalog, load_catalog
from journeys.diff import diff_catalogs
from journeys.diff_report import as_json, markdown
from journeys.export import export_csv, export_json
from journeys.format.problems import Problem
from journeys.pages.generate import generate_pages
from journeys.pages.views import ViewOptions
from journeys.snapshot import Snapshot
from journeys.web import addresses
from journeys.web.mermaid import decode
from mapgen import ValidMaps, arbitrary_folder, valid_maps, write_folder
from sitekit import JOURNEY, MERMAID_JS, MKDOCS_YML, PERSONA, Project, journeys_cli, run

OPTIONS = ViewOptions(today=dt.date(2026, 9, 1))
MANY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
FEW = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
# `path:LINE: field: message`, as the contract writes a problem, on one line.
LOCATED = re.compile(r"[^\n]+?:[0-9]+: [^\n]+: [^\n]+")


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per example: tmp_path is one folder for all of a test's examples."""
    with tempfile.TemporaryDirectory(prefix="journeys-prop-") as folder:
        yield Path(folder)


def file_lines(path: Path) -> int:
    """The lines an editor shows: a newline, CRLF or CR ends one; a final newline opens none."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return len(text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n").split("\n"))


def assert_located(problems: list[Problem], base: Path) -> None:
    """Each problem names an existing file (or the missing folder) and a line inside it."""
    for problem in problems:
        assert problem.field and problem.message, problem
        assert LOCATED.fullmatch(str(problem)), str(problem)
        path = base / problem.path
        if problem.field == "journeys_dir":
            assert problem.line == 1
            continue
        assert path.is_file(), f"{problem} names no file"
        assert 1 <= problem.line <= file_lines(path), f"{problem}: line outside the file"


def render_everything(catalog: Catalog) -> None:
    """Everything the tool makes from a catalog: pages, both exports, a diff against itself."""
    generate_pages(catalog, OPTIONS)
    json.dumps(export_json(catalog), ensure_ascii=False).encode("utf-8")
    export_csv(catalog, "steps").encode("utf-8")
    export_csv(catalog, "pain-points").encode("utf-8")
    side = Snapshot(None, "journeys", True, catalog)
    empty = Snapshot(None, "journeys", False, Catalog(root=catalog.root))
    for old, new in ((empty, side), (side, empty)):
        changes = diff_catalogs(old.catalog, new.catalog)
        markdown(changes, old, new).encode("utf-8")
        json.dumps(as_json(changes, old, new), ensure_ascii=False)


# In-process: many examples -------------------------------------------------------------------


@MANY
@given(files=arbitrary_folder())
def test_any_front_matter_is_validated_and_rendered_without_a_traceback(
    files: dict[str, str],
) -> None:
    with scratch() as base:
        write_folder(base / "journeys", files)
        catalog = load_catalog(base / "journeys", base)
        assert_located(catalog.problems.sorted(), base)
        render_everything(catalog)


@settings(MANY, max_examples=60)
@given(files=arbitrary_folder(), other=arbitrary_folder())
def test_a_diff_between_any_two_folders_is_reported(
    files: dict[str, str], other: dict[str, str]
) -> None:
    with scratch() as base:
        write_folder(base / "old/journeys", files)
        write_folder(base / "new/journeys", other)
        old = Snapshot(None, "journeys", True, load_catalog(base / "old/journeys", base / "old"))
        new = Snapshot(None, "journeys", True, load_catalog(base / "new/journeys", base / "new"))
        changes = diff_catalogs(old.catalog, new.catalog)
        markdown(changes, old, new).encode("utf-8")
        json.dumps(as_json(changes, old, new), ensure_ascii=False).encode("utf-8")


def _mermaid_block(markdown_page: str) -> str:
    match = re.search(r"```mermaid\n(?:---\n.*?\n---\n)?(journey\n.*?)```", markdown_page, re.S)
    assert match, "no journey diagram on the page"
    return match.group(1)


def read_diagram(diagram: str) -> tuple[str, list[tuple[str, str, int, list[str]]]]:
    """(title, [(section, task, score, actors)]) as Mermaid's journey grammar splits the lines;
    the texts decoded as Mermaid and the browser show them."""
    title, tasks, section = "", [], ""
    for raw in diagram.split("\n")[1:]:  # not splitlines(): U+0085 in a text is no line end
        line = raw.strip(" ")
        if not line:
            continue
        if line.startswith("title "):
            title = decode(line[len("title ") :])
        elif line.startswith("section "):
            section = decode(line[len("section ") :])
        elif not line.startswith(("accTitle: ", "accDescr: ")):
            name, score, *rest = line.split(":")
            actors = [decode(a.strip(" ")) for a in rest[0].split(",")] if rest else []
            tasks.append((section, decode(name.strip(" ")), int(score), actors))
    return title, tasks


def assert_round_trip(maps: ValidMaps, catalog: Catalog) -> None:
    """The export and the diagrams give back every item of the folder, texts exactly."""
    assert catalog.problems.sorted() == []
    exported = export_json(catalog)
    assert {j["id"]: j["title"] for j in exported["journeys"]} == {
        journey_id: journey["title"] for journey_id, journey in maps.journeys.items()
    }
    assert {p["id"]: p["name"] for p in exported["personas"]} == maps.personas
    assert {t["id"]: t["name"] for t in exported["touchpoints"]} == maps.touchpoints
    assert {p["id"]: p["text"] for p in exported["pain_points"]} == maps.pains
    assert {
        p["id"]: {(o["journey"], o["step"]) for o in p["occurrences"]}
        for p in exported["pain_points"]
    } == maps.pain_steps
    assert {o["id"]: o["text"] for o in exported["opportunities"]} == maps.opportunities
    stages = {(s["journey"], s["id"]): s["name"] for s in exported["stages"]}
    steps = {(s["journey"], s["id"]): s for s in exported["steps"]}
    pages = {page.src_uri: page.markdown for page in generate_pages(catalog, OPTIONS)}
    for journey_id, journey in maps.journeys.items():
        title, tasks = read_diagram(_mermaid_block(pages[addresses.journey(journey_id)]))
        assert title == journey["title"]
        expected_tasks = []
        for stage in journey["stages"]:
            assert stages[(journey_id, stage["id"])] == stage["name"]
            for step in stage["steps"]:
                got = steps[(journey_id, step["id"])]
                for key in ("action", "emotion", "thought", "channel", "expected"):
                    if key in step:
                        assert got[key] == step[key], key
                for lane in ("frontstage", "backstage", "support", "physical_evidence"):
                    written = step.get(lane, [])
                    assert got[lane] == (written if isinstance(written, list) else [written]), lane
                for key in ("questions", "actors", "metrics"):
                    if key in step:
                        assert got[key] == step[key], key
                assert got["pains"] == [pain["id"] for pain in step.get("pains", [])]
                actors = step.get("actors") or [maps.personas[journey["persona"]]]
                expected_tasks.append((stage["name"], step["action"], step["emotion"], actors))
        assert tasks == expected_tasks


@settings(MANY, max_examples=100)
@given(maps=valid_maps())
def test_every_item_of_a_valid_folder_comes_back_from_export_and_diagram(maps: ValidMaps) -> None:
    with scratch() as base:
        write_folder(base / "journeys", maps.files)
        catalog = load_catalog(base / "journeys", base)
        assert_round_trip(maps, catalog)


# The command line and the build: few examples -------------------------------------------------


def assert_cli_located(result: subprocess.CompletedProcess[str], base: Path) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    problems = [Problem(p["path"], p["line"], p["field"], p["message"]) for p in report["problems"]]
    assert_located(problems, base)


@FEW
@given(files=arbitrary_folder())
def test_validate_and_export_commands_never_show_a_traceback(files: dict[str, str]) -> None:
    with scratch() as base:
        write_folder(base / "journeys", files)
        assert_cli_located(journeys_cli("validate", "--format", "json", cwd=base), base)
        for args in (["--format", "json"], ["--format", "csv", "--table", "pain-points"]):
            result = journeys_cli("export", *args, cwd=base)
            assert "Traceback" not in result.stderr, result.stderr
            assert result.returncode in (0, 1), result.stderr
        for line in result.stderr.splitlines():
            assert LOCATED.fullmatch(line), line


def git(base: Path, *args: str) -> None:
    result = run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=base)
    assert result.returncode == 0, result.stderr


@settings(FEW, max_examples=10)
@given(files=arbitrary_folder(), other=arbitrary_folder())
def test_diff_command_never_shows_a_traceback(files: dict[str, str], other: dict[str, str]) -> None:
    with scratch() as base:
        git(base, "init", "-q", "-b", "main")
        write_folder(base / "journeys", files)
        git(base, "add", "-A")
        git(base, "commit", "-q", "-m", "base")
        for path in (base / "journeys").rglob("*"):
            if path.is_file():
                path.unlink()
        write_folder(base / "journeys", other)
        for args in ([], ["--format", "json"]):
            result = journeys_cli("diff", "HEAD", *args, cwd=base)
            assert "Traceback" not in result.stderr, result.stderr
            assert result.returncode in (0, 1), result.stderr
        problems = json.loads(result.stdout)["problems"]
        located = [Problem(p["path"], p["line"], p["field"], p["message"]) for p in problems]
        head = [p for p, raw in zip(located, problems, strict=True) if raw["side"] == "head"]
        assert_located(head, base)


def new_project(base: Path) -> Project:
    project = Project(base)
    project.write("mkdocs.yml", MKDOCS_YML.format(mermaid_js=json.dumps(str(MERMAID_JS))))
    project.write("docs/index.md", "# Home\n")
    return project


@pytest.fixture
def _mermaid(project: Project) -> None:
    """The builds below need the site's own Mermaid (the project fixture checks it is there)."""


@pytest.mark.usefixtures("_mermaid")
@settings(
    FEW,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(files=arbitrary_folder())
def test_the_build_never_crashes_and_keeps_every_valid_page(files: dict[str, str]) -> None:
    with scratch() as base:
        project = new_project(base)
        write_folder(base / "journeys", files)
        project.write("journeys/personas/busy-parent.md", PERSONA)
        project.write("journeys/zz-valid.md", JOURNEY.replace("title:", "id: zz-valid\ntitle:"))
        with build_log() as records:
            site = project.build()
        assert (site / "journeys/index.html").is_file()
        assert (site / "journeys/zz-valid/index.html").is_file()
        for record in records:
            message = record.getMessage()
            if record.name == PLUGIN_LOGGER:
                assert LOCATED.fullmatch(message), message
            else:  # MkDocs itself may warn (a body's broken link), but nothing fails
                assert record.levelno < logging.ERROR, message


PLUGIN_LOGGER = "mkdocs.plugins.journeys.plugin"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def build_log() -> Iterator[list[logging.LogRecord]]:
    """What a build logs at WARNING and above, kept here rather than printed (there is a lot)."""
    logger = logging.getLogger("mkdocs")
    handler = _Records()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@pytest.mark.usefixtures("_mermaid")
@settings(
    FEW,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(maps=valid_maps())
def test_a_valid_folder_builds_strict_with_its_diagrams_intact(maps: ValidMaps) -> None:
    with scratch() as base:
        project = new_project(base)
        write_folder(base / "journeys", maps.files)
        site = project.build(strict=True)
        for journey_id, journey in maps.journeys.items():
            page = (site / "journeys" / journey_id / "index.html").read_text(encoding="utf-8")
            block = re.search(
                r'<pre class="mermaid"><code>(?:---\n.*?\n---\n)?(journey\n.*?)</code></pre>',
                page,
                re.S,
            )
            assert block, "no diagram"
            title, tasks = read_diagram(html.unescape(block.group(1)))
            assert title == journey["title"]
            assert [task for _, task, _, _ in tasks] == [
                step["action"] for stage in journey["stages"] for step in stage["steps"]
            ]
