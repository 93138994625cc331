"""What the plugin does about other MkDocs plugins that sites use with it.

docs/reference/compatibility.md is the table of the plugins tested, and what to configure.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

I18N = "i18n"  # mkdocs-static-i18n
MINIFY = "minify"  # mkdocs-minify-plugin
GIT_AUTHORS = "git-authors"  # mkdocs-git-authors-plugin


def i18n_site_folder(config: MkDocsConfig) -> str:
    """The folder of the language mkdocs-static-i18n builds now: "" for the default one, else
    ``fr/``, where its pages go."""
    i18n = config.plugins.get(I18N)
    language = getattr(i18n, "current_language", None)
    default = getattr(i18n, "default_language", None)
    return f"{language}/" if language and language != default else ""


def fit_other_plugins(config: MkDocsConfig) -> list[str]:
    """Warnings for set-ups that cannot work, each naming the plugin and what to change."""
    warnings = []
    minify = config.plugins.get(MINIFY)
    if minify is not None and _option(minify, "minify_html") and _mermaid_fence_in_div(config):
        warnings.append(
            "mkdocs-minify-plugin's minify_html puts each Mermaid diagram of "
            "pymdownx.superfences' fence_div_format on one line, which Mermaid cannot read: "
            "use format: !!python/name:pymdownx.superfences.fence_code_format for the mermaid "
            "fence (Material's set-up; minify keeps <pre> as it is)"
        )
    return warnings


def _option(plugin: Any, name: str) -> Any:
    config = getattr(plugin, "config", None)
    return config.get(name) if config is not None else None


def _mermaid_fence_in_div(config: MkDocsConfig) -> bool:
    superfences = config.mdx_configs.get("pymdownx.superfences", {})
    fences = superfences.get("custom_fences", []) if isinstance(superfences, dict) else []
    return any(
        isinstance(fence, dict)
        and fence.get("name") == "mermaid"
        and getattr(fence.get("format"), "__name__", "") == "fence_div_format"
        for fence in fences
    )


# Plugins that give each page the dates or authors of its file in git.
GIT_PLUGINS = ("git-revision-date-localized", "git-authors")


def exclude_from_git_plugins(config: MkDocsConfig, src_uris: set[str], before: set[str]) -> None:
    """Pages made from many files (the indexes, a pain point's page) have no one file in git:
    the date and author plugins leave them out, through their own ``exclude`` option, instead
    of showing the time of the build or warning that "None has not been committed yet".
    ``before`` is what the last build added (`mkdocs serve` keeps the plugins)."""
    for name in GIT_PLUGINS:
        options = getattr(config.plugins.get(name), "config", None)
        globs = options.get("exclude") if options is not None else None
        if isinstance(globs, list):
            globs[:] = [g for g in globs if g not in before] + sorted(src_uris)
