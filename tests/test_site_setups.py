"""The sites people set up: the README's own-site set-up as written, MkDocs' own themes, Mermaid
through mkdocs-mermaid2 with and without its javascript option, and the stops and warnings.

Each is built with the real `mkdocs build --strict`; the browser suite (tests/browser/
test_site_readme_setups.py) checks the same sites in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import Project, write_readme_site

SCRIPT_OR_STYLE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"([^\"]+)\"")


def outside_addresses(site: Path) -> dict[str, list[str]]:
    """Every script, style sheet, image or frame a built page loads from outside the site."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        outside = [url for url in SCRIPT_OR_STYLE.findall(text) if re.match(r"(\w+:)?//", url)]
        if outside:
            found[page.relative_to(site).as_posix()] = outside
    return found


def problems(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.match(r"(WARNING|ERROR)\b", line)]


@pytest.fixture
def readme_site(tmp_path: Path) -> Project:
    written = write_readme_site(tmp_path)
    assert written == ["mkdocs.yml", "docs/index.md"]
    return Project(tmp_path)


def set_theme(site: Project, theme: str) -> None:
    config = site.root / "mkdocs.yml"
    text = re.sub(r"(?m)^  name: material.*$", f"  name: {theme}", config.read_text())
    config.write_text(text.replace("  font: false", "").replace("\n\n", "\n"))


def test_the_readme_site_builds_strict_and_loads_nothing_from_outside(
    readme_site: Project,
) -> None:
    result = readme_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []
    site = readme_site.root / "site"
    assert outside_addresses(site) == {}
    page = readme_site.html("journeys/click-and-collect")
    assert '<script src="../../assets/javascripts/journeys/mermaid.min.js"></script>' in page
    assert (site / "assets/javascripts/journeys/mermaid.min.js").is_file()


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_mkdocs_own_themes_get_titles_drawn_diagrams_and_no_cdn(
    readme_site: Project, theme: str
) -> None:
    set_theme(readme_site, theme)
    result = readme_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []
    assert f"the {theme} theme's highlight.js, which comes from a CDN, is turned off" in (
        result.stderr
    )
    assert outside_addresses(readme_site.root / "site") == {}
    page = readme_site.html("journeys/click-and-collect")
    assert page.count("<h1") == 1
    assert "<h1>Click &amp; collect a school-shoe order</h1>" in page
    assert "assets/javascripts/journeys/mermaid-draw.js" in page
    assert page.index("journeys/mermaid.min.js") < page.index("journeys/mermaid-draw.js")
    # A hand-written page keeps its own heading, alone.
    assert readme_site.html("").count("<h1") == 1


def test_highlight_js_asked_for_in_mkdocs_yml_is_kept(readme_site: Project) -> None:
    config = readme_site.root / "mkdocs.yml"
    set_theme(readme_site, "mkdocs")
    config.write_text(
        config.read_text().replace("  name: mkdocs", "  name: mkdocs\n  highlightjs: true")
    )
    result = readme_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "highlight.js" not in result.stderr
    assert "highlight.min.js" in readme_site.html("")


def test_a_theme_journey_pages_are_not_made_for_stops_the_build(readme_site: Project) -> None:
    readme_site.write("custom/main.html", "<html><body>{{ page.content }}</body></html>\n")
    config = readme_site.root / "mkdocs.yml"
    text = re.sub(
        r"(?ms)^theme:\n.*?^plugins:",
        "theme:\n  name: null\n  custom_dir: custom\nplugins:",
        config.read_text(),
    )
    config.write_text(text)
    result = readme_site.mkdocs("build")
    assert result.returncode == 1
    assert "is not supported" in result.stderr
    assert "'material' (recommended), 'mkdocs' and 'readthedocs'" in result.stderr
    assert "Traceback" not in result.stderr


# mkdocs-mermaid2 ------------------------------------------------------------------------------


