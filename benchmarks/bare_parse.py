"""The floor for `journeys validate`: read every source file and parse it with libyaml, nothing
more (no line numbers, no checks, no catalog).

    .venv/bin/python benchmarks/bare_parse.py JOURNEYS_DIR
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import yaml


def bare_parse(root: Path) -> int:
    """Parse the files that `journeys validate` reads; return how many."""
    count = 0
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        for name in names:
            if name.startswith(("_", ".")) or name == "README.md":
                continue
            path = Path(folder) / name
            text = path.read_text(encoding="utf-8-sig")
            if name.endswith(".md"):
                _, front, _body = text.split("---\n", 2)
                yaml.load(front, Loader=yaml.CSafeLoader)
            elif name.endswith((".yml", ".yaml")):
                yaml.load(text, Loader=yaml.CSafeLoader)
            elif name.endswith(".csv"):
                list(csv.reader(io.StringIO(text)))
            else:
                continue
            count += 1
    return count


def main() -> None:
    print(f"parsed {bare_parse(Path(sys.argv[1]))} files")


if __name__ == "__main__":
    main()
