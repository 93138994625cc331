"""Whole sites built from sources in tmp_path: the pages the contract names, linked both ways."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from journeys.catalog import load_catalog
from journeys.web.mermaid import decode
from sitekit import JOURNEY, Project, run

MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


def diagram_of(page: str) -> str:
    blocks = MERMAID_BLOCK.findall(page)
    assert len(blocks) >= 1, "no Mermaid diagram on the page"
    return html.unescape(blocks[0])


def journey_tasks(diagram: str) -> list[tuple[str, str, int, list[str]]]:
    """(section, task, score, actors) as Mermaid's journey grammar reads the diagram."""
    tasks, section = [], ""
    if diagram.startswith("---\n"):  # Mermaid's front matter: the diagram's configuration
        diagram = diagram.split("\n---\n", 1)[1]
    for raw in diagram.splitlines():
        line = raw.strip()
        if line.startswith("section "):
            section = decode(line[len("section ") :])
        elif ":" in line and not line.startswith(("title", "accTitle", "accDescr", "journey")):
            name, score, *rest = line.split(":")
            actors = [decode(a.strip()) for a in rest[0].split(",")] if rest else []
            tasks.append((section, decode(name.strip()), int(score), actors))
    return tasks


def test_the_example_site_builds_strict(example_site: Project) -> None:
    result = example_site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr


def test_every_page_of_the_contract_exists(project: Project) -> None:
    site = project.build(strict=True)
    for address in (
        "journeys",
        "journeys/click-and-collect",
        "personas",
        "personas/busy-parent",
        "pain-points",
        "pain-points/long-queue",
        "pain-points/out-of-stock",
        "touchpoints",
        "touchpoints/instagram-ad",
        "touchpoints/collection-desk",
        "opportunities",
    ):
        assert (site / address / "index.html").is_file(), address


def test_journey_page_shows_facts_diagram_tables_and_body(project: Project) -> None:
    project.build()
    page = project.html("journeys/click-and-collect")
    assert "<h1" in page and "Click &amp; collect" in page
    assert 'href="../../personas/busy-parent/"' in page
    assert "Effortless" in page
    assert journey_tasks(diagram_of(page)) == [
        ("Awareness", "Sees an ad", 4, ["Busy parent"]),
        ("Collection", "Queues at the desk", 2, ["Busy parent"]),
    ]
    # The text tables say the same, with every item linked to its page.
    assert 'href="../../pain-points/long-queue/"' in page
    assert 'href="../../touchpoints/collection-desk/"' in page
    assert 'href="../../opportunities/#opportunity-lockers"' in page
    assert "4 (gap 2)" in page
    assert "The story." in page


def test_pain_point_page_links_back_to_every_step(project: Project) -> None:
    project.write(
        "journeys/returns.md",
        """\
        ---
        title: Returns
        persona: busy-parent
        stages:
          - name: Return
            steps:
              - action: Waits in line
                emotion: 1
                pains:
                  - id: long-queue
        ---
        """,
    )
    project.build(strict=True)
    page = project.html("pain-points/long-queue")
    assert "Long queue" in page
    assert 'href="../../journeys/click-and-collect/#step-queues-at-the-desk"' in page
    assert 'href="../../journeys/returns/#step-waits-in-line"' in page
    assert "Collection lockers" in page  # the opportunity that fixes it
    assert "2 steps in 2 journeys" in page
    index = project.html("pain-points")
    assert 'href="long-queue/"' in index and "high" in index


def test_persona_page_lists_journeys_and_pains(project: Project) -> None:
    project.build()
    page = project.html("personas/busy-parent")
    assert 'href="../../journeys/click-and-collect/"' in page
    assert 'href="../../pain-points/out-of-stock/"' in page
    assert "Parent of two" in page


def test_touchpoint_page_lists_steps_with_emotion_and_metrics(project: Project) -> None:
    project.write(
        "journeys/data/metrics.csv",
        "journey,step,touchpoint,metric,value,period,source\n"
        ",,collection-desk,wait_minutes,18,2026-Q3,Store survey\n",
    )
    project.build(strict=True)
    page = project.html("touchpoints/collection-desk")
    assert "In-store collection desk" in page and "store" in page
    assert 'href="../../journeys/click-and-collect/#step-queues-at-the-desk"' in page
    assert "wait_minutes" in page and "2026-Q3" in page and "Store survey" in page
    journey = project.html("journeys/click-and-collect")
    assert "wait_minutes: 18 (2026-Q3)" in journey


def test_future_state_links_to_current_and_back(project: Project) -> None:
    project.write(
        "journeys/retail/click-and-collect-future.md",
        """\
        ---
        title: Click & collect, with lockers
        persona: busy-parent
        state: future
        current: click-and-collect
        stages:
          - name: Collection
            steps:
              - action: Opens a locker
                emotion: 5
        ---
        """,
    )
    project.build(strict=True)
    future = project.html("journeys/click-and-collect-future")
    current = project.html("journeys/click-and-collect")
    assert 'href="../click-and-collect/"' in future
    assert 'href="../click-and-collect-future/"' in current


