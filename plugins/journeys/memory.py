"""Between the saves of ``mkdocs serve``: the garbage collector's full passes, done while idle.

A served site of 1,000 journeys keeps a large heap from one build to the next (the sources, the
catalog, the pages). Each full pass of Python's cycle collector walks all of it, and a rebuild
allocates enough to trigger such passes: up to 0.6 s of a save at 1,000 journeys went to them.
Shortly after each build, with the reader looking at the page, the heap is collected once and
then frozen (``gc.freeze``), so that the next build's passes walk only what it allocates. What
the next build drops of the frozen heap is collected at the same idle moment after it, when the
heap is unfrozen first.
"""

from __future__ import annotations

import gc
import threading

IDLE_AFTER_BUILD = 1.0  # seconds: after the browsers have reloaded
_lock = threading.Lock()


def collect_when_idle() -> None:
    """Collect and freeze the heap shortly after this build (in a daemon thread)."""
    timer = threading.Timer(IDLE_AFTER_BUILD, _collect_and_freeze)
    timer.daemon = True
    timer.start()


def _collect_and_freeze() -> None:
    with _lock:  # two quick saves: one pass at a time
        gc.unfreeze()
        gc.collect()
        gc.freeze()
