"""A copy of a site built with `mkdocs build --strict` and served on 127.0.0.1, as readers get it.

The copy gets a hostile journey and persona (markup and script links in every text) and its
``site_url`` set to the address it is served at (Material's instant navigation needs that).
The build runs with HTTP(S)_PROXY pointing at a closed local port: a build that reached for the
network (mkdocs-mermaid2 fetching its own Mermaid) fails instead of hanging.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from journeys.catalog import Catalog, load_catalog
from journeys.pages.views import TODAY_VARIABLE
from journeys.web import addresses

REPO = Path(__file__).resolve().parents[2]

# What a hostile map writer puts in every text: each must show as text and never run.
PAYLOAD = (
    "<script>window.__pwned=1</script> "
    '<img src=x onerror="window.__pwned=1"> '
    "javascript:window.__pwned=1 "
    "<svg onload=alert(1)>"
)

# Words that occur nowhere else in the site: search must find the item by each one alone.
ACTION_WORD = "zephyrine"
PAIN_WORD = "quillwort"
PERSONA_WORD = "marrowind"

BUILD_DAY = "2026-10-01"

HOSTILE_JOURNEY_ID = "hostile-markup"
HOSTILE_PERSONA_ID = "hostile-persona"
HOSTILE_PAIN_ID = "hostile-pain"


def _y(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML string, whatever it holds


HOSTILE_PERSONA = f"""\
---
name: {_y(f"Marrowind {PAYLOAD}")}
id: {HOSTILE_PERSONA_ID}
role: {_y(PAYLOAD)}
segment: {_y(PAYLOAD)}
quote: {_y(PAYLOAD)}
goals: [{_y(PAYLOAD)}]
needs: [{_y(PAYLOAD)}]
frustrations: [{_y(PAYLOAD)}]
tags: [hostile]
---
A persona whose texts hold markup: {PAYLOAD}

[A script link](javascript:window.__pwned=1)
"""

HOSTILE_JOURNEY = f"""\
---
title: {_y(f"Hostile {PAYLOAD}")}
id: {HOSTILE_JOURNEY_ID}
persona: {HOSTILE_PERSONA_ID}
owner: {_y(PAYLOAD)}
promise: {_y(PAYLOAD)}
reviewed: 2026-09-01
tags: [hostile]
stages:
  - name: {_y(f"Stage {PAYLOAD}")}
    id: first-stage
    steps:
      - action: {_y(f"Zephyrine {PAYLOAD}")}
        id: hostile-step
        touchpoint: {_y(f"Touchpoint {PAYLOAD}")}
        channel: {_y(PAYLOAD)}
        emotion: 1
        expected: 5
        thought: {_y(PAYLOAD)}
        questions: [{_y(PAYLOAD)}]
        actors: [{_y(f"Actor {PAYLOAD}")}, Second actor]
        backstage: {_y(PAYLOAD)}
        pains:
          - id: {HOSTILE_PAIN_ID}
            text: {_y(f"Quillwort {PAYLOAD}")}
            severity: critical
            evidence: [{_y(PAYLOAD)}]
        opportunities:
          - id: hostile-opportunity
            text: {_y(f"Opportunity {PAYLOAD}")}
            fixes: [{HOSTILE_PAIN_ID}]
            owner: {_y(PAYLOAD)}
        metrics: {{hostile_metric: 3}}
      - action: {_y(f"Second step {PAYLOAD}")}
        id: second-step
        emotion: 5
  - name: {_y(f"Later {PAYLOAD}")}
    id: second-stage
    steps:
      - action: {_y(f"Third step {PAYLOAD}")}
        id: third-step
        emotion: 3
---
The story, with markup in it: {PAYLOAD}

<script>window.__pwned=1</script>

<img src=x onerror="window.__pwned=1">