def test_free_text_touchpoint_gets_a_page(project: Project) -> None:
    project.write(
        "journeys/x.md",
        """\
        ---
        title: X
        persona: busy-parent
        stages:
          - name: Ask
            steps:
              - action: Asks the school WhatsApp group
                touchpoint: School WhatsApp group
                channel: messaging
                emotion: 3
        ---
        """,
    )
    project.build(strict=True)
    assert "School WhatsApp group" in project.html("touchpoints/school-whatsapp-group")


def test_body_links_to_sources_point_at_generated_pages(project: Project) -> None:
    path = project.journeys / "retail/click-and-collect.md"
    path.write_text(
        path.read_text()
        + "\nSee [the parent](../personas/busy-parent.md) and [bad](javascript:alert(1)).\n"
        + "\n---\n\nA rule above, still Markdown.\n"
    )
    project.build(strict=True)
    page = project.html("journeys/click-and-collect")
    assert '<a href="../../personas/busy-parent/">the parent</a>' in page
    assert "javascript:" not in page
    assert "A rule above, still Markdown." in page


def test_search_index_holds_steps_pains_and_personas(project: Project) -> None:
    site = project.build()
    index = json.loads((site / "search/search_index.json").read_text())
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    for needle in ("Queues at the desk", "Ad shows shoes that are out of stock", "Busy parent"):
        assert needle in text


def test_index_tables_are_on_the_page_and_out_of_search(project: Project) -> None:
    """The index tables are written as HTML: on the page with working links, not in search,
    which finds each item on its own page."""
    site = project.build(strict=True)
    page = project.html("pain-points")
    table = page.split('<div class="journeys-table-tools" data-journeys-table></div>')[1]
    assert table.lstrip().startswith("<table>")
    hrefs = re.findall(r'<a href="([^"#]+)[^"]*">', table.split("</table>")[0])
    assert "long-queue/" in hrefs and "../journeys/click-and-collect/" in hrefs
    for href in hrefs:  # each link leads to a page of the site
        assert (site / "pain-points" / href / "index.html").resolve().is_file(), href
    index = json.loads((site / "search/search_index.json").read_text())
    where = {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if "Long queue" in doc["title"] + doc["text"]
    }
    assert "pain-points/long-queue/" in where
    assert "pain-points/" not in where


def test_a_page_written_by_hand_wins(project: Project) -> None:
    project.write("docs/personas/index.md", "# Our people\n\nWritten by hand.\n")
    project.build(strict=True)
    page = project.html("personas")
    assert "Written by hand." in page
    assert "busy-parent/" in project.html("journeys")  # the rest is still generated


def test_local_mermaid_is_served_by_the_site(project: Project) -> None:
    site = project.build()
    served = site / "assets/javascripts/journeys/mermaid.min.js"
    assert served.is_file()
    page = project.html("journeys/click-and-collect")
    assert '<script src="../../assets/javascripts/journeys/mermaid.min.js"></script>' in page
    assert "unpkg.com" not in page and "jsdelivr" not in page


def test_missing_local_mermaid_is_a_clear_error(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("mermaid_js: null", "mermaid_js: vendor/nope.js"))
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "mermaid_js 'vendor/nope.js' is not a file" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_without_mermaid_support_is_told_how_to_fix_it(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().split("markdown_extensions:")[0])
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 1
    assert "Mermaid diagrams will show as code" in result.stderr


def test_nav_groups_journeys_by_folder_and_lists_indexes(project: Project) -> None:
    project.write(
        "journeys/b2b/trade.md",
        (project.journeys / "retail/click-and-collect.md")
        .read_text()
        .replace("title: Click & collect", "title: Trade account"),
    )
    project.build()
    page = project.html("personas")
    nav = page.split('class="md-nav md-nav--primary"')[1].split('class="md-content"')[0]
    for label in (
        "Customer journeys",
        "B2B",
        "Retail",
        "Trade account",
        "Click &amp; collect",
        "Personas",
        "Pain points",
        "Touchpoints",
        "Opportunities",
    ):
        assert label in nav, label
    # Per-item pages are reached from their index pages, not listed in the nav.
    assert "pain-points/long-queue/" not in nav


def test_journeys_dir_inside_docs_is_read_not_built_as_pages(project: Project) -> None:
    (project.root / "journeys").rename(project.root / "docs/maps")
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - journeys:\n", "  - journeys:\n      journeys_dir: docs/maps\n"
        )
    )
    site = project.build(strict=True)
    assert (site / "journeys/click-and-collect/index.html").is_file()
    assert not (site / "maps").exists()


