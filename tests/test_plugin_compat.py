"""The plugins and settings that MkDocs sites already use, installed for real, in both orders
where order can matter. Each build runs `mkdocs build --strict` (not -q, which exits 0 on
warnings), lists every journey by its title in the navigation, and resolves every internal link.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from sitekit import JOURNEY, MERMAID_JS, PERSONA, Project, require_mermaid_js

pytestmark = pytest.mark.slow

SUPERFENCES = """\
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.{fence}
"""

# (title, address) of every journey of the small site.
JOURNEYS = {
    "Click &amp; collect": "journeys/click-and-collect/",
    "Arrange a return": "journeys/arrange-a-return/",
    "Open a trade account": "journeys/open-a-trade-account/",
}


def small_site(root: Path, plugins: list[Any], *, extra: str = "", fence: str = "") -> Project:
    """Two hand-written pages and three journeys in two folders (each folder's first journey
    is the one an index-page mix-up would hide). ``plugins``: names, or {name: options}."""
    require_mermaid_js()
    site = Project(root)
    journeys = {"journeys": {"mermaid_js": str(MERMAID_JS)}}
    listed = yaml.safe_dump(
        {"plugins": [journeys if plugin == "journeys" else plugin for plugin in plugins]},
        sort_keys=False,
    )
    site.write(
        "mkdocs.yml",
        "site_name: Team site\nsite_url: http://127.0.0.1:8000/\n"
        "theme:\n  name: material\n  font: false\n"
        + listed
        + SUPERFENCES.format(fence=fence or "fence_code_format")
        + textwrap.dedent(extra),
    )
    site.write("docs/index.md", "# Home\n\nSee [the journeys](journeys/index.md).\n")
    site.write(
        "docs/guide.md", "# Guide\n\nRead [Click & collect](journeys/click-and-collect.md).\n"
    )
    site.write("journeys/personas/busy-parent.md", PERSONA)
    site.write("journeys/retail/click-and-collect.md", JOURNEY)
    site.write(
        "journeys/retail/returns.md",
        JOURNEY.replace("title: Click & collect", "title: Arrange a return\nid: arrange-a-return")
        .replace("id: out-of-stock", "id: out-of-stock-2")
        .replace("id: lockers", "id: lockers-2")
        .replace("Long queue", "Long queue at returns")
        .replace("[long-queue]", "[long-queue-at-returns]"),
    )
    site.write(
        "journeys/b2b/trade.md",
        JOURNEY.replace(
            "title: Click & collect", "title: Open a trade account\nid: open-a-trade-account"
        )
        .replace("id: out-of-stock", "id: out-of-stock-3")
        .replace("id: lockers", "id: lockers-3")
        .replace("Long queue", "Long queue for trade")
        .replace("[long-queue]", "[long-queue-for-trade]"),
    )
    return site


def build(site: Project) -> str:
    """`mkdocs build --strict`: its exit code and log must both be clean."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONUTF8": "1",
        "JOURNEYS_TODAY": "2026-11-30",
        "DISABLE_MKDOCS_2_WARNING": "true",  # the banner mkdocs-redirects' dependency prints
    }
    result = subprocess.run(
        [str(Path(os.sys.executable).parent / "mkdocs"), "build", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not re.search(r"^(WARNING|ERROR)\b", log, re.M), log
    return log


def nav_entries(page: str) -> list[tuple[str, str]]:
    """(href, title) of every link in Material's primary navigation (quoted or, minified, not)."""
    nav = page.split("md-nav--primary")[1].split("md-content")[0]
    return re.findall(
        r'<a href="?([^" >]*)"?[^>]*>\s*<span class="?md-ellipsis"?>\s*(.*?)\s*</span>', nav, re.S
    )


def assert_every_journey_in_nav(site_dir: Path, folder: str = "") -> None:
    page = f"{folder}journeys/index.html"
    text = (site_dir / page).read_text(encoding="utf-8")
    base = "http://site/" + page
    listed = {(urljoin(base, href), title) for href, title in nav_entries(text)}
    for title, address in JOURNEYS.items():
        assert (f"http://site/{folder}{address}", title) in listed, (title, sorted(listed))


def assert_links_resolve(site_dir: Path) -> None:
    """Every href and src inside the site points at a file the site has."""
    broken = []
    for page in site_dir.rglob("*.html"):
        url = "http://site/" + page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        for quoted, bare in re.findall(r'\s(?:href|src)=(?:"([^"]*)"|([^\s">]+))', text):
            target = quoted or bare
            if not target:
                continue
            absolute = urljoin(url, html.unescape(target))
            parts = urlsplit(absolute)
            if parts.netloc != "site":
                continue
            path = site_dir / unquote(parts.path).lstrip("/")
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{page.relative_to(site_dir)} -> {target}")
    assert not broken, broken[:20]


def check(site: Project) -> str:
    log = build(site)
    site_dir = site.root / "site"
    assert_every_journey_in_nav(site_dir)
    assert_links_resolve(site_dir)
    return log


BOTH_ORDERS = pytest.mark.parametrize(
    "first", [True, False], ids=["journeys-first", "journeys-last"]
)


def ordered(other: list[Any], journeys_first: bool) -> list[Any]:
    return ["search", "journeys", *other] if journeys_first else ["search", *other, "journeys"]


@BOTH_ORDERS
@pytest.mark.parametrize("layout", ["suffix", "folder"])
def test_static_i18n(tmp_path: Path, first: bool, layout: str) -> None:
    languages = [
        {"locale": "en", "default": True, "name": "English"},
        {"locale": "fr", "name": "Français"},
    ]
    i18n = {"i18n": {"docs_structure": layout, "languages": languages}}
    plugins = ordered([i18n], first)
    site = small_site(tmp_path, plugins)
    if layout == "folder":
        for name in ("index.md", "guide.md"):
            (tmp_path / "docs" / name).rename(tmp_path / "docs" / f"{name}.tmp")
            site.write(f"docs/en/{name}", (tmp_path / "docs" / f"{name}.tmp").read_text())
            (tmp_path / "docs" / f"{name}.tmp").unlink()
        site.write("docs/fr/index.md", "# Accueil\n\nVoir [les parcours](journeys/index.md).\n")
    else:
        site.write("docs/index.fr.md", "# Accueil\n\nVoir [les parcours](journeys/index.md).\n")
    check(site)
    assert_every_journey_in_nav(tmp_path / "site", "fr/")


@BOTH_ORDERS
def test_macros_never_read_map_text(tmp_path: Path, first: bool) -> None:
    site = small_site(
        tmp_path, ordered(["macros"], first), extra="extra:\n  secret_token: s3cr3t-value\n"
    )
    path = tmp_path / "journeys/retail/click-and-collect.md"
    path.write_text(
        path.read_text()
        .replace("title: Click & collect", "title: Click & collect {{ 7*7 }}")
        .replace("action: Queues at the desk", "action: Queues {{ 8*8 }} at the desk")
        .replace("The story.", "The story {{ config.extra.secret_token }} {% raw %} and on.")
    )
    site.write(
        "docs/report.md",
        "# Report {{ 6*7 }}\n\n```steps\njourney: click-and-collect\n```\n",
    )
    build(site)
    assert_links_resolve(tmp_path / "site")
    nav = nav_entries((tmp_path / "site/journeys/index.html").read_text())
    assert ("click-and-collect/", "Click &amp; collect {{ 7*7 }}") in nav
    journey = html.unescape((tmp_path / "site/journeys/click-and-collect/index.html").read_text())
    assert "{{ 7*7 }}" in journey and "{{ config.extra.secret_token }}" in journey
    assert "{% raw %}" in journey
    assert "s3cr3t-value" not in journey
    report = (tmp_path / "site/report/index.html").read_text()
    assert "Report 42" in report  # macros still work on hand-written pages
    # ...but not on the maps' text they show (written as character references)
    assert "Queues {{ 8*8 }} at the desk" in html.unescape(report)
    assert "s3cr3t-value" not in report


@BOTH_ORDERS
def test_redirects_see_generated_pages(tmp_path: Path, first: bool) -> None:
    redirects = {
        "redirects": {"redirect_maps": {"old-collect.md": "journeys/click-and-collect.md"}}
    }
    site = small_site(tmp_path, ordered([redirects], first))
    check(site)
    page = (tmp_path / "site/old-collect/index.html").read_text()
    assert "journeys/click-and-collect/" in page


@BOTH_ORDERS
def test_awesome_pages_keeps_its_order(tmp_path: Path, first: bool) -> None:
    site = small_site(tmp_path, ordered(["awesome-pages"], first))
    site.write("docs/zeta.md", "# Zeta\n")
    site.write("docs/alpha.md", "# Alpha\n")
    site.write("docs/.pages", "nav:\n  - index.md\n  - zeta.md\n  - alpha.md\n  - guide.md\n")
    check(site)
    titles = [t for _h, t in nav_entries((tmp_path / "site/index.html").read_text())]
    mine = [t for t in titles if t in ("Home", "Zeta", "Alpha", "Guide")]
    assert mine == ["Home", "Zeta", "Alpha", "Guide"], titles


@BOTH_ORDERS
def test_awesome_nav_keeps_its_order(tmp_path: Path, first: bool) -> None:
    site = small_site(tmp_path, ordered(["awesome-nav"], first))
    site.write("docs/zeta.md", "# Zeta\n")
    site.write("docs/alpha.md", "# Alpha\n")
    site.write("docs/.nav.yml", "nav:\n  - index.md\n  - zeta.md\n  - alpha.md\n  - guide.md\n")
    check(site)
    titles = [t for _h, t in nav_entries((tmp_path / "site/index.html").read_text())]
    mine = [t for t in titles if t in ("Home", "Zeta", "Alpha", "Guide")]
    assert mine == ["Home", "Zeta", "Alpha", "Guide"], titles


@BOTH_ORDERS
def test_section_index(tmp_path: Path, first: bool) -> None:
    check(small_site(tmp_path, ordered(["section-index"], first)))


def test_material_navigation_indexes_and_tabs(tmp_path: Path) -> None:
    site = small_site(tmp_path, ["search", "journeys"])
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  font: false\n",
            "  font: false\n  features:\n    - navigation.indexes\n    - navigation.tabs\n",
        )
    )
    check(site)
    home = (tmp_path / "site/index.html").read_text()
    tabs = home.split('class="md-tabs__list"')[1].split("</ul>")[0]
    assert re.findall(r'class="md-tabs__item', tabs).__len__() == 3, tabs  # Home, Guide, journeys
    assert "Customer journeys" in tabs


