"""Fixtures for the browser suite: Debian's Chromium driven by Playwright, and Mermaid's bundle.

Every test under tests/browser gets the ``browser`` marker (``pytest -m "not browser"`` leaves the
suite out). When Chromium, Playwright or Mermaid is missing the tests are skipped, except under
CI (the CI environment variable set), where they fail and say what to install.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from site_browser import Visit, visit
from site_server import ServedSite, served_site

from journeys.mermaid_site import BUNDLED_MERMAID

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Error, Page

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The suites share helpers kept in tests/ (nasty_strings.py), which pytest's default import mode
# puts on sys.path only for the test modules directly in tests/.
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))


def missing(message: str) -> NoReturn:
    """Fail under CI, where the browser suite must run; skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the whole session. Never a downloaded browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed: pip install -e .[dev]")
    if not CHROMIUM.is_file():
        missing(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def mermaid_js_path() -> Path:
    """The Mermaid that comes with the package, the release pinned in pyproject.toml."""
    if not BUNDLED_MERMAID.is_file():
        missing(f"Mermaid is not at {BUNDLED_MERMAID}: run ./dev setup (installs the package)")
    return BUNDLED_MERMAID


@dataclass
class PageLog:
    """What a page reported: console errors, uncaught exceptions, and dialogs (dismissed)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("dialog", self._on_dialog)

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.dialogs.clear()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(str(error))

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []


@contextmanager
def _new_page(browser: Browser, log: PageLog) -> Iterator[Page]:
    context = browser.new_context()
    try:
        new_page = context.new_page()
        log.attach(new_page)
        yield new_page
    finally:
        context.close()


def load_mermaid(page: Page, mermaid_js_path: Path, security_level: str = "strict") -> None:
    """Give ``page`` an empty UTF-8 document with Mermaid loaded and initialised, not started."""
    page.set_content('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>')
    page.add_script_tag(path=str(mermaid_js_path))
    page.evaluate(
        "level => mermaid.initialize({startOnLoad: false, securityLevel: level})", security_level
    )


@pytest.fixture
def page_log() -> PageLog:
    """The log of the ``page`` fixture's page."""
    return PageLog()


@pytest.fixture
def page(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    """A new page in a context of its own, its console and dialogs recorded in ``page_log``."""
    with _new_page(browser, page_log) as new_page:
        yield new_page


@pytest.fixture
def mermaid_page(page: Page, mermaid_js_path: Path) -> Page:
    """``page`` with Mermaid loaded and initialised (securityLevel 'strict', startOnLoad off)."""
    load_mermaid(page, mermaid_js_path)
    return page


@pytest.fixture(scope="module")
def shared_page_log() -> PageLog:
    """The log of ``shared_mermaid_page``: clear it at the start of each test that reads it."""
    return PageLog()


@pytest.fixture(scope="module")
def shared_mermaid_page(
    browser: Browser, mermaid_js_path: Path, shared_page_log: PageLog
) -> Iterator[Page]:
    """Like ``mermaid_page``, but one page for a whole test module: loading Mermaid takes time."""
    with _new_page(browser, shared_page_log) as new_page:
        load_mermaid(new_page, mermaid_js_path)
        yield new_page


# --- the example site, built and served as readers get it (site_server.py, site_browser.py) ---


@pytest.fixture(scope="session")
def material_site(
    tmp_path_factory: pytest.TempPathFactory, mermaid_js_path: Path
) -> Iterator[ServedSite]:
    """A copy of the example site (plus hostile maps) with Material's own Mermaid, served."""
    with served_site("material", tmp_path_factory.mktemp("material"), mermaid_js_path) as site:
        yield site


@pytest.fixture(scope="session")
def plain_site(
    tmp_path_factory: pytest.TempPathFactory, mermaid_js_path: Path
) -> Iterator[ServedSite]:
    """The example site as it is (no hostile maps), for the screenshots in docs/."""
    root = tmp_path_factory.mktemp("plain")
    with served_site("plain", root, mermaid_js_path, hostile=False) as site:
        yield site


@pytest.fixture(scope="session")
def mermaid2_site(
    tmp_path_factory: pytest.TempPathFactory, mermaid_js_path: Path
) -> Iterator[ServedSite]:
    """The same site drawn through mkdocs-mermaid2 (its custom fence for Material), served."""
    try:
        import mermaid2  # noqa: F401
    except ImportError:
        missing("mkdocs-mermaid2-plugin is not installed: pip install -e .[dev]")
    root = tmp_path_factory.mktemp("mermaid2")
    with served_site("mermaid2", root, mermaid_js_path, mermaid2=True) as site:
        yield site


@pytest.fixture(params=["material", "mermaid2"])
def any_site(request: pytest.FixtureRequest) -> ServedSite:
    """Each served site in turn: Material's Mermaid, then mkdocs-mermaid2."""
    site: ServedSite = request.getfixturevalue(f"{request.param}_site")
    return site


@pytest.fixture
def open_visit(browser: Browser) -> Callable[..., AbstractContextManager[Visit]]:
    """Opens a page of a served site in a context of its own: ``with open_visit(site) as v``."""

    def opener(site: ServedSite, **context_options: Any) -> AbstractContextManager[Visit]:
        return visit(browser, site.url, **context_options)

    return opener
