"""Write docs/reference/keys.md from the key table (plugins/journeys/format/keys.py)."""

from __future__ import annotations

from pathlib import Path

from journeys.format.reference import PAGE, key_reference

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / PAGE
    target.write_text(key_reference(), encoding="utf-8")
    print(f"wrote {target}")
