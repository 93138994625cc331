"""Whether an SVG file is a picture only: the site serves persona images on its own origin.

An SVG opened on its own is a document: a ``<script>`` in it, an event attribute, a
``foreignObject`` holding HTML, or a reference to another host runs or loads on the site's
origin. Such an SVG is refused (the author exports it again as a plain picture, or uses PNG)
rather than rewritten: a rewritten picture may draw differently from what its author saw.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

MAX_SVG_BYTES = 5_000_000

# Elements that run script, hold HTML or embed other documents.
_NEVER = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "html"}
)
# Animations that could set an address ("href" to javascript:) after the check.
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
_HREF = frozenset({"href", "xlink:href"})
# In a style: url(...) to anything but an element of the same file, and @import.
_OUTSIDE_STYLE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
_XLINK = "http://www.w3.org/1999/xlink"


class UnsafeSvg(Exception):
    """What makes an SVG more than a picture, and on which line of it."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def svg_problem(path: Path, name: str) -> str | None:
    """Why the SVG at ``path`` (shown as ``name``) may not be served; None when it is a picture
    only."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SVG_BYTES + 1)
    except OSError as error:
        return f"'{name}' cannot be read ({error.strerror})"
    if len(data) > MAX_SVG_BYTES:
        return (
            f"'{name}' is over {MAX_SVG_BYTES // 1_000_000} MB (a persona's image needs far less)"
        )
    try:
        check_svg(data)
    except UnsafeSvg as unsafe:
        return (
            f"'{name}', line {unsafe.line}: {unsafe.message}: an SVG on the site must be a "
            "picture only (no script, event attributes, foreignObject or references outside "
            "the file); export it again as a plain SVG, or use PNG"
        )
    return None


def check_svg(data: bytes) -> None:
    """Raise :class:`UnsafeSvg` unless ``data`` is a well-formed SVG that is a picture only."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(message: str) -> None:
        raise UnsafeSvg(parser.CurrentLineNumber, message)

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local.lower() in _NEVER:
            refuse(f"it holds <{local}>")
        for key, value in attributes.items():
            namespace, _, attribute = key.rpartition(" ")
            qualified = f"xlink:{attribute}" if namespace == _XLINK else attribute
            if attribute.lower().startswith("on"):
                refuse(f"<{local}> has the event attribute {attribute}")
            if qualified in _HREF and not value.strip().startswith("#"):
                refuse(f"<{local}> refers to {value.strip()[:80]!r}, outside the file")
            if attribute == "style" and _OUTSIDE_STYLE.search(value):
                refuse(f"<{local}> has a style that loads from outside the file")
            if (
                local.lower() in _ANIMATIONS
                and attribute == "attributeName"
                and value.strip() in _HREF
            ):
                refuse(f"<{local}> changes an address")

    def text(data: str) -> None:
        if _OUTSIDE_STYLE.search(data):
            refuse("a style loads from outside the file")

    def doctype(*_args: object) -> None:
        refuse("it has a DOCTYPE (entities can expand without end or read other files)")

    def instruction(target: str, _data: str) -> None:
        refuse(f"it has the processing instruction <?{target}?>")

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[str] = []
    first = parser.StartElementHandler

    def first_start(name: str, attributes: dict[str, str]) -> None:
        root.append(name.rsplit(" ", 1)[-1])
        parser.StartElementHandler = start
        first(name, attributes)

    parser.StartElementHandler = first_start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code]
        raise UnsafeSvg(error.lineno, f"it is not well-formed XML ({reason})") from None
    if root != ["svg"]:
        raise UnsafeSvg(1, "it is not an SVG (its first element is not <svg>)")
