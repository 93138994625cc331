"""Counted nouns in English: "1 error", "2 severities", "4 steps in 1 stage", "an opportunity".

One small helper for every message and page, so that none says "1 errors" or "a opportunities".
"""

from __future__ import annotations

# Nouns whose plural no rule below gives.
_IRREGULAR = {"person": "people", "status": "statuses", "child": "children"}


def plural(noun: str, count: int = 2) -> str:
    """``noun`` in the plural unless ``count`` is 1; of several words, the last one changes."""
    if count == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _IRREGULAR:
        word = _IRREGULAR[lower]
    elif lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        word = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def counted(count: int, noun: str, *, thousands: bool = False) -> str:
    """``4 steps``, ``1 stage``; with ``thousands``, ``1,200 journeys``."""
    number = f"{count:,}" if thousands else str(count)
    return f"{number} {plural(noun, count)}"


def article(word: str) -> str:
    """``a`` or ``an`` before ``word``, by its first letter (``an opportunity``, ``a step``)."""
    return "an" if word[:1].lower() in "aeiou" else "a"
