"""Rows of the big pages kept from one incremental generation to the next.

A page that lists every journey or pain point has to be made again after any edit, but only a
few of its thousands of rows change. A row is made by a function of the values it is given
(``inputs``), and ``row`` hands back last time's row when the inputs of its key compare equal
(``==``, by value: the parsed objects of unchanged files are the same objects, so most compare
by identity at once). The rows are byte for byte what the function makes: it is pure.

Only a generation under ``remembering`` (``incremental.py``, one ``RowMemo`` per page maker)
keeps rows; any other, ``journeys render`` or a full build, makes every row, which is what the
tests compare the incremental pages with.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")


class RowMemo:
    """The rows one page maker made last time, with the inputs each was made from."""

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self._now: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}

    def row(self, key: Hashable, inputs: tuple[Any, ...], make: Callable[..., T]) -> T:
        kept = self._now.get(key) or self._last.get(key)
        if kept is not None and kept[0] == inputs:
            made: T = kept[1]
        else:
            made = make(*inputs)
        self._now[key] = (inputs, made)
        return made

    def finish(self) -> None:
        """Keep only the rows of this generation (a row no longer shown is dropped)."""
        self._last, self._now = self._now, {}

    def __len__(self) -> int:
        return len(self._last)


_CURRENT: ContextVar[RowMemo | None] = ContextVar("journeys_row_memo", default=None)


def row(key: Hashable, inputs: tuple[Any, ...], make: Callable[..., T]) -> T:
    """``make(*inputs)``, or the same row of the last generation made from equal inputs.

    ``key`` tells the rows of one page apart (with the row's kind: ``("pain", pain_id)``);
    ``make`` must read nothing but its arguments.
    """
    memo = _CURRENT.get()
    if memo is None:
        return make(*inputs)
    return memo.row(key, inputs, make)


@contextmanager
def remembering(memo: RowMemo) -> Iterator[None]:
    """Rows made inside come from and go to ``memo``."""
    token = _CURRENT.set(memo)
    try:
        yield
    finally:
        _CURRENT.reset(token)
        memo.finish()
