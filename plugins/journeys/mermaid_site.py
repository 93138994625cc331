"""Which Mermaid a site loads and who draws its diagrams, for each theme and Mermaid plugin.

The Mermaid release bundled with the package is the default, so that a site makes no request
outside itself. ``mermaid_js`` names another copy or a URL; with mkdocs-mermaid2, its own
``javascript`` option wins. Whichever it is, the script is loaded on every page, first, under a
name with ``mermaid`` in it: Material then finds a global ``mermaid`` instead of fetching one from
a CDN (on every page, for its instant navigation), and mkdocs-mermaid2 finds it among the
scripts instead of adding its own. Material draws the diagrams itself, mkdocs-mermaid2 does with
it; with MkDocs' own themes ``assets/mermaid-draw.js`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils.yaml import yaml_load

log = get_plugin_logger(__name__)

PACKAGE = Path(__file__).resolve().parent
BUNDLED_MERMAID = PACKAGE / "bundled-mermaid" / "mermaid.min.js"
MERMAID_SITE_PATH = "assets/javascripts/journeys/mermaid.min.js"
DRAW_JS = PACKAGE / "assets" / "mermaid-draw.js"
DRAW_SITE_PATH = "assets/javascripts/journeys/mermaid-draw.js"

# The themes journey pages are tested with; Material is the one the docs recommend.
THEMES = ("material", "mkdocs", "readthedocs")
# MkDocs' own themes load highlight.js from a CDN unless told not to.
CDN_HIGHLIGHTING_THEMES = ("mkdocs", "readthedocs")


@dataclass
class MermaidSetUp:
    """What the plugin adds to the site for Mermaid: files (site path -> source), and whether
    generated pages need their title written as a heading (Material writes it itself)."""

    files: dict[str, Path] = field(default_factory=dict)
    needs_titles: bool = False


def set_up_mermaid(config: MkDocsConfig, mermaid_js: str | None) -> MermaidSetUp:
    """Check the theme, choose the Mermaid script, and put it first on every page."""
    theme = config.theme.name
    if theme not in THEMES:
        raise PluginError(
            f"journeys: the theme {theme or '(a custom_dir without a name)'!r} is not supported: "
            "journey pages are made for the themes 'material' (recommended), 'mkdocs' and "
            "'readthedocs'; set theme.name in mkdocs.yml to one of them"
        )
    set_up = MermaidSetUp(needs_titles=theme != "material")
    if theme in CDN_HIGHLIGHTING_THEMES:
        _no_cdn_highlighting(config)
    script = _mermaid_script(config, mermaid_js, set_up)
    if script is not None:
        # Loaded on every page, not async: Material's instant navigation needs it everywhere.
        config.extra_javascript.insert(0, ExtraScriptValue(script))
    if theme != "material" and "mermaid2" not in config.plugins:
        set_up.files[DRAW_SITE_PATH] = DRAW_JS
        config.extra_javascript.insert(1, ExtraScriptValue(DRAW_SITE_PATH))
    return set_up


def _mermaid_script(
    config: MkDocsConfig, mermaid_js: str | None, set_up: MermaidSetUp
) -> str | None:
    """The address pages load Mermaid from (a local file is added to ``set_up.files``), or
    None when mkdocs-mermaid2 imports it as an ES module itself."""
    base = Path(config.config_file_path or ".").resolve().parent
    mermaid2 = config.plugins.get("mermaid2")
    javascript = getattr(mermaid2, "config", {}).get("javascript") if mermaid2 else None
    if javascript:
        if mermaid_js and mermaid_js != javascript:
            log.warning(
                f"mermaid_js '{mermaid_js}' is not used: mkdocs-mermaid2's javascript "
                f"'{javascript}' is the Mermaid of this site (keep one of the two)"
            )
        if javascript.endswith(".mjs"):
            if config.theme.name == "material":
                log.warning(
                    f"mkdocs-mermaid2's javascript '{javascript}' is an ES module, which "
                    "leaves pages without a global 'mermaid', so Material fetches another Mermaid "
                    "from a CDN: give mermaid.min.js instead, or leave javascript out to use the "
                    "Mermaid that comes with journeys"
                )
            return None
        if _is_url(javascript):
            return str(javascript)
        # mermaid2 reads a local javascript relative to docs_dir, as a page of the site.
        source = Path(config.docs_dir) / javascript
        where, relative_to = f"mkdocs-mermaid2's javascript '{javascript}'", "docs_dir"
    elif mermaid_js:
        if _is_url(mermaid_js):
            return mermaid_js
        source = base / mermaid_js
        where, relative_to = f"mermaid_js '{mermaid_js}'", "mkdocs.yml"
    else:
        if not BUNDLED_MERMAID.is_file():
            raise PluginError(
                f"journeys: the Mermaid that comes with the journeys package is missing "
                f"({BUNDLED_MERMAID}): install the package again (pip install --force-reinstall "
                "journeys), or set the plugin's mermaid_js to a copy of Mermaid or a URL"
            )
        set_up.files[MERMAID_SITE_PATH] = BUNDLED_MERMAID
        return MERMAID_SITE_PATH
    if not source.is_file():
        raise PluginError(
            f"journeys: {where} is not a file (no {source}): give the path of a copy of "
            f"mermaid.min.js relative to {relative_to}, or a URL, or leave it out to use the "
            "Mermaid that comes with journeys"
        )
    if source.suffix == ".mjs":
        raise PluginError(f"journeys: {where} is an ES module: give mermaid.min.js")
    set_up.files[MERMAID_SITE_PATH] = source
    return MERMAID_SITE_PATH


def _is_url(value: str) -> bool:
    return "://" in value or value.startswith("//")


def _no_cdn_highlighting(config: MkDocsConfig) -> None:
    """MkDocs' own themes load highlight.js from a CDN (and fail offline with 'hljs is not
    defined'): it is turned off unless mkdocs.yml asks for it."""
    if not config.theme.get("highlightjs") or _theme_option_given(config, "highlightjs"):
        return
    config.theme["highlightjs"] = False
    log.info(
        f"the {config.theme.name} theme's highlight.js, which comes from a CDN, is "
        "turned off so that the site makes no request outside itself (theme.highlightjs: true "
        "in mkdocs.yml turns it on)"
    )


def _theme_option_given(config: MkDocsConfig, name: str) -> bool:
    """Whether mkdocs.yml itself sets theme.<name> (not the theme's default)."""
    if not config.config_file_path:
        return False
    try:
        with Path(config.config_file_path).open("rb") as file:
            raw: Any = yaml_load(file)  # MkDocs' own reader: its tags, !ENV and INHERIT
    except Exception:  # MkDocs has read this file already: this is only a second look
        return False
    theme = raw.get("theme") if isinstance(raw, dict) else None
    return isinstance(theme, dict) and name in theme
