"""What the views need to know beyond the catalog: today's date, the review interval and how
MkDocs writes page addresses."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

TODAY_VARIABLE = "JOURNEYS_TODAY"
DEFAULT_REVIEW_AFTER_DAYS = 365


def today_from_environment(environ: Mapping[str, str] | None = None) -> dt.date:
    """``JOURNEYS_TODAY`` (``YYYY-MM-DD``) when set, else the real date.

    Freshness depends on the day of the build; pinning it keeps a build reproducible (tests,
    a release built twice).
    """
    raw = (os.environ if environ is None else environ).get(TODAY_VARIABLE, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            f"{TODAY_VARIABLE}={raw!r} is not a date (write it as YYYY-MM-DD)"
        ) from None


@dataclass(frozen=True)
class ViewOptions:
    today: dt.date = field(default_factory=today_from_environment)
    review_after_days: int = DEFAULT_REVIEW_AFTER_DAYS
    directory_urls: bool = True  # MkDocs' use_directory_urls: `x/` rather than `x/index.html`
