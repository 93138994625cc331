"""The Mermaid inside the package: the pinned release, checked, and what a site does without it.

setup.py fetches the release named in pyproject.toml when the package is built; these tests
check what it put in place and its integrity check, with tarballs made here (no network).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import tarfile
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from journeys.mermaid_site import BUNDLED_MERMAID
from sitekit import REPO, Project


def setup_module_() -> ModuleType:
    spec = importlib.util.spec_from_file_location("journeys_setup", REPO / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tarball(path: Path, files: dict[str, bytes]) -> str:
    """Write a release-like tarball; its integrity, as npm writes it."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def test_the_package_holds_the_pinned_release_and_its_licence() -> None:
    pin = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["journeys"]["mermaid"]
    folder = BUNDLED_MERMAID.parent
    assert (folder / "RELEASE").read_text() == f"mermaid@{pin['version']} {pin['integrity']}\n"
    assert BUNDLED_MERMAID.stat().st_size > 1_000_000
    assert "MIT License" in (folder / "LICENSE").read_text()
    # The repository keeps no copy: the folder is written by the build and ignored by git.
    assert "plugins/journeys/bundled-mermaid/" in (REPO / ".gitignore").read_text().split()


def test_a_tarball_that_is_not_the_pinned_release_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = setup_module_()
    monkeypatch.setattr(setup, "VENDOR", tmp_path / "bundled-mermaid")
    fake = tmp_path / "mermaid-11.17.2.tgz"
    tarball(fake, {"package/dist/mermaid.min.js": b"alert(1)", "package/LICENSE": b"MIT"})
    monkeypatch.setenv("JOURNEYS_MERMAID_TARBALL", str(fake))
    with pytest.raises(SystemExit, match="is not the pinned release"):
        setup.vendor_mermaid()
    assert not (tmp_path / "bundled-mermaid").exists()


def test_the_pinned_tarball_is_unpacked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = setup_module_()
    vendor = tmp_path / "bundled-mermaid"
    monkeypatch.setattr(setup, "VENDOR", vendor)
    release = tmp_path / "mermaid-9.9.9.tgz"
    files = {"package/dist/mermaid.min.js": b"var mermaid;", "package/LICENSE": b"MIT"}
    integrity = tarball(release, {**files, "package/README.md": b"not taken"})
    monkeypatch.setattr(setup, "pinned", lambda: ("9.9.9", integrity))
    monkeypatch.setenv("JOURNEYS_MERMAID_TARBALL", str(release))
    setup.vendor_mermaid()
    assert sorted(p.name for p in vendor.iterdir()) == ["LICENSE", "RELEASE", "mermaid.min.js"]
    assert (vendor / "mermaid.min.js").read_bytes() == b"var mermaid;"
    # Built again with the same pin, nothing is fetched (the tarball is gone).
    release.unlink()
    setup.vendor_mermaid()


def test_a_package_without_its_mermaid_says_how_to_repair_it(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from journeys import mermaid_site

    monkeypatch.setattr(mermaid_site, "BUNDLED_MERMAID", tmp_path / "gone" / "mermaid.min.js")
    with pytest.raises(Exception, match="Aborted"):
        project.build()
    assert "install the package again (pip install --force-reinstall journeys)" in caplog.text
    assert "set the plugin's mermaid_js to a copy of Mermaid or a URL" in caplog.text