[A script link](javascript:window.__pwned=1) and
<a href="javascript:window.__pwned=1">a raw one</a>.
"""


@dataclass
class ServedSite:
    """A built site served over HTTP: its sources, its build and its address."""

    name: str
    root: Path  # the project: mkdocs.yml, docs/, journeys/
    url: str  # http://127.0.0.1:<port>/, the site_url it was built with
    catalog: Catalog
    build_log: str

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def address(self, src_uri: str) -> str:
        """The URL of the page built from ``src_uri`` (``journeys/x.md``)."""
        return self.url + addresses.url(src_uri)

    def html(self, src_uri: str) -> str:
        page = self.site_dir / addresses.url(src_uri, directory_urls=False)
        return page.read_text(encoding="utf-8")

    def journey_pages(self) -> list[str]:
        return [addresses.journey(journey_id) for journey_id in self.catalog.journeys]

    def hostile_touchpoint(self) -> str:
        step = self.catalog.journeys[HOSTILE_JOURNEY_ID].stages[0].steps[0]
        assert step.touchpoint
        return step.touchpoint

    def page_types(self) -> dict[str, str]:
        """One page of every kind the plugin generates: name -> src_uri."""
        kinds = {
            "journey": addresses.journey(HOSTILE_JOURNEY_ID),
            "persona": addresses.persona(HOSTILE_PERSONA_ID),
            "pain point": addresses.pain_point(HOSTILE_PAIN_ID),
            "touchpoint": addresses.touchpoint(self.hostile_touchpoint()),
            "journeys index": addresses.JOURNEYS,
            "personas index": addresses.PERSONAS,
            "pain points index": addresses.PAIN_POINTS,
            "touchpoints index": addresses.TOUCHPOINTS,
            "opportunities index": addresses.OPPORTUNITIES,
            "home": "index.md",
        }
        # Index pages a newer plugin adds (map views) are checked once they are built.
        for name, uri in (
            ("portfolio", getattr(addresses, "PORTFOLIO", "")),
            ("backlog", getattr(addresses, "BACKLOG", "")),
            ("freshness", getattr(addresses, "FRESHNESS", "")),
        ):
            if uri and (self.site_dir / uri.removesuffix(".md")).with_suffix(".html").is_file():
                kinds[name] = uri
        return kinds


def source_project() -> Path:
    """The site under test: the example site, or the project named by JOURNEYS_BROWSER_SITE.

    A team checks its own corpus with ``JOURNEYS_BROWSER_SITE=path/to/project pytest
    tests/browser`` (the folder that holds its mkdocs.yml, docs/ and journeys/).
    """
    return Path(os.environ.get("JOURNEYS_BROWSER_SITE") or REPO).resolve()


def copy_project(source: Path, target: Path, mermaid_js: Path, *, hostile: bool = True) -> None:
    """Copy mkdocs.yml, docs/ and the journeys folder; add the hostile maps unless told not to."""
    target.mkdir(parents=True, exist_ok=True)
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    journeys = _folder(config, "journeys_dir", "journeys")
    docs = _folder(config, "docs_dir", "docs")
    for name in {docs, journeys}:
        shutil.copytree(source / name, target / name, dirs_exist_ok=True)
    # A site that names its own Mermaid gets the pinned one, by absolute path (the copy is
    # elsewhere); without mermaid_js it serves the package's own.
    config = re.sub(
        r"^(\s*mermaid_js:).*$",
        lambda m: f"{m.group(1)} {json.dumps(str(mermaid_js))}",
        config,
        count=1,
        flags=re.M,
    )
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if not hostile:
        return
    (target / journeys / "personas" / f"{HOSTILE_PERSONA_ID}.md").write_text(
        HOSTILE_PERSONA, encoding="utf-8"
    )
    (target / journeys / "hostile" / f"{HOSTILE_JOURNEY_ID}.md").parent.mkdir(exist_ok=True)
    (target / journeys / "hostile" / f"{HOSTILE_JOURNEY_ID}.md").write_text(
        HOSTILE_JOURNEY, encoding="utf-8"
    )


def _folder(config: str, key: str, default: str) -> str:
    """A folder option of mkdocs.yml, read as text (the file holds !!python tags)."""
    found = re.search(rf"^\s*{key}:\s*(\S+)", config, re.M)
    return found.group(1).strip("'\"") if found else default


def use_mermaid2(root: Path) -> None:
    """Switch a copied config from Material's Mermaid fence to mkdocs-mermaid2, as its docs say."""
    path = root / "mkdocs.yml"
    config = path.read_text(encoding="utf-8")
    config, plugins = re.subn(
        r"^plugins:\n", "plugins:\n  - mermaid2\n", config, count=1, flags=re.M
    )
    config, fences = re.subn(
        r"!!python/name:pymdownx\.superfences\.fence_code_format",
        "!!python/name:mermaid2.fence_mermaid_custom",
        config,
    )
    assert plugins == 1 and fences == 1, "mkdocs.yml has no plugins list or no mermaid fence"
    path.write_text(config, encoding="utf-8")


def set_site_url(root: Path, url: str) -> None:
    path = root / "mkdocs.yml"
    config = path.read_text(encoding="utf-8")
    config, found = re.subn(r"^site_url:.*$", f"site_url: {url}", config, count=1, flags=re.M)
    if not found:
        config = f"site_url: {url}\n{config}"
    path.write_text(config, encoding="utf-8")


def build(root: Path) -> str:
    """`mkdocs build --strict` with every proxy set to a closed local port; returns the log."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: every connection is refused
        proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
        env = {
            key: value
            for key, value in os.environ.items()
            if key.lower() not in {"no_proxy", "http_proxy", "https_proxy", "all_proxy"}
        }
        env |= {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
        env.setdefault(TODAY_VARIABLE, BUILD_DAY)  # review dates read the same on any day
        env |= dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"), proxy)
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    # --strict does not fail on everything that is logged as a warning (measured with -q).
    problems = [line for line in log.splitlines() if re.match(r"(WARNING|ERROR)\b", line)]
    assert problems == [], "\n".join(problems)
    return log


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served_site(
    name: str, root: Path, mermaid_js: Path, *, mermaid2: bool = False, hostile: bool = True
) -> Iterator[ServedSite]:
    """Copy the site under test into ``root``, build it for its port, and serve it."""
    source = source_project()
    copy_project(source, root, mermaid_js, hostile=hostile)
    if mermaid2:
        use_mermaid2(root)
    handler = partial(_QuietHandler, directory=str(root / "site"))
    # The port is taken before the build, which needs the address for site_url.
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        set_site_url(root, url)
        log = build(root)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            config = (root / "mkdocs.yml").read_text(encoding="utf-8")
            catalog = load_catalog(root / _folder(config, "journeys_dir", "journeys"), root)
            yield ServedSite(name, root, url, catalog, log)
        finally:
            server.shutdown()
            thread.join(timeout=10)
