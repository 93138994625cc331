"""One in-process `mkdocs build` under cProfile: how much of it the plugin's handlers take.

    .venv/bin/python benchmarks/profile_build.py PROJECT_DIR SITE_DIR [STATS_FILE]

Prints JSON: the build's seconds under the profiler, the cumulative seconds of each ``on_*``
handler of the journeys plugin, and the largest Markdown page the plugin generated. Both sides
of the share are measured under the same profiler at the same time, so its overhead and any
other load on the machine roughly cancel out; the absolute seconds are larger than an
unprofiled build's. (cProfile's default clock: a CPU-time clock made it ten times slower.)
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from journeys import plugin as plugin_module
from journeys.plugin import JourneysPlugin


def profile(project: Path, site: Path, stats_file: Path | None = None) -> dict[str, object]:
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    try:
        profiler.runcall(build, config)
    finally:
        config.plugins.on_shutdown()
    stats = pstats.Stats(profiler)
    if stats_file is not None:
        stats.dump_stats(stats_file)  # for a closer look: python -m pstats STATS_FILE
    plugin_file = str(Path(plugin_module.__file__).resolve())
    total = 0.0
    handlers: dict[str, float] = {}
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        cumulative = row[3]
        if name == "build" and filename.endswith("mkdocs/commands/build.py"):
            total = max(total, cumulative)
        if str(Path(filename).resolve()) == plugin_file and name.startswith("on_"):
            handlers[name] = handlers.get(name, 0.0) + cumulative
    plugin = config.plugins["journeys"]
    assert isinstance(plugin, JourneysPlugin)
    largest = max(((len(p.markdown.encode()), p.src_uri) for p in plugin.pages), default=(0, ""))
    return {
        "build_seconds": total,
        "handlers": dict(sorted(handlers.items())),
        "generated_pages": len(plugin.pages),
        "largest_markdown": largest[0],
        "largest_markdown_page": largest[1],
    }


def main() -> None:
    project, site = Path(sys.argv[1]), Path(sys.argv[2])
    stats_file = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(profile(project, site, stats_file)))


if __name__ == "__main__":
    main()
