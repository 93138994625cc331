"""Ids and the slugs that stand in for them when an id is left out."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
ID_RULE = "an id is a slug: a-z, 0-9 and '-', starting with a letter or digit"


def slugify(text: str) -> str:
    """Return the slug of a text as the contract defines it.

    NFKD, every non-ASCII character dropped, lowercase, each run of other characters
    than ``a-z0-9`` one ``-``, ``-`` trimmed: ``"Zoë's café: 2 bags!"`` -> ``zoe-s-cafe-2-bags``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_id(value: str) -> bool:
    """Whether a text is a valid id."""
    return ID_PATTERN.match(value) is not None
