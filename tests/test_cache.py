"""The source cache: under `mkdocs serve` an edit re-reads only the edited file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from mkdocs.config import load_config

from journeys.catalog import build_catalog
from journeys.format.cache import SourceCache
from journeys.format.folder import load_sources
from journeys.format.problems import Problems
from journeys.pages.generate import generate_pages
from journeys.plugin import JourneysPlugin
from sitekit import REPO, Project


def _settled_cache() -> SourceCache:
    """A cache whose clock runs an hour ahead, so that stamps of files written by the test
    count as settled (otherwise a stamp a few milliseconds old is checked by its contents)."""
    return SourceCache(clock=lambda: time.time_ns() + 3600 * 10**9)


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "journeys"
    shutil.copytree(REPO / "journeys", root)
    return root


def _edit(path: Path, extra: str = "\nOne more line of story.\n") -> None:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_unchanged_files_are_not_read_again(tmp_path: Path) -> None:
    root = _example(tmp_path)
    cache = _settled_cache()
    cache.start("settings")
    first = load_sources(root, tmp_path, cache)
    files = cache.stats.files
    assert cache.stats.parsed == files > 10

    cache.start("settings")
    second = load_sources(root, tmp_path, cache)
    assert (cache.stats.unchanged, cache.stats.read, cache.stats.parsed) == (files, 0, 0)
    assert second.journeys == first.journeys
    assert second.problems.sorted() == first.problems.sorted()


def test_an_edit_re_reads_and_parses_only_that_file(tmp_path: Path) -> None:
    root = _example(tmp_path)
    cache = _settled_cache()
    cache.start("settings")
    load_sources(root, tmp_path, cache)
    edited = root / "retail" / "returns-refund.md"
    _edit(edited)

    cache.start("settings")
    sources = load_sources(root, tmp_path, cache)
    assert (cache.stats.read, cache.stats.parsed) == (1, 1)
    assert cache.stats.unchanged == cache.stats.files - 1
    fresh = load_sources(root, tmp_path)
    assert sources.journeys == fresh.journeys
    assert sources.personas == fresh.personas
    assert sources.touchpoints == fresh.touchpoints
    assert sources.metrics == fresh.metrics
    assert "One more line of story." in next(j.body for j in sources.journeys if j.source == edited)


def test_a_touch_re_reads_the_file_but_keeps_its_parse(tmp_path: Path) -> None:
    root = _example(tmp_path)
    cache = _settled_cache()
    cache.start("settings")
    load_sources(root, tmp_path, cache)
    touched = root / "support" / "missing-parcel.md"
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5 * 10**9))

    cache.start("settings")
    load_sources(root, tmp_path, cache)
    assert (cache.stats.read, cache.stats.parsed) == (1, 0)


def test_a_stamp_too_recent_to_trust_is_checked_by_contents(tmp_path: Path) -> None:
    root = _example(tmp_path)
    cache = SourceCache(clock=lambda: 0)  # every file looks as if written this instant
    cache.start("settings")
    load_sources(root, tmp_path, cache)
    cache.start("settings")
    load_sources(root, tmp_path, cache)
    assert cache.stats.read == cache.stats.files
    assert cache.stats.parsed == 0


def test_problems_of_a_cached_file_are_reported_on_every_build(tmp_path: Path) -> None:
    root = _example(tmp_path)
    broken = root / "online" / "first-order.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("title:", "titel: x\ntitle:", 1),
        encoding="utf-8",
    )
    cache = _settled_cache()
    cache.start("settings")
    first = load_sources(root, tmp_path, cache).problems.sorted()
    assert any("titel" in str(p) for p in first)
    cache.start("settings")
    assert load_sources(root, tmp_path, cache).problems.sorted() == first


def test_other_settings_drop_every_entry(tmp_path: Path) -> None:
    root = _example(tmp_path)
    cache = _settled_cache()
    cache.start("mkdocs.yml as it was")
    load_sources(root, tmp_path, cache)
    cache.start("mkdocs.yml after an edit")
    load_sources(root, tmp_path, cache)
    assert cache.stats.parsed == cache.stats.files


def test_a_deleted_file_is_forgotten_and_a_new_one_read(tmp_path: Path) -> None:
    root = _example(tmp_path)
    cache = _settled_cache()
    cache.start("settings")
    load_sources(root, tmp_path, cache)
    (root / "subscriptions" / "plus-renewal.md").unlink()
    shutil.copy(root / "support" / "missing-parcel.md", root / "support" / "copy.md")
    cache.start("settings")
    sources = load_sources(root, tmp_path, cache)
    assert cache.stats.parsed == 1
    assert not any(j.source.name == "plus-renewal.md" for j in sources.journeys)
    cache.start("settings")
    load_sources(root, tmp_path, cache)
    assert cache.stats.parsed == 0
    assert all(path.exists() for path in cache._entries)


def test_a_file_that_cannot_be_read_is_reported_every_time(tmp_path: Path) -> None:
    cache = _settled_cache()
    missing = tmp_path / "gone.md"

    def parse(problems: Problems) -> None:
        problems.error("gone.md", 1, "file", "cannot be read")

    for _ in range(2):
        cache.start("settings")
        problems = Problems()
        cache.load(missing, "key", parse, problems)
        assert len(problems) == 1
        assert cache.stats.parsed == 1


def test_builds_do_not_change_the_parsed_objects_they_reuse(tmp_path: Path) -> None:
    """The cache hands out the same objects again: the catalog and every page renderer must
    leave them as they are, or the next build would see the last one's changes."""
    root = _example(tmp_path)
    cache = _settled_cache()
    cache.start("settings")
    sources = load_sources(root, tmp_path, cache)
    markdown = [p.markdown for p in generate_pages(build_catalog(sources))]
    for _ in range(2):
        cache.start("settings")
        again = load_sources(root, tmp_path, cache)
        assert all(a is b for a, b in zip(again.journeys, sources.journeys, strict=True))
        assert [p.markdown for p in generate_pages(build_catalog(again))] == markdown
    fresh = load_sources(root, tmp_path)
    assert sources.journeys == fresh.journeys
    assert sources.personas == fresh.personas
    assert sources.touchpoints == fresh.touchpoints
    assert sources.metrics == fresh.metrics


def test_mkdocs_keeps_the_plugin_and_its_cache_between_rebuilds(project: Project) -> None:
    """`mkdocs serve` loads the config again for every rebuild; a plugin with on_startup is
    kept (and only then), so the cache survives. An edited config drops the cache."""
    config_file = str(project.root / "mkdocs.yml")
    plugin = load_config(config_file=config_file).plugins["journeys"]
    assert isinstance(plugin, JourneysPlugin)
    plugin.cache = _settled_cache()
    project.build()
    assert load_config(config_file=config_file).plugins["journeys"] is plugin
    assert plugin.cache.stats.parsed == plugin.cache.stats.files == 3

    _edit(project.journeys / "retail" / "click-and-collect.md")
    project.build()
    stats = plugin.cache.stats
    assert (stats.read, stats.parsed, stats.unchanged) == (1, 1, 2)
    assert "One more line of story." in project.html("journeys/click-and-collect")

    _edit(project.root / "mkdocs.yml", "site_description: edited\n")
    project.build()
    assert plugin.cache.stats.parsed == 3