@BOTH_ORDERS
def test_material_blog_and_tags(tmp_path: Path, first: bool) -> None:
    site = small_site(tmp_path, ordered(["blog", "tags"], first))
    site.write("docs/blog/index.md", "# Blog\n")
    site.write(
        "docs/blog/posts/hello.md",
        "---\ndate: 2026-01-02\n---\n# Hello\n\n"
        "See [Click & collect](../../journeys/click-and-collect.md).\n",
    )
    site.write("docs/tags.md", "# Tags\n\n<!-- material/tags -->\n")
    path = tmp_path / "journeys/retail/click-and-collect.md"
    path.write_text(path.read_text().replace("promise:", "tags: [retail, omnichannel]\npromise:"))
    check(site)
    tags = (tmp_path / "site/tags/index.html").read_text()
    for tag in ("retail", "omnichannel"):
        section = tags.split(f'id="tag:{tag}"')[1].split("</ul>")[0]
        assert "../journeys/click-and-collect/" in section, tag


def git(root: Path, *args: str, date: str = "2024-03-04T05:06:07") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Map Writer",
        "GIT_AUTHOR_EMAIL": "writer@example.com",
        "GIT_COMMITTER_NAME": "Map Writer",
        "GIT_COMMITTER_EMAIL": "writer@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@BOTH_ORDERS
