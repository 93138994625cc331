"""The plugin's options in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

MERMAID_VERSION = "11.17.2"
DEFAULT_MERMAID_JS = f"https://unpkg.com/mermaid@{MERMAID_VERSION}/dist/mermaid.min.js"


class JourneysConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """The folder of journey maps, personas, touchpoints.yml and data/, relative to mkdocs.yml."""

    mermaid_js = c.Type(str, default=DEFAULT_MERMAID_JS)
    """Mermaid's JavaScript: a local file (relative to mkdocs.yml) that is copied into the site
    and loaded from there on every page, or a URL. With a local file no page makes a request
    outside the site; the default is Mermaid from a public CDN."""
