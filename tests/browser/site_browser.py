"""Reading a served site in Chromium as a reader gets it: pages, Mermaid diagrams, search, axe.

Material draws each Mermaid diagram into a closed shadow root; every page opened here gets an
init script that opens them, so that a test can see the SVG (and axe can check it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeys.catalog import Catalog
from journeys.format.model import Journey

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Dialog,
        Error,
        Page,
        Response,
        Route,
    )

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"

TIMEOUT_MS = 15_000  # every wait is bounded; a page of the example site renders in about 1 s

OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, {...init, mode: 'open'});
  };
})();
"""

MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)

# Every diagram of the page drawn: no <pre class="mermaid"> left, an SVG in each host.
DIAGRAMS_DRAWN = """
(count) => {
  if (document.querySelector('pre.mermaid')) return false;
  const hosts = [...document.querySelectorAll('div.mermaid')];
  return hosts.length === count && hosts.every(h => (h.shadowRoot || h).querySelector('svg'));
}
"""

# What each drawn diagram shows. Material keeps the SVG in the host's shadow root; a
# <div class="mermaid"> that Mermaid itself ran holds it directly.
DRAWN = """
() => [...document.querySelectorAll('div.mermaid')].map(host => {
  const svg = (host.shadowRoot || host).querySelector('svg');
  if (!svg) return null;
  const id = (attr) => (svg.getAttribute(attr) || '').split(' ').filter(Boolean);
  const text = (ids) => ids.map(i => svg.querySelector('#' + CSS.escape(i))?.textContent ?? null);
  return {
    type: svg.getAttribute('aria-roledescription'),
    accTitle: text(id('aria-labelledby')),
    accDescr: text(id('aria-describedby')),
    tasks: [...svg.querySelectorAll('text.task')].map(t => t.textContent),
    sections: [...svg.querySelectorAll('text.journey-section')].map(t => t.textContent),
    syntaxError: svg.textContent.includes('Syntax error'),
    width: svg.getBoundingClientRect().width,
  };
})
"""

# What Mermaid's parser holds for a journey diagram, its placeholders for entity codes shown as
# Mermaid shows them (decodeEntities, then HTML): a JavaScript function for page.evaluate().
DIAGRAM_DB = """
const diagramDb = (d) => {
  const shown = (s) => {
    const t = document.createElement('template');
    t.innerHTML = s.replace(/\\ufb02\\u00b0\\u00b0/g, '&#').replace(/\\ufb02\\u00b0/g, '&')
      .replace(/\\u00b6\\u00df/g, ';');
    return t.content.textContent;
  };
  return {
    title: shown(d.db.getDiagramTitle()),
    accTitle: shown(d.db.getAccTitle()),
    accDescr: shown(d.db.getAccDescription()),
    sections: d.db.getSections().map(shown),
    tasks: d.db.getTasks().map(t => ({
      section: shown(t.section), task: shown(t.task), score: t.score,
      people: t.people.map(shown),
    })),
  };
};
"""

# Mermaid's own parser: what the site's Mermaid makes of a diagram text.
READ_DIAGRAM = (
    "async (text) => {"
    + DIAGRAM_DB
    + """
  const d = await mermaid.mermaidAPI.getDiagramFromText(text);
  return {type: d.type, ...diagramDb(d)};
}
"""
)


@dataclass
class Visit:
    """A page in a browser context of its own, and what it did."""

    page: Page
    base: str  # the served site's address: anything else is outside
    outside: list[str] = field(default_factory=list)  # requests elsewhere, refused
    missing: list[str] = field(default_factory=list)  # requests the site answered with an error
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        assert response is not None and response.ok, f"{url}: {response and response.status}"

    def clean(self) -> dict[str, list[str]]:
        """Everything that went wrong, by kind: empty when the page behaved."""
        found = {
            "requests outside the site": self.outside,
            # The hostile texts' <img src=x> is the one broken image a site may have.
            "missing files": [url for url in self.missing if not url.endswith("/x")],
            "console errors": self.console_errors,
            "uncaught errors": self.page_errors,
            "dialogs": self.dialogs,
        }
        return {kind: list(items) for kind, items in found.items() if items}

    def _on_console(self, message: ConsoleMessage) -> None:
        # A missing file is logged without its address: _on_response records it with one.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.missing.append(f"{response.status} {response.url}")

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{self.page.url}: {error}")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@contextmanager
def visit(browser: Browser, base: str, **context_options: Any) -> Iterator[Visit]:
    """A new context (``viewport``, ``color_scheme``...) with one page, watched as ``Visit``."""
    context: BrowserContext = browser.new_context(**context_options)
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        watched = Visit(page, base)
        # On the context, so that requests of workers (search) are seen too.
        context.route("**/*", watched._route)
        page.on("console", watched._on_console)
        page.on("pageerror", watched._on_page_error)
        page.on("dialog", watched._on_dialog)
        context.on("response", watched._on_response)
        yield watched
    finally:
        context.close()


def diagram_texts(page_html: str) -> list[str]:
    """The Mermaid diagrams of a built page, as the page's text holds them."""
    return [html.unescape(block) for block in MERMAID_BLOCK.findall(page_html)]


