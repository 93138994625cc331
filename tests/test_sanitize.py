"""A map's body is free Markdown, but nothing in it runs as script on the built site."""

from __future__ import annotations

import re

import pytest

from journeys.web.sanitize import BODY_END, BODY_START, mark_body, sanitize, sanitize_bodies
from sitekit import JOURNEY, Project

KEPT = [
    "<p>a <b>b</b> <em>c</em></p>",
    '<h2 id="notes">Notes<a class="headerlink" href="#notes" title="Permanent link">¶</a></h2>',
    '<a href="https://example.org/?a=1&amp;b=2" title="&quot;q&quot;">l</a>',
    '<a href="../personas/busy-parent/">p</a>',
    '<a href="mailto:team@example.org">m</a>',
    '<img src="shoe.png" alt="a shoe">',
    '<details open=""><summary>s</summary><p>t</p></details>',
    '<div class="tabbed-set"><input checked="" id="__tabbed_1_1" name="__tabbed_1" type="radio">'
    '<label for="__tabbed_1_1">T</label></div>',
    '<table><thead><tr><th style="text-align:left">h</th></tr></thead></table>',
    '<pre class="mermaid"><code>journey\n  title T\n</code></pre>',
    '<div class="highlight"><pre><span></span><code><span class="n">x</span> &lt; 1\n</code></pre>'
    "</div>",
    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
    '<div class="footnote"><ol><li id="fn:1"><p>n</p></li></ol></div>',
    '<ul class="task-list"><li class="task-list-item">'
    '<input disabled="" type="checkbox"> t</li></ul>',
    '<div class="admonition note"><p class="admonition-title">Note</p><p>n</p></div>',
]


@pytest.mark.parametrize("fragment", KEPT)
def test_what_markdown_makes_is_kept(fragment: str) -> None:
    assert sanitize(fragment, heading_ids={"notes"}) == fragment


# (what a map writes, what the page gets): each of issue 13's attacks, and well-known XSS and
# mutation-XSS payloads.
REMOVED = [
    # 1, 2: Material reads the first #__config, and drives components from data-md-* attributes.
    ('<div id="__config">{"search": "data:x"}</div>', '<div>{"search": "data:x"}</div>'),
    ('<h2 id="__config">T</h2>', "<h2>T</h2>"),
    ('<h2 id="md-top">T</h2>', "<h2>T</h2>"),
    (
        '<a class="md-source" data-md-component="source" href="https://gitlab.example/g/p">s</a>',
        '<a href="https://gitlab.example/g/p">s</a>',
    ),
    ('<div data-md-toggle="search" data-x="1">d</div>', "<div>d</div>"),
    ('<input id="__search" type="checkbox">', '<input type="checkbox">'),
    ('<input name="__search" type="radio">', '<input type="radio">'),
    # 4: a control character before the scheme, and its other spellings.
    ('<a href="\x01javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="\x0e\x1fjavascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java&#09;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href=" JaVaScRiPt&colon;alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
    ('<a href="vbscript:x">x</a>', "<a>x</a>"),
    ('<a href="tel:123">x</a>', "<a>x</a>"),
    # 5: overlays, hidden requests on click, DOM clobbering.
    ('<div style="position:fixed;inset:0;z-index:9">x</div>', "<div>x</div>"),
    ('<table><tr><td style="position:fixed;inset:0">x</td></tr></table>', None),
    ('<a href="#a" ping="https://third.example/">p</a>', '<a href="#a">p</a>'),
    ('<img name="querySelector" src="x">', '<img src="x">'),
    ('<img id="getElementById" src="x">', '<img src="x">'),
    ('<form name="body"><input name="attributes"></form>', "<input>"),
    ('<a class="md-header md-dialog note" href="#x">x</a>', '<a class="note" href="#x">x</a>'),
    # Images from elsewhere load with the page: only the site's own.
    ('<img src="https://tracker.example/p.gif">', "<img>"),
    ('<img src="//tracker.example/p.gif">', "<img>"),
    ('<img src="/\\tracker.example/p.gif">', "<img>"),
    ('<img src="\x01//tracker.example/p.gif">', "<img>"),
    ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "<img>"),
    # Script, events, frames, forms.
    ("<script>window.x=1</script>after", "after"),
    ("<SCRIPT SRC=//x.example/x.js></SCRIPT>", ""),
    ('<img src=x onerror="alert(1)">', '<img src="x">'),
    ("<IMG SRC=x OnError=alert(1)>", '<img src="x">'),
    ("<details open ontoggle=alert(1)>", '<details open=""></details>'),
    ("<svg onload=alert(1)>", ""),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', ""),
    ("<svg><script>alert(1)</script></svg>", ""),
    ("<iframe srcdoc='<script>x</script>'></iframe>", ""),
    ("<iframe src=javascript:alert(1)></iframe>", ""),
    ("<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>", ""),
    ('<button formaction="javascript:alert(1)">b</button>', "b"),
    ('<form action="https://x.example/"><input type="submit" formaction="x"></form>', "<input>"),
    ('<input type="image" src="x" onfocus="alert(1)" autofocus>', "<input>"),
    ("<style>@import 'x'</style>", ""),
    ('<link rel="stylesheet" href="https://x.example/x.css">', ""),
    ('<meta http-equiv="refresh" content="0;url=x">', ""),
    ('<base href="https://x.example/">', ""),
    ("<!-- c --><?pi?>text", "text"),
    ("<textarea><img src=x onerror=alert(1)></textarea>", "&lt;img src=x onerror=alert(1)&gt;"),
    # Parser differentials: what a browser makes of a raw-text element inside foreign content.
    (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '&lt;p title="<img src="x">"&gt;',
    ),
    (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "",
    ),
    ('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', '<p></p><img src="1">"&gt;'),
    (
        '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) '
        'src=1>">',
        "",
    ),
    ('<a href="javascript&#0000058alert(1)">x</a>', "<a>x</a>"),
    ("<x onclick=alert(1)>text</x>", "text"),
]


