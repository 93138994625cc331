"""Two builds of the same sources give byte-identical output: generated Markdown and the site.

Each build runs in its own process with its own hash seed, so an order that depends on set or
dict iteration of strings shows up as a difference. The build day is pinned: MkDocs writes it
into sitemap.xml (lastmod) and the gzip header of sitemap.xml.gz, and the freshness view
counts days from it, so two builds either side of midnight differ by design.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

from sitekit import Project

PINNED_DAY = {"SOURCE_DATE_EPOCH": "1790000000", "JOURNEYS_TODAY": "2026-09-21"}


def _run(command: list[str], cwd: Path, hash_seed: str) -> None:
    env = {
        **os.environ,
        **PINNED_DAY,
        "PYTHONHASHSEED": hash_seed,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONUTF8": "1",
    }
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _assert_identical(first: Path, second: Path) -> None:
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differing = [name for name in a if a[name] != b[name]]
    if differing:
        name = differing[0]
        diff = difflib.unified_diff(
            a[name].decode("utf-8", "replace").splitlines(),
            b[name].decode("utf-8", "replace").splitlines(),
            lineterm="",
            n=1,
        )
        excerpt = "\n".join(list(diff)[:20])
        raise AssertionError(f"{len(differing)} files differ, first {name}:\n{excerpt}")


def test_two_builds_of_the_example_site_are_byte_identical(example_site: Project) -> None:
    root = example_site.root
    for name, seed in (("a", "1"), ("b", "2")):
        _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", f"site-{name}"], root, seed)
    files = _files(root / "site-a")
    assert "journeys/click-and-collect/index.html" in files
    assert "sitemap.xml.gz" in files
    _assert_identical(root / "site-a", root / "site-b")


def test_two_renders_of_the_generated_markdown_are_byte_identical(example_site: Project) -> None:
    root = example_site.root
    journeys = str(Path(sys.executable).parent / "journeys")
    for name, seed in (("a", "3"), ("b", "4")):
        _run([journeys, "render", f"pages-{name}"], root, seed)
    assert "journeys/click-and-collect.md" in _files(root / "pages-a")
    _assert_identical(root / "pages-a", root / "pages-b")
