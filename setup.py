"""Building the package puts the pinned Mermaid release inside it; the repository keeps no copy.

Every build runs build_py (`pip install .`, `pip install -e .`, `python -m build`), which first
fetches the Mermaid release pinned in pyproject.toml ([tool.journeys.mermaid]) with the npm
client (`npm pack`), checks the tarball against the pinned sha512, and extracts
dist/mermaid.min.js and its LICENSE into plugins/journeys/bundled-mermaid/ (git-ignored), from
where they are packaged. A build without npm or a network can give the release tarball itself
in JOURNEYS_MERMAID_TARBALL (it is checked the same way).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "plugins" / "journeys" / "bundled-mermaid"
# What is taken from the release: its file in the tarball -> its name in the package.
TAKEN = {"package/dist/mermaid.min.js": "mermaid.min.js", "package/LICENSE": "LICENSE"}
STAMP = "RELEASE"  # the release and integrity the files came from


def pinned() -> tuple[str, str]:
    """(version, integrity) from pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        pin = tomllib.load(file)["tool"]["journeys"]["mermaid"]
    return pin["version"], pin["integrity"]


def integrity_of(tarball: Path) -> str:
    """The tarball's integrity in npm's form (Subresource Integrity: sha512-<base64>)."""
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def fetch(version: str, folder: Path) -> Path:
    """The release tarball, from JOURNEYS_MERMAID_TARBALL or with `npm pack` into ``folder``."""
    given = os.environ.get("JOURNEYS_MERMAID_TARBALL")
    if given:
        return Path(given)
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            f"error: building journeys needs the npm client to fetch Mermaid {version} "
            "(apt-get install npm), or the release tarball in JOURNEYS_MERMAID_TARBALL"
        )
    command = [npm, "pack", f"mermaid@{version}", "--pack-destination", str(folder)]
    command += ["--ignore-scripts", "--prefer-offline", "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    tarballs = list(folder.glob("*.tgz"))
    if done.returncode != 0 or len(tarballs) != 1:
        raise SystemExit(
            f"error: 'npm pack mermaid@{version}' failed while building journeys:\n"
            f"{done.stderr.strip()}"
        )
    return tarballs[0]


def vendor_mermaid() -> None:
    """Put the pinned Mermaid into the package's vendor folder, unless it is there already."""
    version, integrity = pinned()
    release = f"mermaid@{version} {integrity}\n"
    stamp = VENDOR / STAMP
    present = all((VENDOR / name).is_file() for name in TAKEN.values())
    if present and stamp.is_file() and stamp.read_text() == release:
        return
    with tempfile.TemporaryDirectory() as temporary:
        tarball = fetch(version, Path(temporary))
        found = integrity_of(tarball)
        if found != integrity:
            raise SystemExit(
                f"error: the Mermaid {version} tarball {tarball.name} is not the pinned release: "
                f"its integrity is {found}, pyproject.toml pins {integrity}"
            )
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.mkdir(parents=True)
        with tarfile.open(tarball) as archive:
            for member, name in TAKEN.items():
                source = archive.extractfile(member)
                if source is None:
                    raise SystemExit(f"error: the Mermaid {version} tarball has no {member}")
                (VENDOR / name).write_bytes(source.read())
        stamp.write_text(release)


class BuildWithMermaid(build_py):
    """build_py, after putting the pinned Mermaid into the package."""

    def run(self) -> None:
        vendor_mermaid()
        self.__dict__.pop("data_files", None)  # listed again, with the files just written
        super().run()


if __name__ == "__main__":  # as setuptools runs it (tests import the functions above)
    setup(cmdclass={"build_py": BuildWithMermaid})
