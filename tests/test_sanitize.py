"""A map's body is free Markdown, but nothing in it runs as script on the built site."""

from __future__ import annotations

import pytest

from journeys.web.sanitize import BODY_END, BODY_START, mark_body, sanitize, sanitize_bodies
from sitekit import JOURNEY, Project

KEPT = [
    "<p>a <b>b</b> <em>c</em></p>",
    '<h2 id="notes">Notes<a class="headerlink" href="#notes" title="Permanent link">¶</a></h2>',
    '<a href="https://example.org/?a=1&amp;b=2" title="&quot;q&quot;">l</a>',
    '<a href="../personas/busy-parent/">p</a>',
    '<a href="mailto:team@example.org">m</a>',
    '<img src="shoe.png" alt="a shoe" />',
    "<details open><summary>s</summary><p>t</p></details>",
    '<div class="tabbed-set" data-tabs="1:1"><input checked id="__tabbed_1_1" type="radio" />'
    '<label for="__tabbed_1_1">T</label></div>',
    '<table><thead><tr><th style="text-align: left;">h</th></tr></thead></table>',
    '<pre class="mermaid"><code>journey\n  title T\n</code></pre>',
    '<div class="highlight"><pre><span></span><code><span class="n">x</span> &lt; 1\n</code></pre>'
    "</div>",
]


@pytest.mark.parametrize("fragment", KEPT)
def test_what_markdown_makes_is_kept(fragment: str) -> None:
    assert sanitize(fragment) == fragment


@pytest.mark.parametrize(
    ("fragment", "inert"),
    [
        ("<script>window.x=1</script>", "&lt;script&gt;window.x=1&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', '<img src="x">'),
        ("<IMG SRC=x OnError=alert(1)>", '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="java&#09;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVaScRiPt&colon;alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
        ('<a href="vbscript:x">x</a>', "<a>x</a>"),
        ("<details open ontoggle=alert(1)>", "<details open>"),
        ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
        ("<iframe srcdoc='<script>x</script>'></iframe>", "&lt;iframe srcdoc=&#x27;"),
        ("<style>@import 'x'</style>", "&lt;style&gt;@import 'x'&lt;/style&gt;"),
        ('<meta http-equiv="refresh" content="0;url=x">', "&lt;meta http-equiv="),
        ("<!-- c --><?pi?>text", "text"),
        ("<img src=x onerror=alert(1)", "&lt;img src=x onerror=alert(1)"),
        # A browser reads <noscript> as raw text: the title's markup would become elements.
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
            '&lt;noscript&gt;<p title="&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;">',
        ),
    ],
)
def test_what_could_run_is_made_inert(fragment: str, inert: str) -> None:
    assert sanitize(fragment).startswith(inert)


def test_only_the_marked_body_is_rebuilt() -> None:
    page = "<svg onload=ok()></svg>" + mark_body("<script>x</script>") + "<p>after</p>"
    assert mark_body("  \n") == "  \n"  # no body, no markers: the page has no Notes section
    assert sanitize_bodies(page) == (
        "<svg onload=ok()></svg>\n\n&lt;script&gt;x&lt;/script&gt;\n\n<p>after</p>"
    )


def test_a_body_cannot_end_the_region_early() -> None:
    body = f"a {BODY_END} <script>x</script> {BODY_START} <img src=x onerror=y>"
    assert "<script>" not in sanitize_bodies(mark_body(body))
    assert "onerror" not in sanitize_bodies(mark_body(body))
    # Without its end marker (a code fence left open swallows it), to the end of the page.
    assert sanitize_bodies(f"{BODY_START}<script>") == "&lt;script&gt;"


def test_the_built_page_shows_body_markup_as_text(project: Project) -> None:
    payload = '<script>window.x=1</script> <img src=x onerror="window.x=1">'
    attributes = '[a link](https://example.org){ onclick="window.x=1" }'
    project.write(
        "mkdocs.yml",
        (project.root / "mkdocs.yml").read_text(encoding="utf-8")
        + "  - attr_list\n  - md_in_html\n",
    )
    project.write(
        "journeys/retail/click-and-collect.md",
        JOURNEY + f"\n{payload}\n\n{attributes}\n\n<div markdown>**bold**</div>\n",
    )
    project.write(
        "journeys/personas/busy-parent.md",
        f"---\nname: Busy parent\n---\n{payload}\n",
    )
    project.build(strict=True)
    for address in ("journeys/click-and-collect", "personas/busy-parent"):
        page = project.html(address)
        assert "<script>window.x" not in page
        assert "onerror" not in page.replace("onerror=&quot;", "")
        assert "&lt;script&gt;window.x=1&lt;/script&gt;" in page
    page = project.html("journeys/click-and-collect")
    assert 'onclick="' not in page
    assert '<a href="https://example.org">a link</a>' in page
    assert "<strong>bold</strong>" in page