@pytest.mark.parametrize(("fragment", "inert"), REMOVED)
def test_what_could_run_or_take_over_the_page_is_removed(fragment: str, inert: str | None) -> None:
    cleaned = sanitize(fragment)
    if inert is not None:
        assert cleaned == inert
    tags = " ".join(re.findall(r"<[^>]*>", cleaned))
    assert not re.search(r"\bon\w+=|javascript|position|ping|data-|\bid=|\bname=", tags)


def test_headings_keep_the_ids_of_the_table_of_contents_only() -> None:
    given = {"notes", "__config", "md-top"}
    body = '<h2 id="notes">N</h2><h3 id="mine">M</h3><h2 id="__config">C</h2>'
    assert sanitize(body, given) == '<h2 id="notes">N</h2><h3>M</h3><h2>C</h2>'


def test_only_the_marked_body_is_rebuilt() -> None:
    page = "<svg onload=ok()></svg>" + mark_body("<script>x</script>t") + "<p>after</p>"
    assert mark_body("  \n") == "  \n"  # no body, no markers: the page has no Notes section
    assert sanitize_bodies(page) == "<svg onload=ok()></svg>\n\nt\n\n<p>after</p>"


def test_a_body_cannot_end_the_region_early() -> None:
    body = f"a {BODY_END} <script>x</script> {BODY_START} <img src=x onerror=y>"
    assert "<script>" not in sanitize_bodies(mark_body(body))
    assert "onerror" not in sanitize_bodies(mark_body(body))
    # Without its end marker (a code fence left open swallows it), to the end of the page.
    assert sanitize_bodies(f"{BODY_START}<script>") == ""


def test_the_built_page_keeps_markdown_and_removes_what_could_run(project: Project) -> None:
    payload = '<script>window.x=1</script> <img src=x onerror="window.x=1">'
    attributes = '[a link](https://example.org){ onclick="window.x=1" data-md-component="source" }'
    project.write(
        "mkdocs.yml",
        (project.root / "mkdocs.yml").read_text(encoding="utf-8")
        + "  - attr_list\n  - md_in_html\n  - toc:\n      permalink: true\n",
    )
    project.write(
        "journeys/retail/click-and-collect.md",
        JOURNEY + f"\n{payload}\n\n{attributes}\n\n<div markdown>**bold**</div>\n\n"
        '## Heading one\n\n## Chosen {#__config}\n\n<h2 id="__config">Raw</h2>\n',
    )
    project.write(
        "journeys/personas/busy-parent.md",
        f"---\nname: Busy parent\n---\n{payload}\n",
    )
    project.build(strict=True)
    for address in ("journeys/click-and-collect", "personas/busy-parent"):
        page = project.html(address)
        assert "window.x" not in page
        assert "onerror" not in page
    page = project.html("journeys/click-and-collect")
    assert 'onclick="' not in page and 'data-md-component="source"' not in page
    assert '<a href="https://example.org">a link</a>' in page
    assert "<strong>bold</strong>" in page
    # Headings keep the ids Markdown's toc gives them, never one of the theme's own.
    assert re.search(r'<h2 id="heading-one">Heading one<a class="headerlink"', page)
    assert page.count('id="__config"') == 1  # Material's own, in the page's head
    assert "<h2>Raw</h2>" in page
