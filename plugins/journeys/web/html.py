"""Small pieces for writing raw HTML and SVG into the generated Markdown.

Every text from a source goes through :func:`esc`: besides HTML's own ``& < > " '``, the
characters that Markdown extensions, templating plugins or MkDocs hooks might act on become
numeric character references, which HTML and inline SVG show as the character itself.
Every text is put on one line, so no source text can end a raw HTML block or start a line
that a Markdown preprocessor reads (snippets, admonitions).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_SPECIAL = re.compile(r"[&<>\"'\\`*_\[\]{}#|~^=$:%]")


def esc(value: str) -> str:
    """Source text as inert HTML text or attribute value, on one line."""
    flat = _SPACE.sub(" ", value).strip()
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", flat)


def num(value: float) -> str:
    """A coordinate: one decimal at most, no ``-0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def a(href: str, label_html: str, css: str = "") -> str:
    """A link; ``href`` is an address we built, ``label_html`` is already escaped."""
    cls = f' class="{css}"' if css else ""
    return f'<a href="{href}"{cls}>{label_html}</a>'


def block(css: str, *lines: str) -> str:
    """A raw HTML block for the Markdown page: one ``<div>``, no blank line inside."""
    inner = "\n".join(line for line in lines if line)
    return f'<div class="{css}">\n{inner}\n</div>'
