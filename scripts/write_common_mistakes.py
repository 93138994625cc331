"""Write docs/guide/common-mistakes.md from the table of hints (journeys/format/hints.py)."""

from __future__ import annotations

from pathlib import Path

from journeys.format.hints import PAGE, common_mistakes_page

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / PAGE
    target.write_text(common_mistakes_page(), encoding="utf-8")
    print(f"wrote {target}")
