"""The plugin's options in ``mkdocs.yml``."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .pages.views.options import DEFAULT_REVIEW_AFTER_DAYS


class _Days(c.Type[int]):
    """A whole number of days, at least 1 (``true`` is not a number of days)."""

    def run_validation(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(
                f"expected a whole number of days, at least 1, not {value!r}"
            )
        return value


class _NavPosition(c.Type[Any]):
    """Where the journeys section goes among the navigation's top-level entries: ``end``, or a
    position counted from 1 (the first entry)."""

    def __init__(self) -> None:
        super().__init__((int, str), default="end")

    def run_validation(self, value: Any) -> int | str:
        if value == "end" or (not isinstance(value, bool) and isinstance(value, int) and value > 0):
            return value  # type: ignore[no-any-return]
        raise base.ValidationError(
            f"expected 'end' or a position in the navigation (1 is first), not {value!r}"
        )


class JourneysConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """The folder of journey maps, personas, touchpoints.yml and data/, relative to mkdocs.yml."""

    mermaid_js = c.Optional(c.Type(str))
    """Another Mermaid than the one that comes with the package: a local file (relative to
    mkdocs.yml), copied into the site and loaded from there on every page, or a URL. Left out,
    the site serves the Mermaid release bundled with journeys and makes no request outside
    itself. With mkdocs-mermaid2, its own ``javascript`` option takes precedence."""

    review_after_days = _Days(int, default=DEFAULT_REVIEW_AFTER_DAYS)
    """How many days after its ``reviewed`` date a map is due for review. The freshness page lists
    the maps past it, and each journey page says how fresh it is. "Today" is the day of the
    build, or the date in the environment variable ``JOURNEYS_TODAY`` (``YYYY-MM-DD``), which
    pins it for reproducible builds and tests."""

    nav_title = c.Type(str, default="Customer journeys")
    """The title of the navigation's one section of journeys, personas and index pages."""

    nav_position = _NavPosition()
    """Where that section goes among the top-level entries of a navigation that MkDocs (or
    awesome-pages, awesome-nav) makes: ``end``, or a position from 1. With an explicit ``nav:``,
    its entry ``- Customer journeys: journeys/index.md`` places it instead."""
