"""Finding a project's journeys folder the way the plugin would, for the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags mean nothing here."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def journeys_dir_from_config(config_file: Path) -> Path | None:
    """The ``journeys_dir`` option of the journeys plugin in an mkdocs.yml, if it is used there."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (
            (next(iter(p.items())) if isinstance(p, dict) and p else (p, None))
            for p in (plugins or [])
        )
    )
    for name, options in entries:
        if name == "journeys":
            folder = options.get("journeys_dir") if isinstance(options, dict) else None
            return config_file.parent / (folder if isinstance(folder, str) else "journeys")
    return None


def find_journeys_dir(start: Path) -> Path:
    """The journeys folder: the plugin's ``journeys_dir`` in ./mkdocs.yml, else ./journeys."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        config_file = start / name
        if config_file.is_file():
            folder = journeys_dir_from_config(config_file)
            if folder is not None:
                return folder
    return start / "journeys"
