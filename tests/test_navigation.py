"""Where the generated pages are and where the navigation puts them, on real builds."""

from __future__ import annotations

import re

import pytest

from journeys.pages.indexes import title_from_name
from journeys.web import addresses
from sitekit import Project

NAV_LINK = re.compile(
    r'<a href="([^"]*)"[^>]*>\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S
)


def primary_nav(page: str) -> str:
    return page.split('class="md-nav md-nav--primary"')[1].split('class="md-content"')[0]


def nav_titles(page: str) -> list[str]:
    return [title for _href, title in NAV_LINK.findall(primary_nav(page))] + re.findall(
        r'class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
        primary_nav(page),
        re.S,
    )


def test_item_pages_are_no_index_files_and_keep_their_addresses() -> None:
    assert addresses.journey("click-and-collect") == "journeys/click-and-collect.md"
    assert addresses.url("journeys/click-and-collect.md") == "journeys/click-and-collect/"
    assert addresses.url("journeys/index.md") == "journeys/"
    assert addresses.url("journeys/x.md", directory_urls=False) == "journeys/x/index.html"
    assert addresses.url("index.md", directory_urls=False) == "index.html"
    # An item whose id is "index" does not take the index page's place.
    assert addresses.journey("index") != addresses.JOURNEYS
    assert addresses.url(addresses.journey("index")) == "journeys/index/"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("b2b", "B2B"),
        ("click-and-collect", "Click and collect"),
        ("crm_exports", "CRM exports"),
        ("retail", "Retail"),
        ("hr", "HR"),
    ],
)
def test_folder_titles_from_names(name: str, title: str) -> None:
    assert title_from_name(name) == title


def test_without_directory_urls_the_addresses_stay(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    site = project.build(strict=True)
    for address in (
        "journeys/index.html",
        "journeys/click-and-collect/index.html",
        "personas/busy-parent/index.html",
        "pain-points/long-queue/index.html",
        "touchpoints/collection-desk/index.html",
    ):
        assert (site / address).is_file(), address
    journey = (site / "journeys/click-and-collect/index.html").read_text(encoding="utf-8")
    assert 'href="../../personas/busy-parent/index.html"' in journey


def test_one_section_titled_by_the_options_at_their_place(project: Project) -> None:
    project.write("docs/about.md", "# About\n")
    project.write("journeys/b2b/_folder.yml", "title: Business customers\n")
    project.write(
        "journeys/b2b/trade.md",
        (project.journeys / "retail/click-and-collect.md")
        .read_text()
        .replace("title: Click & collect", "title: Trade account"),
    )
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace("  - journeys:\n", "  - journeys:\n      nav_title: Maps\n      nav_position: 1\n")
        .replace("  font: false\n", "  font: false\n  features: [content.action.edit]\n")
        + "repo_url: https://git.example.com/team/site\nedit_uri: edit/main/docs/\n"
    )
    project.build(strict=True)
    # A journey's "edit this page" opens its map, not a docs/ file that does not exist.
    edit = "https://git.example.com/team/site/edit/main/journeys/retail/click-and-collect.md"
    assert f'href="{edit}"' in project.html("journeys/click-and-collect")
    page = project.html("journeys")
    nav = primary_nav(page)
    assert nav.index("Maps") < nav.index("Home") < nav.index("About")
    assert "Customer journeys" not in nav
    titles = nav_titles(page)
    for title in ("Business customers", "Retail", "Trade account", "Click &amp; collect"):
        assert title in titles, title
    links = [title for _href, title in NAV_LINK.findall(nav)]
    assert links.index("Trade account") < links.index("Click &amp; collect")  # folders by path
    assert "Business customers" in project.html("journeys")  # the index's group heading


def test_an_explicit_nav_places_the_section_by_its_entry(project: Project) -> None:
    project.write("docs/about.md", "# About\n")
    config = project.root / "mkdocs.yml"
    nav = "nav:\n  - Home: index.md\n  - Our maps: journeys/index.md\n  - About: about.md\n"
    config.write_text(config.read_text() + nav)
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    page = primary_nav(project.html("about"))
    assert page.index("Home") < page.index("Our maps") < page.index("Click &amp; collect")
    assert page.index("Click &amp; collect") < page.index("About")
    assert "leaves out the customer journeys" not in result.stderr


def test_an_explicit_nav_without_the_journeys_says_so_once(project: Project) -> None:
    project.write("docs/about.md", "# About\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - Home: index.md\n  - About: about.md\n")
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "leaves out" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("INFO"), lines[0]
    assert "- Customer journeys: journeys/index.md" in lines[0]


def test_a_bad_folder_file_is_reported_with_its_line(project: Project) -> None:
    project.write("journeys/retail/_folder.yml", "title: Shops\ncolour: red\n")
    result = project.journeys_cli("validate", "journeys")
    assert "journeys/retail/_folder.yml:2" in result.stdout + result.stderr
