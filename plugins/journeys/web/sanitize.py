"""The HTML of a map's free Markdown body, made inert: nothing written in a map runs as script.

Every other text of a map is escaped where it is written (``markup.text``). The body is Markdown
with raw HTML, and the site's Markdown extensions (``attr_list`` sets any attribute) can make
script out of it; so the body is marked in the generated Markdown (:func:`mark_body`) and its
HTML, once rendered, is rebuilt (:func:`sanitize_bodies`): elements outside a list of harmless
ones are shown as text, event handler attributes are dropped, and so are links and sources
with a scheme other than http, https, mailto and tel. The output is re-serialised, so a
browser parses it exactly as it was checked.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BODY_START = "<!-- journeys:body -->"
BODY_END = "<!-- /journeys:body -->"

# What Markdown and the usual extensions produce (tables, admonitions, details, tabs, task
# lists, footnotes, code highlighting); no element whose content a browser reads as raw text
# (script, style, textarea, title, noscript...) and no foreign content (svg, math).
# fmt: off
_ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
})
_URL_ATTRIBUTES = frozenset({
    "href", "src", "cite", "action", "formaction", "poster", "background", "longdesc", "srcset",
    "xlink:href", "data",
})
# fmt: on
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these from a URL before they read its scheme ("java\tscript:").
_URL_IGNORED = re.compile(r"[\t\n\r]")


def mark_body(body: str) -> str:
    """The body between markers that :func:`sanitize_bodies` finds in the rendered page."""
    if not body.strip():
        return body
    return f"{BODY_START}\n\n{body.strip(chr(10))}\n\n{BODY_END}"


def sanitize_bodies(page_html: str) -> str:
    """The page's HTML with its marked body made inert (the page unchanged when it has none).

    From the first start marker to the end of the page, whatever the body writes: a body cannot
    end the region early with a marker of its own or a code fence left open, and the body is the
    last part of its page, though Markdown extensions put some of it further on (footnotes go
    to the page's end, after the end marker).
    """
    start = page_html.find(BODY_START)
    if start < 0:
        return page_html
    return page_html[:start] + sanitize(page_html[start + len(BODY_START) :])


def sanitize(fragment: str) -> str:
    """An HTML fragment rebuilt with harmless elements and attributes only."""
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def _safe_url(value: str) -> bool:
    scheme = _SCHEME.match(_URL_IGNORED.sub("", value).strip("\x00- "))
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> None:
        if tag not in _ALLOWED_TAGS:
            self.out.append(html.escape(self.get_starttag_text() or f"<{tag}>"))
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc" or not re.fullmatch(r"[\w:.-]+", name):
                continue
            if name in _URL_ATTRIBUTES and value is not None and not _safe_url(value):
                continue
            kept.append(name if value is None else f'{name}="{html.escape(value)}"')
        self.out.append(f"<{tag}{''.join(' ' + a for a in kept)}{close}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag: str) -> None:
        closing = f"</{tag}>"
        self.out.append(closing if tag in _ALLOWED_TAGS else html.escape(closing))

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    # Comments, declarations and processing instructions are dropped.
    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass
