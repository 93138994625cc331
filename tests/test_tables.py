"""The generated pages' tables written as HTML without Markdown (web/tables.py) are what
Python-Markdown would make of the same table, for any text a map may hold; anything else is left
to Markdown."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings

from journeys.catalog import build_catalog
from journeys.format.cache import SourceCache
from journeys.format.folder import load_sources
from journeys.pages.generate import generate_pages
from journeys.pages.views import ViewOptions
from journeys.web.markup import SORTABLE_MARKER, text
from journeys.web.sanitize import BODY_START
from journeys.web.tables import Rows, heatmaps_as_slots, table_html, tables_as_html
from mapgen import valid_maps, write_folder
from nasty_strings import NASTY_STRINGS
from sitekit import REPO

OPTIONS = ViewOptions(today=dt.date(2026, 9, 1))
TABLE = re.compile(r"^(\|[^\n]*\|\n\|(?:---\|)+(?:\n\|[^\n]*\|)*)$", re.MULTILINE)


def _as_written(target: str) -> str:
    return target  # the same href Markdown keeps, so both sides can be compared


def _tables(root: Path) -> list[tuple[str, str]]:
    catalog = build_catalog(load_sources(root, root.parent, SourceCache()))
    return [
        (page.src_uri, found.group(1))
        for page in generate_pages(catalog, OPTIONS)
        for found in TABLE.finditer(page.markdown.split(BODY_START)[0])
    ]


def _same_as_markdown(table: str) -> bool:
    html = table_html(table, _as_written)
    return html is None or html == markdown.markdown(table, extensions=["tables"])


def test_every_table_of_the_example_is_written_as_markdown_would() -> None:
    tables = _tables(REPO / "journeys")
    assert len(tables) >= 30
    for uri, table in tables:
        html = table_html(table, _as_written)
        assert html is not None, f"{uri}: a table of our own was left to Markdown"
        assert html == markdown.markdown(table, extensions=["tables"]), uri


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(maps=valid_maps())
def test_any_maps_tables_are_written_as_markdown_would(maps: object) -> None:
    with tempfile.TemporaryDirectory(prefix="journeys-tables-") as folder:
        root = Path(folder) / "journeys"
        write_folder(root, maps.files)  # type: ignore[attr-defined]
        for uri, table in _tables(root):
            assert _same_as_markdown(table), uri


@pytest.mark.parametrize("nasty", NASTY_STRINGS)
def test_any_text_is_written_as_markdown_would_and_other_cells_are_left_to_it(nasty: str) -> None:
    table = f"| A | B |\n|---|---|\n| {text(nasty)} | [x](x.md) |"
    assert _same_as_markdown(table)
    for cell in ("<script>alert(1)</script>", "*emphasis*", "[x](javascript:alert(1))", "a & b"):
        assert table_html(f"| A |\n|---|\n| {cell} |", _as_written) is None


def test_a_link_to_a_missing_page_leaves_the_table_to_markdown() -> None:
    page = f"{SORTABLE_MARKER}\n\n| A |\n|---|\n| [gone](gone.md) |\n"
    kept = tables_as_html(page, lambda target: None, lambda html, sortable: "SLOT")
    assert kept == page
    slots = tables_as_html(page, _as_written, lambda html, sortable: f"SLOT {sortable}")
    assert slots == f"{SORTABLE_MARKER}\n\nSLOT True\n"
    assert tables_as_html(page.split("\n\n", 1)[1], _as_written, lambda h, s: f"{s}") == "False\n"


def test_bold_words_and_bold_links_are_written_as_markdown_would() -> None:
    table = "| A | B |\n|---|---|\n| **Quick wins**: do first | [**Step**](#step-1)<br>[x](x.md) |"
    assert table_html(table, _as_written) is not None
    assert _same_as_markdown(table)


def test_a_heatmap_goes_to_a_slot_whole() -> None:
    heatmap = '<div class="journeys-heatmap">\n<div class="x">\n<table></table>\n</div>\n</div>'
    page = f"## Journeys by stage\n\n{heatmap}\n\n## By persona\n"
    taken: list[str] = []
    slots = heatmaps_as_slots(page, lambda html: taken.append(html) or "SLOT")
    assert taken == [heatmap]
    assert slots == "## Journeys by stage\n\nSLOT\n\n## By persona\n"
    unbalanced = page.replace("</div>\n</div>", "</div>")
    assert heatmaps_as_slots(unbalanced, lambda html: "SLOT") == unbalanced


def test_rows_written_before_are_used_again_and_only_those() -> None:
    table = "| A |\n|---|\n| [one](one.md) |\n| [two](two.md) |"
    asked: list[str] = []

    def resolve(target: str) -> str:
        asked.append(target)
        return target

    first = Rows()
    html = table_html(table, resolve, first)
    again = Rows(first.now)
    edited = table.replace("[two](two.md)", "[three](three.md)")
    asked.clear()
    assert table_html(edited, resolve, again) == table_html(edited, _as_written)
    assert asked == ["three.md"]  # the unchanged row was not written again
    assert set(again.now) == {"| [one](one.md) |", "| [three](three.md) |"}  # nor kept: "two"
    assert html == table_html(table, _as_written)