def use_mermaid2(site: Project, options: str = "") -> None:
    """mkdocs-mermaid2 as its documentation sets it up with Material (its custom fence)."""
    pytest.importorskip("mermaid2")
    config = site.root / "mkdocs.yml"
    text = config.read_text()
    plugin = "  - mermaid2" + (f":\n      {options}" if options else "")
    text = text.replace("  - search\n", f"  - search\n{plugin}\n")
    text = text.replace("pymdownx.superfences.fence_code_format", "mermaid2.fence_mermaid_custom")
    config.write_text(text)


def test_mermaid2_without_javascript_uses_the_bundled_mermaid(readme_site: Project) -> None:
    use_mermaid2(readme_site)
    result = readme_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []
    assert outside_addresses(readme_site.root / "site") == {}
    page = readme_site.html("journeys/click-and-collect")
    assert page.count("mermaid.min.js") == 1
    assert "unpkg" not in page and "mermaid.esm" not in page


def test_mermaid2_javascript_file_is_the_mermaid_of_the_site(readme_site: Project) -> None:
    from journeys.mermaid_site import BUNDLED_MERMAID

    mine = b"/* the team's Mermaid */\n" + BUNDLED_MERMAID.read_bytes()
    (readme_site.root / "docs/vendor").mkdir()
    (readme_site.root / "docs/vendor/diagrams.js").write_bytes(mine)
    use_mermaid2(readme_site, "javascript: vendor/diagrams.js")
    result = readme_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []
    site = readme_site.root / "site"
    assert outside_addresses(site) == {}
    assert (site / "assets/javascripts/journeys/mermaid.min.js").read_bytes() == mine
    page = readme_site.html("journeys/click-and-collect")
    # Loaded once, first, on every page; mermaid2 adds no script of its own.
    assert re.findall(r'<script src="([^"]*mermaid[^"]*|[^"]*diagrams[^"]*)"', page) == [
        "../../assets/javascripts/journeys/mermaid.min.js"
    ]


def test_mermaid2_javascript_url_is_loaded_as_given(readme_site: Project) -> None:
    url = "https://intranet.example/js/mermaid.min.js"
    use_mermaid2(readme_site, f"javascript: {url}")
    # mermaid2 checks a URL at build time: this one must not be fetched.
    result = readme_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    page = readme_site.html("journeys/click-and-collect")
    assert re.findall(r'<script src="([^"]*mermaid[^"]*)"', page) == [url]


def test_both_mermaid_options_name_the_conflict(readme_site: Project) -> None:
    url = "https://intranet.example/js/mermaid.min.js"
    use_mermaid2(readme_site, f"javascript: {url}")
    config = readme_site.root / "mkdocs.yml"
    option = "  - journeys:\n      mermaid_js: https://elsewhere.example/mermaid.min.js"
    config.write_text(re.sub(r"(?m)^  - journeys\b.*$", option, config.read_text()))
    result = readme_site.mkdocs("build")
    assert result.returncode == 0, result.stderr
    assert (
        "mermaid_js 'https://elsewhere.example/mermaid.min.js' is not used: mkdocs-mermaid2's "
        f"javascript '{url}' is the Mermaid of this site" in result.stderr
    )
    assert "elsewhere.example" not in readme_site.html("journeys/click-and-collect")


def test_mermaid2_es_module_with_material_is_a_warning(readme_site: Project) -> None:
    use_mermaid2(readme_site, "javascript: http://127.0.0.1:9/js/mermaid.esm.min.mjs")
    result = readme_site.mkdocs("build")
    assert result.returncode == 0, result.stderr
    assert "is an ES module" in result.stderr and "Material fetches another Mermaid" in (
        result.stderr
    )


def test_the_readme_links_only_to_files_the_repository_has() -> None:
    from sitekit import REPO

    text = re.sub(r"```.*?```", "", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.S)
    targets = re.findall(r"\]\(([^)\s]+)\)|src=\"([^\"]+)\"", text)
    local = [a or b for a, b in targets if not re.match(r"\w+:|#", a or b)]
    assert local
    for target in local:
        path = (REPO / target.split("#")[0]).resolve()
        assert path.is_relative_to(REPO) and path.exists(), target
