"""Query blocks: fenced blocks in hand-written pages that embed the maps, always current.

The core of it is independent of MkDocs: ``expand_query_blocks`` takes a page's Markdown and the
catalog and gives the Markdown with every block replaced, and the problems of the blocks.
"""

from __future__ import annotations

from .blocks import PageSource, expand_query_blocks, has_query_blocks
from .registry import KINDS

__all__ = ["KINDS", "PageSource", "expand_query_blocks", "has_query_blocks"]