def test_git_dates_and_authors_are_the_maps(tmp_path: Path, first: bool) -> None:
    plugins = [{"git-revision-date-localized": {"type": "date"}}, "git-authors"]
    site = small_site(tmp_path, ordered(plugins, first))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Maps")
    check(site)
    journey = (tmp_path / "site/journeys/click-and-collect/index.html").read_text()
    assert "March 4, 2024" in journey
    assert "Map Writer" in journey


@pytest.mark.parametrize("fence", ["fence_code_format", "fence_div_format"])
def test_minify_keeps_diagrams_or_says_what_to_change(tmp_path: Path, fence: str) -> None:
    site = small_site(
        tmp_path, ["search", "journeys", {"minify": {"minify_html": True}}], fence=fence
    )
    if fence == "fence_code_format":
        check(site)
        journey = (tmp_path / "site/journeys/click-and-collect/index.html").read_text()
        diagrams = re.findall(r'<pre class="?mermaid"?><code>(.*?)</code>', journey, re.S)
        assert diagrams and all("\n" in diagram.strip() for diagram in diagrams)
    else:
        result = site.mkdocs("build", "--strict")
        assert result.returncode != 0
        assert "mkdocs-minify-plugin" in result.stderr and "fence_code_format" in result.stderr


def test_mkdocstrings(tmp_path: Path) -> None:
    plugins = ["journeys", {"mkdocstrings": {"handlers": {"python": {"paths": ["src"]}}}}]
    site = small_site(tmp_path, ["search", *plugins])
    site.write(
        "src/shop.py", '"""The shop."""\n\n\ndef collect() -> None:\n    """Collect an order."""\n'
    )
    site.write("docs/api.md", "# API\n\n::: shop\n")
    check(site)
    assert "Collect an order." in (tmp_path / "site/api/index.html").read_text()
