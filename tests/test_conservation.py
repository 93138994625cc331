"""Nothing is lost between the sources, the built site and the export: every journey, stage,
step, pain point (and each place it occurs), opportunity, touchpoint and persona is counted in
each, and the counts agree; `journeys validate --stats` shows the same numbers.

The sources are counted here from the raw YAML, as the contract defines each item and its id;
the site from the built HTML, by what a reader sees (step rows, stage tables, pages, anchors).
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from journeys.catalog import load_catalog
from journeys.export import export_json
from journeys.format.slug import is_id, slugify
from journeys.stats import Counts, differences, from_catalog, from_export, table
from mapgen import ValidMaps, valid_maps, write_folder
from sitekit import MERMAID_JS, MKDOCS_YML, Project

# Sources ----------------------------------------------------------------------------------------


def _front_matter(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def _item_id(item: Any, key: str) -> str:
    if isinstance(item, str):
        return slugify(item)
    return str(item["id"]) if "id" in item else slugify(item[key])


def count_sources(root: Path) -> Counts:
    """What the files under a journeys folder hold, read without the tool."""
    journeys = [
        _front_matter(path)
        for path in sorted(root.rglob("*.md"))
        if not path.relative_to(root).as_posix().startswith(("personas/", "data/"))
        and path.name != "README.md"
        and not any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)
    ]
    registry_file = root / "touchpoints.yml"
    registry = (
        yaml.safe_load(registry_file.read_text("utf-8-sig")) if registry_file.exists() else []
    )
    touchpoints = {str(t["id"]) for t in registry or []}
    pain_steps: dict[str, set[tuple[int, int, int]]] = {}
    opportunities: set[str] = set()
    stages = steps = 0
    for number, journey in enumerate(journeys):
        for stage_number, stage in enumerate(journey["stages"]):
            stages += 1
            for step_number, step in enumerate(stage["steps"]):
                steps += 1
                place = (number, stage_number, step_number)
                for pain in step.get("pains", []):
                    pain_steps.setdefault(_item_id(pain, "text"), set()).add(place)
                for opportunity in step.get("opportunities", []):
                    opportunities.add(_item_id(opportunity, "text"))
                if "touchpoint" in step:
                    text = str(step["touchpoint"])
                    touchpoints.add(text if is_id(text) else slugify(text))
    return Counts(
        journeys=len(journeys),
        stages=stages,
        steps=steps,
        pain_points=len(pain_steps),
        pain_occurrences=sum(len(places) for places in pain_steps.values()),
        opportunities=len(opportunities),
        touchpoints=len(touchpoints),
        personas=len(
            [
                p
                for p in (root / "personas").glob("*.md")
                if p.name[0] not in "_." and p.name != "README.md"
            ]
        ),
    )


# The built site ---------------------------------------------------------------------------------

_STAGE_TABLE = re.compile(r"<th[^>]*>Step</th>\s*<th[^>]*>Touchpoint</th>")
_STEP_ROW = re.compile(r'<span id="step-[a-z0-9-]+"></span>')
_OCCURRENCE = re.compile(r'href="[^"]*#step-[a-z0-9-]+"')
_OPPORTUNITY = re.compile(r'id="opportunity-[a-z0-9-]+"')


def _pages(site: Path, kind: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((site / kind).glob("*/index.html"))]


def count_site(site: Path) -> Counts:
    """What the built pages show."""
    journeys = _pages(site, "journeys")
    pains = _pages(site, "pain-points")
    opportunities = (site / "opportunities/index.html").read_text(encoding="utf-8")
    return Counts(
        journeys=len(journeys),
        stages=sum(len(_STAGE_TABLE.findall(page)) for page in journeys),
        steps=sum(len(_STEP_ROW.findall(page)) for page in journeys),
        pain_points=len(pains),
        pain_occurrences=sum(len(_OCCURRENCE.findall(page)) for page in pains),
        opportunities=len(_OPPORTUNITY.findall(opportunities)),
        touchpoints=len(_pages(site, "touchpoints")),
        personas=len(_pages(site, "personas")),
    )


def cli_stats(project: Project) -> dict[str, Counts]:
    result = project.journeys_cli("validate", "--stats", "--format", "json")
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["stats_differences"] == []
    return {name: Counts(**values) for name, values in report["stats"].items()}


def test_the_example_site_loses_nothing(example_site: Project) -> None:
    sources = count_sources(example_site.journeys)
    site = count_site(example_site.build(strict=True))
    exported = from_export(json.loads(example_site.journeys_cli("export").stdout))
    assert site == sources, table({"sources": sources, "site": site})
    assert exported == sources, table({"sources": sources, "export": exported})
    assert set(cli_stats(example_site).values()) == {sources}
    assert sources.steps > 50 and sources.pain_occurrences > sources.pain_points  # a real corpus


def test_stats_are_shown_by_validate(example_site: Project) -> None:
    result = example_site.journeys_cli("validate", "--stats")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["maps", "site", "export"]
    steps = next(line for line in lines if line.startswith("steps "))
    assert len(set(steps.split()[1:])) == 1


def test_steps_with_errors_are_left_out_everywhere_and_said_so(project: Project) -> None:
    path = project.journeys / "retail/click-and-collect.md"
    path.write_text(path.read_text().replace("emotion: 2", "emotion: 9"))
    result = project.journeys_cli("validate", "--stats")
    assert result.returncode == 1
    assert "1 step with errors is left out of all three (see the errors above)" in result.stdout
    assert "lost on the way" not in result.stderr
    counts = cli_stats(project)
    assert counts["maps"].steps == counts["site"].steps == counts["export"].steps == 1


def test_differences_are_named() -> None:
    same = Counts(1, 2, 3, 4, 5, 6, 7, 8)
    fewer = dataclasses.replace(same, steps=2)
    assert differences({"maps": same, "site": same, "export": same}) == []
    assert differences({"maps": same, "site": fewer, "export": same}) == [
        "steps: 3 in the maps, 2 in the site"
    ]


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(maps=valid_maps())
def test_no_item_of_a_valid_folder_is_lost(maps: ValidMaps, project: Project) -> None:
    """Any valid folder: the generator's own count, the site, the export and the catalog."""
    del project  # only for its check that the site's Mermaid is there
    with tempfile.TemporaryDirectory(prefix="journeys-count-") as folder:
        base = Path(folder)
        site_project = Project(base)
        site_project.write("mkdocs.yml", MKDOCS_YML.format(mermaid_js=json.dumps(str(MERMAID_JS))))
        site_project.write("docs/index.md", "# Home\n")
        write_folder(base / "journeys", maps.files)
        expected = Counts(
            journeys=len(maps.journeys),
            stages=maps.stages,
            steps=maps.steps,
            pain_points=len(maps.pains),
            pain_occurrences=maps.pain_occurrences,
            opportunities=len(maps.opportunities),
            touchpoints=len(maps.touchpoints),
            personas=len(maps.personas),
        )
        assert count_sources(base / "journeys") == expected
        catalog = load_catalog(base / "journeys", base)
        assert from_catalog(catalog) == expected
        assert from_export(export_json(catalog)) == expected
        assert count_site(site_project.build(strict=True)) == expected