def test_persona_image_is_served_next_to_its_page(project: Project) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    (project.journeys / "personas/parent.png").write_bytes(png)
    path = project.journeys / "personas/busy-parent.md"
    path.write_text(path.read_text().replace("role:", "image: parent.png\nrole:"))
    site = project.build(strict=True)
    assert (site / "personas/busy-parent/parent.png").read_bytes() == png
    assert 'src="parent.png"' in project.html("personas/busy-parent")


@pytest.mark.parametrize(
    "action", ["Checks status: ready?", "Pays; then waits", "Order #4411", "A, B & C", "<b>x</b>"]
)
def test_diagram_carries_hostile_text_exactly(project: Project, action: str) -> None:
    path = project.journeys / "retail/click-and-collect.md"
    path.write_text(path.read_text().replace("Sees an ad", json.dumps(action)))
    project.build(strict=True)
    page = project.html("journeys/click-and-collect")
    assert journey_tasks(diagram_of(page))[0][1] == action
    assert "<b>x</b>" not in page


def test_render_writes_the_pages_the_plugin_builds(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    result = project.journeys_cli("render", str(out))
    assert result.returncode == 0, result.stderr
    rendered = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "journeys/click-and-collect.md" in rendered
    assert "pain-points/long-queue.md" in rendered
    # The same Markdown the plugin hands MkDocs, but for the bodies: their HTML, sanitised.
    from journeys.pages.generate import generate_pages
    from journeys.web.sanitize import BODY_START

    catalog = load_catalog(project.journeys)
    for page in generate_pages(catalog):
        written = (out / page.src_uri).read_text(encoding="utf-8")
        before_body = page.markdown.split(BODY_START)[0]
        assert written.startswith(before_body)
        if BODY_START in page.markdown:
            assert '<div class="journeys-body">\n<p>' in written


def test_render_sanitises_bodies_for_a_site_without_the_plugin(
    project: Project, tmp_path: Path
) -> None:
    """Pages written by render are built by another MkDocs, which has no plugin to sanitise."""
    body = (
        '<script>window.x=1</script>\n\n<img src=x onerror="window.x=1">\n\n'
        '<div id="__config" data-md-component="x">c</div>\n\n'
        '[a link](https://example.org){ onclick="window.x=1" }\n\n## Heading\n\n'
        "{{ config.site_name }}\n\n```mermaid\njourney\n  title T\n```\n"
    )
    project.write("journeys/retail/click-and-collect.md", JOURNEY + body)
    out = tmp_path / "plain"
    result = project.journeys_cli("render", str(out / "docs"))
    assert result.returncode == 0, result.stderr
    (out / "mkdocs.yml").write_text(
        "site_name: Plain\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n",
        encoding="utf-8",
    )
    build = run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=out)
    assert build.returncode == 0, build.stderr
    page = (out / "site/journeys/click-and-collect/index.html").read_text(encoding="utf-8")
    notes = page.split("journeys-body", 1)[1]
    assert "window.x" not in notes and "onerror" not in notes and "onclick" not in notes
    assert "__config" not in notes and "data-md" not in notes
    assert '<a href="https://example.org">a link</a>' in notes
    assert '<h2 id="heading">Heading</h2>' in notes
    assert "&#123;&#123; config.site_name &#125;&#125;" in notes
    assert '<pre class="mermaid"><code>journey' in notes


def test_new_creates_maps_that_validate(project: Project) -> None:
    assert project.journeys_cli("new", "persona", "night-owl").returncode == 0
    result = project.journeys_cli(
        "new", "journey", "late-delivery", "--title", "Late: delivery", "--persona", "night-owl"
    )
    assert result.returncode == 0, result.stderr
    created = project.journeys / "late-delivery.md"
    assert created.is_file()
    assert "persona: night-owl " in created.read_text()
    validation = project.journeys_cli("validate")
    assert validation.returncode == 0, validation.stdout
    # Until its texts are replaced, a new map is warned about, and strict checks fail.
    assert "still the template's text" in validation.stdout
    assert project.journeys_cli("validate", "--strict").returncode == 1
    again = project.journeys_cli("new", "journey", "late-delivery", "--persona", "night-owl")
    assert again.returncode != 0 and "exists already" in again.stderr
    bad = project.journeys_cli("new", "journey", "Not An Id")
    assert bad.returncode == 2 and "not an id" in bad.stderr


@pytest.mark.parametrize(
    "hand_written",
    [
        "journeys.md",
        "journeys/index.md",
        "personas/busy-parent.md",
        "personas/busy-parent/index.md",
    ],
)
def test_a_hand_written_page_at_a_generated_address_wins(
    project: Project, hand_written: str
) -> None:
    """Both forms of a page's address (``x.md``, ``x/index.md``) are the same page to MkDocs."""
    project.write("docs/index.md", "# Home\n")
    project.write(f"docs/{hand_written}", "# Written by hand\n\nOur own words.\n")
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    assert f"{hand_written} is written by hand, so it is used instead of generated" in (
        result.stderr
    )
    address = hand_written.removesuffix(".md").removesuffix("/index")
    assert "Our own words." in project.html(address)