def wait_for_diagrams(page: Page, count: int) -> list[dict[str, Any]]:
    """Wait until the page's ``count`` diagrams are drawn; what each one shows."""
    page.wait_for_function(DIAGRAMS_DRAWN, arg=count, timeout=TIMEOUT_MS)
    drawn: list[dict[str, Any]] = page.evaluate(DRAWN)
    return drawn


def read_diagram(page: Page, text: str) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(READ_DIAGRAM, text)
    return result


def expected_diagram(catalog: Catalog, journey: Journey) -> dict[str, Any]:
    """What the journey's diagram must read back as: the sources, exactly."""
    return {
        "sections": [stage.name for stage in journey.stages],
        "tasks": [
            {
                "section": stage.name,
                "task": step.action,
                "score": step.emotion,
                "people": catalog.actors_of(journey, step),
            }
            for stage in journey.stages
            for step in stage.steps
        ],
    }


# axe does not check the contrast of SVG text, so the journey diagram's texts are checked here:
# each text's colour against what is painted beneath its middle (shapes of the diagram, then
# the page), alpha included; 4.5:1, or 3:1 for large text, as WCAG 1.4.3 asks.
DIAGRAM_CONTRAST = """
() => {
  const host = [...document.querySelectorAll('div.mermaid')]
    .find(h => h.shadowRoot?.querySelector('svg[aria-roledescription="journey"]'));
  const root = host.shadowRoot;
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const lum = (c) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (x, y) => {
    const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const paint = (el) => {
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') return null;
    let c;
    if (el instanceof SVGElement) {
      if (!['rect', 'circle', 'ellipse', 'path', 'polygon'].includes(el.tagName)) return null;
      c = parse(cs.fill);
      if (c) c.a *= parseFloat(cs.fillOpacity) * parseFloat(cs.opacity);
    } else {
      c = parse(cs.backgroundColor);
      if (c) c.a *= parseFloat(cs.opacity);
    }
    return c && c.a > 0 ? c : null;
  };
  const isText = (el) => el.tagName === 'text' || el.tagName === 'tspan' || (
    !(el instanceof SVGElement) && [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim()));
  const texts = [...root.querySelectorAll('svg text, svg foreignObject *')]
    .filter(el => isText(el) && el.tagName !== 'tspan')
    .filter(el => el.getClientRects().length && el.getBoundingClientRect().width > 0);
  const poor = [];
  for (const el of texts) {
    el.scrollIntoView({block: 'center', inline: 'center'});
    const box = el.getBoundingClientRect();
    const stack = root.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
      .filter(e => e !== el && !el.contains(e) && !isText(e));
    let under = {r: 255, g: 255, b: 255, a: 1};  // the canvas
    for (const e of stack.reverse()) {
      const c = paint(e);
      if (c) under = over(c, under);
    }
    const cs = getComputedStyle(el);
    const fg = parse(el instanceof SVGElement ? cs.fill : cs.color);
    if (!fg) continue;
    if (el instanceof SVGElement) fg.a *= parseFloat(cs.fillOpacity);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(cs.fontWeight, 10) >= 700);
    const r = ratio(over(fg, under), under);
    if (r < (large ? 3 : 4.5)) {
      poor.push({text: el.textContent.trim().slice(0, 40), ratio: Math.round(r * 100) / 100,
                 color: cs.fill + ' / ' + cs.color, under: JSON.stringify(under)});
    }
  }
  return {checked: texts.length, poor};
}
"""


def run_axe(page: Page, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page, each with its first targets.

    ``exclude``: CSS selectors of elements left out (what a test planted on purpose).
    """
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(
        """async (exclude) => {
          const context = {include: [['html']], exclude: exclude.map(s => [s])};
          const result = await axe.run(context, {resultTypes: ['violations']});
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.length,
                        targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                        why: v.nodes.slice(0, 1).map(n => (n.any[0] || n.all[0] || {}).message)}));
        }""",
        list(exclude),
    )
    return violations


def diagram_contrast(page: Page) -> dict[str, Any]:
    """How many texts of the journey diagram were checked, and those below WCAG's contrast."""
    result: dict[str, Any] = page.evaluate(DIAGRAM_CONTRAST)
    return result


def search(page: Page, word: str) -> list[str]:
    """Type ``word`` into Material's search box; the addresses of the results.

    The box ignores what was typed before its worker has loaded the index, so the word is
    typed again until results (or "No matching documents") show, within TIMEOUT_MS.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # installed or skipped

    page.locator("label.md-search__icon[for='__search'], input.md-search__input").first.click()
    box = page.locator("input.md-search__input")
    answered = (
        "() => document.querySelector('.md-search-result__list li') ||"
        " /no matching/i.test(document.querySelector('.md-search-result__meta')?.textContent)"
    )
    for _attempt in range(TIMEOUT_MS // 2_000):
        box.fill("")
        box.press_sequentially(word)
        try:
            page.wait_for_function(answered, timeout=2_000)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        raise AssertionError(f"search for {word!r} showed nothing within {TIMEOUT_MS} ms")
    links = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link", "links => links.map(a => a.href)"
    )
    # Without the fragment (a section) and the query (?h=word, search.highlight).
    return sorted({re.split(r"[#?]", str(link))[0] for link in links})
