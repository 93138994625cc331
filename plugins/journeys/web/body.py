"""The free Markdown below a map's front matter, made ready for its generated page.

A body may link to other source files by their relative path, as a git preview follows it
(``../personas/busy-parent.md``); such links are pointed at the generated pages instead.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

# An inline link or image target: `](target)` or `](target "title")`.
_INLINE = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+[^)]*)?\))")
# A reference definition: `[label]: target`.
_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s+.*)?)$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


def rewrite_links(body: str, source_uri: str, page_uri: str, pages: Mapping[str, str]) -> str:
    """Point links to source files at their generated pages; drop script links.

    ``source_uri`` is the body's file relative to the journeys folder, ``pages`` maps source
    files (relative to the journeys folder) to generated pages (relative to the docs).
    """

    def target(raw: str) -> str:
        if _UNSAFE_SCHEME.match(raw):
            return "#"  # a script link would run in the reader's browser
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", raw):
            return raw
        path, _, fragment = raw.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source_uri), path))
        page = pages.get(resolved)
        if page is None:
            return raw
        link = posixpath.relpath(page, posixpath.dirname(page_uri))
        return f"{link}#{fragment}" if fragment else link

    lines = []
    fence: str | None = None
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            lines.append(line)
            continue
        if opening:
            fence = opening.group(1)
            lines.append(line)
            continue
        line = _INLINE.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), line)
        line = _REFERENCE.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), line)
        lines.append(line)
    return "\n".join(lines)


# pymdownx.snippets puts a file in place of a line like `--8<-- "file"`, inside code blocks too:
# in a body, any file of the machine that builds the site could be published. A leading ';' is
# the extension's own escape, which shows the line as written.
_SNIPPET_LINE = re.compile(r"^([ \t]*)(;*-+8<-+(?:[ \t]|$))", re.MULTILINE)


def disarm_snippets(markdown: str) -> str:
    """Markdown whose snippet lines are escaped for pymdownx.snippets (use it only with it)."""
    return _SNIPPET_LINE.sub(r"\1;\2", markdown)
