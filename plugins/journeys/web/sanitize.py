"""The HTML of a map's free Markdown body, made inert by nh3 (the Rust sanitiser ammonia).

A journeys site is written by many people and read by everyone: a map is untrusted input. Every
other text of a map is escaped where it is written (``markup.text``). The body is Markdown with
raw HTML, and the site's Markdown extensions (``attr_list`` sets any attribute) can make anything
out of it; so the body is marked in the generated Markdown (:func:`mark_body`) and its HTML, once
rendered, goes through an explicit allow-list (:func:`sanitize_bodies`):

- the elements and attributes Markdown and the usual extensions write (tables, admonitions,
  details, tabs, task lists, footnotes, code highlighting, Mermaid blocks), nothing else;
- links to http, https, mailto and relative addresses; images from the site only (a page never
  loads anything from elsewhere);
- no ``id``, ``name``, ``data-*``, ``style``, ``ping``, event or form attributes: Material reads
  the first ``#__config`` of a page and drives components from any ``data-md-*`` attribute, a
  ``name`` clobbers the page's DOM, a style can lay a fixed overlay over the page. The ids that
  Markdown gives headings (``heading_ids``), footnotes and tabs are kept, checked against what
  those extensions write; classes of Material's own (``md-*``) are dropped.

What is not allowed is removed (a ``<script>`` with its content). docs/authoring-safety.md says
what a map may contain, for authors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import nh3

BODY_START = "<!-- journeys:body -->"
BODY_END = "<!-- /journeys:body -->"

# What Markdown and the usual extensions produce; no element whose content a browser reads as
# raw text (script, style, textarea, noscript...), no foreign content (svg, math), no form,
# frame or embedded document.
# fmt: off
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
})
_GENERIC_ATTRIBUTES = frozenset({"class", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(_GENERIC_ATTRIBUTES),
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"}, "time": {"datetime"},
    "td": {"colspan", "rowspan", "align", "style"}, "th": {"colspan", "rowspan", "align", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"}, "li": {"value", "id"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "id", "name"},  # task lists and tabs
    "label": {"for"},
    "sup": {"id"},  # footnote references
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
# fmt: on
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# The ids and names the extensions write, which no body can choose to be Material's own
# ("__config", "__search"...): pymdownx.tabbed's radio buttons, and footnotes ("fn:label").
_TAB_ID = re.compile(r"__tabbed_\d+_\d+")
_TAB_NAME = re.compile(r"__tabbed_\d+")
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[^\s\"'<>]+")
# Browsers drop these before reading an address: "\x01//host" and "/\host" leave the site.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def mark_body(body: str) -> str:
    """The body between markers that :func:`sanitize_bodies` finds in the rendered page."""
    if not body.strip():
        return body
    return f"{BODY_START}\n\n{body.strip(chr(10))}\n\n{BODY_END}"


def sanitize_bodies(page_html: str, heading_ids: Iterable[str] = ()) -> str:
    """The page's HTML with its marked body made inert (the page unchanged when it has none).

    From the first start marker to the end of the page, whatever the body writes: a body cannot
    end the region early with a marker of its own or a code fence left open, and the body is the
    last part of its page, though Markdown extensions put some of it further on (footnotes go
    to the page's end, after the end marker). ``heading_ids``: the ids the table of contents
    gave the page's headings, which body headings keep.
    """
    start = page_html.find(BODY_START)
    if start < 0:
        return page_html
    return page_html[:start] + sanitize(page_html[start + len(BODY_START) :], heading_ids)


def sanitize(fragment: str, heading_ids: Iterable[str] = ()) -> str:
    """An HTML fragment rebuilt with the allowed elements and attributes only."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter(frozenset(heading_ids)),
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},  # Markdown's table column alignment, only
        link_rel=None,  # Markdown's links as written: no target is allowed, so no opener
        strip_comments=True,
    )


def _attribute_filter(heading_ids: frozenset[str]) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if _allowed_id(element, value, heading_ids) else None
        if attribute == "name":
            return value if element == "input" and _TAB_NAME.fullmatch(value) else None
        if attribute == "class":
            # Material styles and drives its own components by md-* classes.
            kept = [c for c in value.split() if not c.startswith(("md-", "journeys-"))]
            return " ".join(kept) or None
        if attribute == "type" and element == "input":
            return value if value.lower() in {"checkbox", "radio"} else None
        if attribute == "src" and element == "img":
            return value if _on_the_site(value) else None
        return value

    return keep


def _allowed_id(element: str, value: str, heading_ids: frozenset[str]) -> bool:
    if element == "input":
        return _TAB_ID.fullmatch(value) is not None
    if element in {"sup", "li"}:
        return _FOOTNOTE_ID.fullmatch(value) is not None
    # A heading keeps the id the table of contents gave it, unless it is one of the theme's.
    return value in heading_ids and not value.startswith(("_", "md-"))


def _on_the_site(url: str) -> bool:
    """A relative address: no scheme, no host ("//host", "/\\host" and "\\\\host" name one)."""
    bare = _URL_IGNORED.sub("", url)
    return not _SCHEME.match(bare) and not re.match(r"^[/\\]{2}", bare)
