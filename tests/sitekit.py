"""Helpers for tests: write a corpus into tmp_path, build it as a real site, run the real CLI.

A plain module (not conftest.py), so that test modules import it by name in any folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeys.mermaid_site import BUNDLED_MERMAID

REPO = Path(__file__).resolve().parent.parent
# The Mermaid that comes with the package: building it (./dev setup) fetches the pinned release.
MERMAID_JS = BUNDLED_MERMAID

MKDOCS_YML = """\
site_name: Test site
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
plugins:
  - search
  - journeys:
      mermaid_js: null   # the default: the Mermaid that comes with the package
markdown_extensions:
  - tables
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""

PERSONA = """\
---
name: Busy parent
role: Parent of two
---
A parent.
"""

JOURNEY = """\
---
title: Click & collect
persona: busy-parent
promise: Effortless
stages:
  - name: Awareness
    steps:
      - action: Sees an ad
        touchpoint: instagram-ad
        emotion: 4
        pains:
          - id: out-of-stock
            text: Ad shows shoes that are out of stock
            severity: high
  - name: Collection
    steps:
      - action: Queues at the desk
        touchpoint: collection-desk
        emotion: 2
        expected: 4
        pains:
          - Long queue
        opportunities:
          - id: lockers
            text: Collection lockers
            fixes: [long-queue]
            status: planned
---
The story.
"""


@dataclass
class Project:
    """A site in tmp_path: mkdocs.yml, docs/ and journeys/."""

    root: Path

    @property
    def journeys(self) -> Path:
        return self.root / "journeys"

    def write(self, relative: str, content: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    def build(self, *, strict: bool = False) -> Path:
        """Build the site the way `mkdocs build` does, in this process."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.root / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return Path(config.site_dir)

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the real `mkdocs` command line."""
        return run([sys.executable, "-m", "mkdocs", *args], cwd=self.root)

    def journeys_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return journeys_cli(*args, cwd=self.root)

    def html(self, address: str) -> str:
        return (self.root / "site" / address / "index.html").read_text(encoding="utf-8")


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def journeys_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed `journeys` command, as users run it."""
    executable = shutil.which("journeys", path=str(Path(sys.executable).parent))
    assert executable, "the journeys command is not installed: run ./dev setup"
    return run([executable, *args], cwd=cwd)


def require_mermaid_js() -> None:
    """The site serves the package's Mermaid, which installing the package fetches."""
    if not MERMAID_JS.is_file():
        message = f"{MERMAID_JS} is missing: run ./dev setup (installing the package fetches it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def write_readme_site(root: Path) -> list[str]:
    """The README's own-site set-up, copied verbatim into ``root``, with the example maps.

    Every code block of the README's "Use it in your own site" section whose first line names a
    file (``# mkdocs.yml``, ``<!-- docs/index.md -->``) is written to that file; the paths
    written are returned.
    """
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Use it in your own site\n", 1)[1].split("\n## ", 1)[0]
    written = []
    for body in re.findall(r"^```\w*\n(.*?)^```", section, re.S | re.M):
        named = re.fullmatch(r"(?:# |<!-- )([\w./-]+)(?: -->)?", body.split("\n", 1)[0].strip())
        if named:
            path = root / named.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            written.append(named.group(1))
    shutil.copytree(REPO / "journeys", root / "journeys")
    return written
