"""`mkdocs serve` while a map is being edited: a broken save shows the problem (in the log, and on
the page, which keeps its last good version), the next good save brings the page up to date, and
the server answers all along. The server runs as a process of its own, always stopped."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitekit import JOURNEY, Project

TIMEOUT = 60  # seconds for anything to happen; a stuck server fails the test, never hangs it


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]
    temp: Path  # the server's temporary folder, where MkDocs builds the site it serves

    @property
    def site(self) -> Path:
        (site,) = self.temp.glob("mkdocs_*")
        return site

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        # Not "Documentation built in": MkDocs drops a log message it has given before.
        text = self.text()
        return text.count("Reloading browsers") + text.count("An error happened during the rebuild")

    def get(self, address: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + address, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def save(self, path: Path, content: str) -> None:
        """Write a file the way an editor saves it, and wait for the rebuild it causes."""
        before = self.rebuilds()
        path.write_text(content, encoding="utf-8")
        wait_for(lambda: self.rebuilds() > before, f"a rebuild after saving {path.name}", self)


def wait_for(condition: Callable[[], object], what: str, server: Server) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"mkdocs serve stopped while waiting for {what}:\n{server.text()}")
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"no {what} within {TIMEOUT}s:\n{server.text()}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(project: Project, *options: str) -> Iterator[Server]:
    port = free_port()
    log = project.root / "serve.log"
    temp = project.root / "serve-tmp"  # outside what the server watches
    temp.mkdir(exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *options],
            cwd=project.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", "TMPDIR": str(temp)},
        )
    server = Server(f"http://127.0.0.1:{port}/", log, process, temp)
    try:
        wait_for(lambda: "Serving on" in server.text(), "server", server)
        wait_for(lambda: server.get("")[0] == 200, "home page", server)
        yield server
    finally:
        process.kill()
        process.wait(timeout=TIMEOUT)
    assert "Traceback" not in server.text(), server.text()


PAGE = "journeys/click-and-collect/"


@pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["serve", "serve-dirty"])
def test_a_broken_save_shows_the_problem_and_the_next_good_save_recovers(
    project: Project, options: tuple[str, ...]
) -> None:
    path = project.journeys / "retail/click-and-collect.md"
    with serving(project, *options) as server:
        assert "Sees an ad" in server.get(PAGE)[1]
        server.save(path, "---\ntitle: [Click & collect\npersona: busy-parent\n---\n")
        problem = re.search(
            r"journeys/retail/click-and-collect\.md:\d+: yaml: [^\n]+", server.text()
        )
        assert problem, server.text()
        status, page = server.get(PAGE)
        assert status == 200  # the page stays, with its last good version and the problem
        assert "This map has errors: the page shows the last version that could be read" in page
        assert problem.group() in html.unescape(page)
        assert "Sees an ad" in page

        server.save(path, JOURNEY.replace("Sees an ad", "Sees a billboard"))
        status, page = server.get(PAGE)
        assert status == 200 and "Sees a billboard" in page and "Sees an ad" not in page
        assert "This map has errors" not in page


def test_a_value_error_keeps_the_rest_of_the_page(project: Project) -> None:
    path = project.journeys / "retail/click-and-collect.md"
    with serving(project) as server:
        server.save(path, JOURNEY.replace("emotion: 2", "emotion: 9"))
        assert (
            "journeys/retail/click-and-collect.md:19: stages[1].steps[0].emotion" in server.text()
        )
        status, page = server.get(PAGE)
        assert status == 200 and "Sees an ad" in page and "Queues at the desk" not in page
        server.save(path, JOURNEY)
        assert "Queues at the desk" in server.get(PAGE)[1]


def test_hostile_saves_do_not_stall_the_server(project: Project) -> None:
    path = project.journeys / "retail/click-and-collect.md"
    bomb = "\n".join(
        [f"a0: &a0 [{', '.join(['x'] * 10)}]"]
        + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    )
    with serving(project) as server:
        for front in (bomb, "a: " + "[" * 100_000, "a:\n" + "- " * 100_000 + "x"):
            started = time.monotonic()
            server.save(path, f"---\n{front}\n---\n")
            assert time.monotonic() - started < 20
            assert server.get(PAGE)[0] == 200
        assert "more than 2,000,000 values" in server.text()
        assert "nested more than 64 levels deep" in server.text()
        server.save(path, JOURNEY)
        status, page = server.get(PAGE)
        assert status == 200 and "This map has errors" not in page


@pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["serve", "serve-dirty"])
def test_a_deleted_map_loses_its_page(project: Project, options: tuple[str, ...]) -> None:
    """Only a file that is there but broken keeps its page: a deleted one is gone."""
    path = project.journeys / "retail/click-and-collect.md"
    with serving(project, *options) as server:
        server.save(path, "---\ntitle: [\n---\n")
        before = server.rebuilds()
        path.unlink()
        wait_for(lambda: server.rebuilds() > before, "a rebuild after the delete", server)
        assert server.get(PAGE)[0] == 404


def test_serve_without_a_journeys_folder(project: Project) -> None:
    for path in sorted(project.journeys.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    project.journeys.rmdir()
    with serving(project) as server:
        assert "journeys:1: journeys_dir: the journeys folder does not exist" in server.text()
        assert "so it is not watched: create it, then start mkdocs serve again" in server.text()
        assert server.get("journeys/")[0] == 200


def test_a_build_never_shows_a_stale_page(project: Project) -> None:
    """`mkdocs build` publishes the files as they are: a broken map has no page."""
    site = project.build()
    assert (site / PAGE / "index.html").is_file()
    (project.journeys / "retail/click-and-collect.md").write_text("---\ntitle: [\n---\n")
    site = project.build()
    assert not (site / PAGE / "index.html").exists()


# `mkdocs serve --dirty`: after each save the served site must say what a full build of the same
# files says, on every page, although only the pages that changed are rendered again.

ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
TITLE = re.compile(r"<title>.*?</title>", re.S)
SITEMAP_LOC = re.compile(r"<loc>[^<]*?//[^/]+/([^<]*)</loc>")


def _pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


def _same_as_a_full_build(project: Project, server: Server, what: str) -> None:
    """Every page's title and content, the search index and the sitemap's pages are those of a
    full build (the navigation of pages not rendered again may be older: see the docs)."""
    built = project.build()
    served, full = _pages(server.site), _pages(built)
    assert sorted(served) == sorted(full), f"after {what}: other pages than a full build"
    for name, page in full.items():
        mine = served[name]
        assert TITLE.findall(mine) == TITLE.findall(page), f"after {what}: title of {name}"
        assert ARTICLE.findall(mine) == ARTICLE.findall(page), f"after {what}: content of {name}"
    index = json.loads((server.site / "search/search_index.json").read_text(encoding="utf-8"))
    wanted = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == wanted["docs"], f"after {what}: search index"
    sitemap = (server.site / "sitemap.xml").read_text(encoding="utf-8")
    assert SITEMAP_LOC.findall(sitemap) == SITEMAP_LOC.findall(
        (built / "sitemap.xml").read_text(encoding="utf-8")
    ), f"after {what}: sitemap"


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    return text.replace(old, new, 1)


def test_dirty_serve_shows_each_edit_on_every_page_that_shows_it(example_site: Project) -> None:
    journeys = example_site.journeys
    click = journeys / "retail/click-and-collect.md"
    parcel = journeys / "support/missing-parcel.md"
    with serving(example_site, "--dirty") as server:
        _same_as_a_full_build(example_site, server, "the first build")
        untouched = server.site / "journeys/trade-account-onboarding/index.html"
        stamp = untouched.stat().st_mtime_ns

        server.save(click, _edit(click, "emotion: 4", "emotion: 1"))
        _same_as_a_full_build(example_site, server, "an emotion changed")
        assert untouched.stat().st_mtime_ns == stamp, "a page the edit does not touch was rendered"
        rendered = re.findall(r"rendered (\d+) of (\d+) pages again", server.text())
        assert 0 < int(rendered[-1][0]) < int(rendered[-1][1]) / 2, rendered[-1]

        server.save(
            click,
            _edit(click, "Ad shows shoes that are out of stock", "Ad shows sold-out shoes"),
        )
        _same_as_a_full_build(example_site, server, "a pain point's text changed")

        persona = journeys / "personas/busy-parent.md"
        server.save(persona, _edit(persona, "name: Busy parent", "name: Working parent"))
        _same_as_a_full_build(example_site, server, "a persona renamed")
        assert "Working parent" in server.get("journeys/click-and-collect/")[1]

        step = (
            "      - action: Sees a poster at the bus stop\n"
            "        id: sees-poster\n"
            "        touchpoint: instagram-ad\n"
            "        emotion: 2\n"
            "        pains:\n"
            "          - Poster is too small to read\n"
        )
        server.save(
            click,
            _edit(click, "      - action: Asks the class", step + "      - action: Asks the class"),
        )
        _same_as_a_full_build(example_site, server, "a step added")
        assert "Poster is too small to read" in server.get("pain-points/")[1]

        before = server.rebuilds()
        renamed = parcel.with_name("lost-parcel.md")
        renamed.write_text(_edit(parcel, "id: missing-parcel", "id: lost-parcel"), encoding="utf-8")
        parcel.unlink()
        wait_for(lambda: server.rebuilds() > before, "a rebuild after the rename", server)
        _same_as_a_full_build(example_site, server, "a map renamed")
        assert server.get("journeys/missing-parcel/")[0] == 404
        assert server.get("journeys/lost-parcel/")[0] == 200

        before = server.rebuilds()
        (journeys / "online/first-order.md").unlink()
        wait_for(lambda: server.rebuilds() > before, "a rebuild after the delete", server)
        _same_as_a_full_build(example_site, server, "a map deleted")
        assert server.get("journeys/first-order/")[0] == 404


def test_plain_serve_says_how_to_get_the_fast_preview(project: Project) -> None:
    with serving(project) as server:
        assert "'mkdocs serve --dirty'" in server.text()
    with serving(project, "--dirty") as server:
        assert "'mkdocs serve --dirty'" not in server.text()
