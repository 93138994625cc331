"""Bodies turned into sanitised HTML ahead of time, for pages that another MkDocs builds.

``journeys render`` writes the generated pages as Markdown for a site that may not run the
journeys plugin, so nothing would sanitise a map's body there. Each body is converted here with
the usual extensions and held to the same allow-list as the plugin's build (``sanitize``); the
page gets it as a block of raw HTML, which Markdown passes through untouched.
"""

from __future__ import annotations

from typing import Any

import markdown
from pymdownx.superfences import fence_code_format

from .sanitize import BODY_START, sanitize

# What the example site and most Material sites enable; enough for the bodies people write.
EXTENSIONS: list[str] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "pymdownx.superfences": {
        "custom_fences": [
            {
                "name": "mermaid",
                "class": "mermaid",
                "format": fence_code_format,
            }
        ]
    },
    "pymdownx.tabbed": {"alternate_style": True},
}


def prerender_bodies(page_markdown: str) -> str:
    """The page with its marked body (to the page's end) as sanitised HTML."""
    start = page_markdown.find(BODY_START)
    if start < 0:
        return page_markdown
    html = body_html(page_markdown[start + len(BODY_START) :])
    return f'{page_markdown[:start]}{BODY_START}\n\n<div class="journeys-body">\n{html}\n</div>\n'


def body_html(body: str) -> str:
    """A body's Markdown as sanitised HTML, safe in any Markdown page.

    Braces become character references: a page template plugin (mkdocs-macros) would run
    ``{{ ... }}`` as a template. Sanitised HTML holds no raw-text element, so a reference is
    read as the character everywhere in it.
    """
    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    html = converter.convert(body)
    ids = _ids(getattr(converter, "toc_tokens", []))
    return sanitize(html, ids).replace("{", "&#123;").replace("}", "&#125;")


def _ids(tokens: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for token in tokens:
        found.add(str(token["id"]))
        found |= _ids(token.get("children", []))
    return found
