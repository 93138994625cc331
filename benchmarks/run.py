"""The scale benchmark: synthetic corpora of 100, 1000 and 3000 journeys, measured the way a user
builds and serves them, with the ratios that the targets are set in.

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,3000] [--profile-sizes 100,1000]
        [--skip profile,serve] [--commit HEAD]

For each size: `mkdocs build` wall and CPU time and peak memory (a child process), site and
search index size, the largest page, the navigation Material writes into a page; the share of
the build spent in the plugin's handlers (cProfile, in process); `journeys validate` against a
bare libyaml parse of the same files; under `mkdocs serve --dirty`, the time from saving one
edited journey to its page being served with the edit, how many pages were rendered again and
how many source files the plugin read again. Targets are checked as ratios within
this one run (never as timed tests). Results go to benchmarks/out/results.json too.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from generate import Spec, generate
from measure import BIN, CHILD_ENV, PYTHON, Child, SiteFigures, run_child, site_figures
from serve import Rebuild, ServeError, measure_rebuild

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REPEATS = 3  # runs of validate and of the bare parse; the fastest of each counts
MB = 1_000_000

# The targets of issue 6, as ratios measured within one run.
PLUGIN_SHARE_AT_1000 = 0.10
CPU_100_TO_1000 = 11.0
SITE_100_TO_1000 = 11.0
VALIDATE_OVER_BARE = 2.0
LARGEST_PAGE = 5 * MB  # "no page over a few MB" with 5000 pain points
# Issue 18: from a save to the page served, in seconds and as a share of the full build.
SAVE_TO_SERVED = {100: 2.0, 1000: 5.0}
SAVE_TO_SERVED_SHARE_AT_1000 = 0.05


@dataclass
class Result:
    journeys: int
    pain_points: int
    opportunities: int
    source_files: int
    source_bytes: int
    build: Child
    site: SiteFigures
    validate: Child
    bare_parse: Child
    profile: dict[str, object] | None
    rebuild: Rebuild | None
    rebuild_error: str | None = None
    unpruned: Child | None = None  # the same corpus built without navigation.prune
    unpruned_site: SiteFigures | None = None

    @property
    def plugin_share(self) -> float | None:
        if not self.profile:
            return None
        handlers = self.profile["handlers"]
        assert isinstance(handlers, dict)
        total = self.profile["build_seconds"]
        assert isinstance(total, float)
        return sum(handlers.values()) / total if total else None


def _journey_to_edit(files: list[Path]) -> Path:
    """A journey from the middle of the corpus whose first step (the one edited) has a pain
    point: the edit then shows on the pain points index too, the largest page a save touches."""
    middle = len(files) // 2
    for path in files[middle:] + files[:middle]:
        steps = path.read_bytes().split(b"- action:")
        if len(steps) > 1 and b"pains:" in steps[1]:
            return path
    return files[middle]


def measure(
    size: int,
    spec: Spec,
    skip: set[str],
    work: Path,
    serve_timeout: float,
    profiled: bool,
    unpruned_too: bool = False,
) -> Result:
    project = work / f"n{size}"
    if project.exists():
        shutil.rmtree(project)
    corpus = generate(project, spec)
    say(
        f"[{size}] corpus: {corpus.files} files, {corpus.bytes / MB:.1f} MB, "
        f"{corpus.pain_points} pain points, {corpus.opportunities} opportunities"
    )

    site = project / "site"
    build = run_child(
        [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        project,
        work / f"n{size}-build.log",
    )
    _check(build, work / f"n{size}-build.log")
    figures = site_figures(site)
    shutil.rmtree(site)
    say(
        f"[{size}] build: {build.wall:.1f} s wall, {build.cpu:.1f} s CPU, "
        f"{build.peak_rss / MB:.0f} MB peak; site {figures.bytes / MB:.1f} MB"
    )

    unpruned = unpruned_site = None
    if unpruned_too:  # the same corpus, its mkdocs.yml without navigation.prune
        config = project / "mkdocs.yml"
        pruned = config.read_text(encoding="utf-8")
        config.write_text(pruned.replace("    - navigation.prune\n", ""), encoding="utf-8")
        log = work / f"n{size}-build-unpruned.log"
        try:
            unpruned = run_child(
                [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(site)], project, log
            )
        finally:
            config.write_text(pruned, encoding="utf-8")
        _check(unpruned, log)
        unpruned_site = site_figures(site)
        shutil.rmtree(site)
        say(
            f"[{size}] build without navigation.prune: {unpruned.wall:.1f} s wall, "
            f"{unpruned.cpu:.1f} s CPU, {unpruned.peak_rss / MB:.0f} MB peak; "
            f"site {unpruned_site.bytes / MB:.1f} MB"
        )

    # Both take seconds, so each is run a few times in turn and the fastest run counts: the
    # least disturbed by anything else on the machine.
    validate_runs, bare_runs = [], []
    for _ in range(REPEATS):
        validate_runs.append(
            _checked(
                [str(BIN / "journeys"), "validate", "journeys"], project, work, size, "validate"
            )
        )
        bare_runs.append(
            _checked([PYTHON, str(HERE / "bare_parse.py"), "journeys"], project, work, size, "bare")
        )
    validate = min(validate_runs, key=lambda c: c.cpu)
    bare = min(bare_runs, key=lambda c: c.cpu)
    say(f"[{size}] validate {validate.cpu:.2f} s CPU, bare parse {bare.cpu:.2f} s CPU")

    profile = None
    if profiled and "profile" not in skip:
        profiled_site = project / "site-profiled"
        output = subprocess.run(
            [
                PYTHON,
                str(HERE / "profile_build.py"),
                str(project),
                str(profiled_site),
                str(work / f"n{size}-build.prof"),
            ],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
            env=CHILD_ENV,
        )
        if output.returncode != 0:
            raise SystemExit(f"profiled build failed:\n{output.stderr[-3000:]}")
        profile = json.loads(output.stdout.strip().splitlines()[-1])
        shutil.rmtree(profiled_site, ignore_errors=True)
        say(
            f"[{size}] profiled build: {profile['build_seconds']:.1f} s, handlers "
            f"{profile['handlers']}"
        )

    rebuild, error = None, None
    if "serve" not in skip:
        edited = _journey_to_edit(corpus.journey_files)
        try:
            rebuild = measure_rebuild(project, edited, work / f"n{size}-serve.log", serve_timeout)
            say(
                f"[{size}] serve --dirty: page served {rebuild.served:.1f} s after the save "
                f"({rebuild.served_cpu:.1f} s CPU), "
                f"rebuild done after {rebuild.wall:.1f} s; rendered {rebuild.rendered} of "
                f"{rebuild.pages} pages, read {rebuild.reread} of {rebuild.sources} source files"
            )
        except ServeError as exc:
            error = str(exc)
            say(f"[{size}] serve: {error}")
    return Result(
        journeys=size,
        pain_points=corpus.pain_points,
        opportunities=corpus.opportunities,
        source_files=corpus.files,
        source_bytes=corpus.bytes,
        build=build,
        site=figures,
        validate=validate,
        bare_parse=bare,
        profile=profile,
        rebuild=rebuild,
        rebuild_error=error,
        unpruned=unpruned,
        unpruned_site=unpruned_site,
    )


def _checked(command: list[str], project: Path, work: Path, size: int, name: str) -> Child:
    log = work / f"n{size}-{name}.log"
    child = run_child(command, project, log)
    _check(child, log)
    return child


def _check(child: Child, log: Path) -> None:
    if child.returncode != 0:
        raise SystemExit(f"exit {child.returncode}, see {log}:\n{log.read_text()[-3000:]}")


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def report(results: list[Result]) -> list[str]:
    """The figures as a Markdown table, then each target with its verdict."""
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("pain points", lambda r: f"{r.pain_points:,}"),
        ("HTML pages", lambda r: f"{r.site.html_pages:,}"),
        ("build wall (s)", lambda r: f"{r.build.wall:.1f}"),
        ("build CPU (s)", lambda r: f"{r.build.cpu:.1f}"),
        ("peak memory (MB)", lambda r: f"{r.build.peak_rss / MB:.0f}"),
        ("site size (MB)", lambda r: f"{r.site.bytes / MB:.1f}"),
        ("search index (MB)", lambda r: f"{r.site.search_index / MB:.1f}"),
        ("largest page (MB)", lambda r: f"{r.site.largest_page[0] / MB:.2f}"),
        ("largest page", lambda r: f"`{r.site.largest_page[1]}`"),
        ("a journey page (kB)", lambda r: f"{r.site.journey_page / 1000:.0f}"),
        (
            "nav links: journey / pain page",
            lambda r: f"{r.site.nav_links_journey_page} / {r.site.nav_links_pain_page}",
        ),
        ("plugin handlers (% of build)", lambda r: _pct(r.plugin_share)),
        ("validate CPU (s)", lambda r: f"{r.validate.cpu:.2f}"),
        ("bare libyaml parse CPU (s)", lambda r: f"{r.bare_parse.cpu:.2f}"),
        ("validate / bare parse (CPU)", lambda r: f"{r.validate.cpu / r.bare_parse.cpu:.2f}x"),
        ("validate / bare parse (wall)", lambda r: f"{r.validate.wall / r.bare_parse.wall:.2f}x"),
        (
            "serve --dirty: save to page served (s)",
            lambda r: f"{r.rebuild.served:.1f}" if r.rebuild else "not measured",
        ),
        (
            "save to page served / build wall",
            lambda r: _pct(r.rebuild.served / r.build.wall) if r.rebuild else "not measured",
        ),
        (
            "serve --dirty: CPU from save to page served (s)",
            lambda r: f"{r.rebuild.served_cpu:.1f}" if r.rebuild else "not measured",
        ),
        (
            "save to page served / build, CPU",
            lambda r: _pct(r.rebuild.served_cpu / r.build.cpu) if r.rebuild else "not measured",
        ),
        (
            "serve --dirty: save to rebuild done (s)",
            lambda r: f"{r.rebuild.wall:.1f}" if r.rebuild else "not measured",
        ),
        (
            "serve --dirty: pages rendered again",
            lambda r: f"{r.rebuild.rendered} of {r.rebuild.pages}" if r.rebuild else "not measured",
        ),
        (
            "serve --dirty: source files read again",
            lambda r: f"{r.rebuild.reread} of {r.rebuild.sources}" if r.rebuild else "not measured",
        ),
    ]
    if any(r.unpruned for r in results):
        rows += [
            (
                "without navigation.prune: build wall / CPU (s)",
                lambda r: f"{r.unpruned.wall:.1f} / {r.unpruned.cpu:.1f}" if r.unpruned else "-",
            ),
            (
                "without navigation.prune: peak memory (MB)",
                lambda r: f"{r.unpruned.peak_rss / MB:.0f}" if r.unpruned else "-",
            ),
            (
                "without navigation.prune: site size (MB)",
                lambda r: f"{r.unpruned_site.bytes / MB:.1f}" if r.unpruned_site else "-",
            ),
            (
                "without navigation.prune: a journey page (kB)",
                lambda r: f"{r.unpruned_site.journey_page / 1000:.0f}" if r.unpruned_site else "-",
            ),
            (
                "without navigation.prune: nav links: journey / pain page",
                lambda r: (
                    f"{r.unpruned_site.nav_links_journey_page} / "
                    f"{r.unpruned_site.nav_links_pain_page}"
                    if r.unpruned_site
                    else "-"
                ),
            ),
        ]
    lines = ["| | " + " | ".join(f"{r.journeys:,} journeys" for r in results) + " |"]
    lines.append("|---" * (len(results) + 1) + "|")
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    lines.append("")
    lines.extend(verdicts(results))
    return lines


def _pct(value: float | None) -> str:
    return "not measured" if value is None else f"{100 * value:.1f}%"


def verdicts(results: list[Result]) -> list[str]:
    by_size = {r.journeys: r for r in results}
    small, large = by_size.get(100), by_size.get(1000)
    out: list[str] = []

    def check(name: str, value: str, ok: bool | None) -> None:
        mark = "not measured" if ok is None else ("met" if ok else "NOT MET")
        out.append(f"- {name}: {value} ({mark})")

    share = large.plugin_share if large else None
    check(
        f"plugin handlers <= {PLUGIN_SHARE_AT_1000:.0%} of the build at 1000 journeys",
        _pct(share),
        None if share is None else share <= PLUGIN_SHARE_AT_1000,
    )
    if small and large:
        cpu = large.build.cpu / small.build.cpu
        check(
            f"build CPU 100 -> 1000 <= {CPU_100_TO_1000:g}x", f"{cpu:.1f}x", cpu <= CPU_100_TO_1000
        )
        if small.unpruned and large.unpruned:
            cpu = large.unpruned.cpu / small.unpruned.cpu
            check(
                f"without navigation.prune: build CPU 100 -> 1000 <= {CPU_100_TO_1000:g}x",
                f"{cpu:.1f}x",
                cpu <= CPU_100_TO_1000,
            )
        size = large.site.bytes / small.site.bytes
        check(
            f"site size 100 -> 1000 <= {SITE_100_TO_1000:g}x",
            f"{size:.1f}x",
            size <= SITE_100_TO_1000,
        )
    else:
        check("build CPU and site size 100 -> 1000", "needs sizes 100 and 1000", None)
    # At 100 journeys both commands mostly start Python and import; the parse shows from 1000.
    ratios = [r.validate.cpu / r.bare_parse.cpu for r in results if r.journeys >= 1000]
    check(
        f"validate <= {VALIDATE_OVER_BARE:g}x a bare libyaml parse (CPU, 1000 journeys and up)",
        ", ".join(f"{x:.2f}x" for x in ratios) or "-",
        all(x <= VALIDATE_OVER_BARE for x in ratios) if ratios else None,
    )
    rebuilds = [r.rebuild for r in results if r.rebuild]
    check(
        "a one-file edit under mkdocs serve re-reads only that file",
        ", ".join(f"{r.reread} of {r.sources}" for r in rebuilds) or "-",
        all(r.reread == 1 for r in rebuilds) if rebuilds else None,
    )
    for size, limit in SAVE_TO_SERVED.items():
        served = by_size.get(size)
        rebuild = served.rebuild if served else None
        check(
            f"serve --dirty: save to page served <= {limit:g} s at {size} journeys",
            f"{rebuild.served:.1f} s" if rebuild else "-",
            rebuild.served <= limit if rebuild else None,
        )
    rebuild = large.rebuild if large else None
    share = rebuild.served / large.build.wall if large and rebuild else None
    cpu_share = rebuild.served_cpu / large.build.cpu if large and rebuild else None
    check(
        f"serve --dirty: save to page served <= {SAVE_TO_SERVED_SHARE_AT_1000:.0%} of the build "
        "at 1000 journeys (wall; CPU)",
        f"{_pct(share)}; {_pct(cpu_share)}",
        None if share is None else share <= SAVE_TO_SERVED_SHARE_AT_1000,
    )
    big = [r for r in results if r.pain_points >= 5000]
    check(
        f"no page over {LARGEST_PAGE / MB:g} MB with 5000 pain points or more",
        ", ".join(f"{r.site.largest_page[0] / MB:.2f} MB at {r.pain_points:,}" for r in big) or "-",
        all(r.site.largest_page[0] <= LARGEST_PAGE for r in big) if big else None,
    )
    if large and 3000 in by_size:
        huge = by_size[3000]
        out.append(
            f"- for reference, 1000 -> 3000: build CPU {huge.build.cpu / large.build.cpu:.1f}x, "
            f"site size {huge.site.bytes / large.site.bytes:.1f}x (linear: 3x)"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,3000", help="journey counts, comma-separated")
    parser.add_argument("--skip", default="", help="leave out: profile, serve (comma-separated)")
    # The target is set at 1000 journeys; under cProfile a build of 3000 takes some 20 minutes.
    parser.add_argument(
        "--profile-sizes", default="100,1000", help="sizes whose build is also profiled"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-prune", action="store_true", help="sites without navigation.prune")
    parser.add_argument(
        "--also-no-prune",
        action="store_true",
        help="build each corpus a second time without navigation.prune",
    )
    parser.add_argument("--serve-timeout", type=float, default=1800, help="seconds per wait")
    parser.add_argument("--work", type=Path, default=OUT, help="where corpora and logs go")
    parser.add_argument(
        "--commit", help="measure the plugin as committed at this revision, not the working tree"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    profile_sizes = {int(s) for s in args.profile_sizes.split(",") if s}
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    source = "the working tree"
    if args.commit:
        plugins, source = snapshot(args.commit, args.work)
        CHILD_ENV["PYTHONPATH"] = str(plugins)  # ahead of the editable install's path entry
    say(f"measuring journeys from {source}")
    started = time.perf_counter()
    results = []
    for size in sizes:
        spec = Spec(journeys=size, seed=args.seed, prune=not args.no_prune)
        results.append(
            measure(
                size,
                spec,
                skip,
                args.work,
                args.serve_timeout,
                size in profile_sizes,
                args.also_no_prune,
            )
        )
        (args.work / "results.json").write_text(
            json.dumps(
                {
                    "command": " ".join([Path(sys.executable).name, *sys.argv]),
                    "source": source,
                    "machine": f"{platform.machine()}, {_cpus()} CPUs, Python "
                    f"{platform.python_version()}",
                    "results": [asdict(r) for r in results],
                },
                indent=2,
            )
        )
    print("\n".join(report(results)))
    say(f"benchmark took {(time.perf_counter() - started) / 60:.1f} min")


def snapshot(revision: str, work: Path) -> tuple[Path, str]:
    """The package's sources at ``revision``, exported next to the corpora (not a worktree)."""
    repo = Path(__file__).resolve().parent.parent
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = work / f"src-{sha[:12]}"
    if not target.is_dir():
        archive = subprocess.run(
            ["git", "archive", "--format=tar", sha], cwd=repo, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
        # Git ignores the bundled Mermaid (setup.py fetches it): the working tree's, the pinned
        # release, goes beside the exported package.
        bundled = Path("plugins/journeys/bundled-mermaid")
        if (repo / bundled).is_dir():
            shutil.copytree(repo / bundled, target / bundled, dirs_exist_ok=True)
    return target / "plugins", f"commit {sha[:12]}"


def _cpus() -> int:
    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
