"""Fixtures: a minimal valid project and a copy of the example site, both in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sitekit import JOURNEY, MERMAID_JS, MKDOCS_YML, PERSONA, REPO, Project, require_mermaid_js


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A minimal valid project: one persona, one journey, a touchpoint registry."""
    site = Project(tmp_path)
    site.write("mkdocs.yml", MKDOCS_YML.format(mermaid_js=json.dumps(str(MERMAID_JS))))
    site.write("docs/index.md", "# Home\n\nSee [the journeys](journeys/index.md).\n")
    site.write("journeys/personas/busy-parent.md", PERSONA)
    site.write("journeys/retail/click-and-collect.md", JOURNEY)
    site.write(
        "journeys/touchpoints.yml",
        """\
        - id: instagram-ad
          name: Instagram ad
          channel: social
        - id: collection-desk
          name: In-store collection desk
          channel: store
        """,
    )
    return site


@pytest.fixture
def example_site(tmp_path: Path) -> Project:
    """A copy of the repository's example site."""
    for name in ("docs", "journeys"):
        shutil.copytree(REPO / name, tmp_path / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("node_modules/mermaid/dist/mermaid.min.js", str(MERMAID_JS))
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return Project(tmp_path)


@pytest.fixture(autouse=True)
def _mermaid_present(request: pytest.FixtureRequest) -> None:
    if {"project", "example_site"} & set(request.fixturenames):
        require_mermaid_js()
