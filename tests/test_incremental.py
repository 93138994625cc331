"""Incremental page generation (pages/incremental.py) gives exactly the pages a full generation
gives, after any edit, while making again only the pages whose inputs changed."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.catalog import Catalog, build_catalog
from journeys.format.cache import SourceCache
from journeys.format.folder import load_sources
from journeys.pages.generate import generate_pages
from journeys.pages.incremental import IncrementalImages, IncrementalPages
from journeys.pages.views import ViewOptions
from journeys.pages.views.images import all_images
from mapgen import arbitrary_folder, valid_maps, write_folder
from sitekit import REPO

OPTIONS = ViewOptions(today=dt.date(2026, 9, 1))


class Session:
    """What the plugin keeps under `mkdocs serve`: the source cache and the incremental pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = SourceCache()
        self.pages = IncrementalPages()
        self.images = IncrementalImages()

    def catalog(self) -> Catalog:
        self.cache.start("settings")
        return build_catalog(load_sources(self.root, self.root.parent, self.cache))

    def check(self) -> None:
        """The incremental pages and images are the full generation's, one for one."""
        catalog = self.catalog()
        assert self.pages.generate(catalog, OPTIONS) == generate_pages(catalog, OPTIONS)
        assert self.images.generate(catalog) == all_images(catalog)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_edit_on_the_example(tmp_path: Path) -> None:
    root = tmp_path / "journeys"
    shutil.copytree(REPO / "journeys", root)
    session = Session(root)
    session.check()
    total = session.pages.made
    click = root / "retail/click-and-collect.md"

    _edit(click, "emotion: 4", "emotion: 1")
    session.check()
    assert 0 < session.pages.made < total / 2, "an emotion made most pages again"

    for path, old, new in [
        (click, "Ad shows shoes that are out of stock", "Ad shows sold-out shoes"),
        (root / "personas/busy-parent.md", "name: Busy parent", "name: Working parent"),
        (root / "touchpoints.yml", "channel: social", "channel: web"),
        (click, "      - action: Asks the class", "      - action: Waves\n        emotion: 3\n"
         "      - action: Asks the class"),
    ]:  # fmt: skip
        _edit(path, old, new)
        session.check()
    for csv in sorted((root / "data").glob("*.csv")):
        csv.write_text(csv.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        session.check()
    parcel = root / "support/missing-parcel.md"
    parcel.with_name("lost-parcel.md").write_text(
        parcel.read_text(encoding="utf-8").replace("id: missing-parcel", "id: lost-parcel"),
        encoding="utf-8",
    )
    parcel.unlink()
    session.check()
    (root / "online/first-order.md").unlink()
    session.check()
    click.write_text("---\ntitle: [\n---\n", encoding="utf-8")  # a half-written save
    session.check()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(
    first=st.one_of(arbitrary_folder(), valid_maps().map(lambda m: m.files)),
    second=st.one_of(arbitrary_folder(), valid_maps().map(lambda m: m.files)),
    keep=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_any_folder_edited_into_any_other(
    first: dict[str, str], second: dict[str, str], keep: list[bool]
) -> None:
    """From one folder to another made of some of its files and some of another's."""
    with tempfile.TemporaryDirectory(prefix="journeys-incremental-") as folder:
        root = Path(folder) / "journeys"
        write_folder(root, first)
        session = Session(root)
        session.check()
        for index, name in enumerate(sorted(set(first) | set(second))):
            if keep[index % len(keep)]:
                continue
            path = root / name
            if name in second:
                write_folder(root, {name: second[name]})
            else:
                path.unlink()
        session.check()
