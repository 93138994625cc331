"""The maps as they are at one git revision, or in the working tree, loaded by the core.

The journeys folder is found at each revision as the plugin would find it there (the
``journeys_dir`` of that revision's mkdocs.yml, else ``journeys/``), copied out of git into a
temporary folder and loaded with :func:`load_catalog`, so that both sides of a diff are read
and validated exactly as a build reads them. Paths are shown relative to the repository root.
"""

from __future__ import annotations

import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, load_catalog
from .gitrev import GitError, Revision, export_folder, read_file, repository_root, resolve
from .project import find_journeys_dir, journeys_dir_from_config

WORKING_TREE = "working tree"
_CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass
class Snapshot:
    """One side of a diff."""

    revision: Revision | None  # None for the working tree
    folder: str  # the journeys folder, relative to the repository root ("" for the root)
    present: bool  # False when the folder does not exist on this side
    catalog: Catalog

    @property
    def name(self) -> str:
        return self.revision.name if self.revision else WORKING_TREE

    @property
    def label(self) -> str:
        """The side as a report names it: ``main (1a2b3c4d5e6f)``, or ``working tree``."""
        return f"{self.revision.name} ({self.revision.short})" if self.revision else WORKING_TREE


def repo_relative(path: Path, repo_root: Path) -> str:
    """A folder's path relative to the repository root; outside the repository is an error."""
    try:
        relative = path.resolve().relative_to(repo_root).as_posix()
    except ValueError:
        raise GitError(
            f"the journeys folder {path} is outside the git repository {repo_root} "
            "(journeys diff reads it from git)"
        ) from None
    return "" if relative == "." else relative


def folder_in_working_tree(repo_root: Path, cwd: Path, option: Path | None) -> str:
    """The journeys folder: ``--journeys-dir``, else as the plugin finds it from ``cwd``."""
    return repo_relative(cwd / option if option else find_journeys_dir(cwd), repo_root)


def folder_at_revision(repo_root: Path, cwd: Path, revision: Revision) -> str:
    """The journeys folder at a revision, from that revision's mkdocs.yml next to ``cwd``."""
    prefix = repo_relative(cwd, repo_root)
    with tempfile.TemporaryDirectory(prefix="journeys-config-") as scratch:
        for name in _CONFIG_NAMES:
            content = read_file(repo_root, revision, posixpath.join(prefix, name))
            if content is None:
                continue
            config_file = Path(scratch) / name
            config_file.write_bytes(content)
            configured = journeys_dir_from_config(config_file)
            if configured is None:
                continue
            if configured.is_absolute() and not configured.is_relative_to(scratch):
                return repo_relative(configured, repo_root)
            relative = configured.relative_to(scratch).as_posix()
            folder = posixpath.normpath(posixpath.join(prefix, relative))
            if folder == ".." or folder.startswith("../"):
                raise GitError(
                    f"the journeys_dir of {posixpath.join(prefix, name)} at {revision.name} "
                    "is outside the git repository (journeys diff reads it from git)"
                )
            return "" if folder == "." else folder
    return posixpath.join(prefix, "journeys") if prefix else "journeys"


def load_revision(repo_root: Path, revision: Revision, folder: str) -> Snapshot:
    """The catalog of the journeys folder at a revision; an absent folder is an empty one."""
    with tempfile.TemporaryDirectory(prefix="journeys-rev-") as scratch:
        fake_root = Path(scratch)
        target = fake_root / folder if folder else fake_root
        present = export_folder(repo_root, revision, folder, target)
        target.mkdir(parents=True, exist_ok=True)
        catalog = load_catalog(target, fake_root)
    return Snapshot(revision, folder, present, catalog)


def load_working_tree(repo_root: Path, folder: str) -> Snapshot:
    """The catalog of the journeys folder as it is on disk, committed or not."""
    target = repo_root / folder if folder else repo_root
    if not target.is_dir():
        empty = tempfile.TemporaryDirectory(prefix="journeys-none-")
        with empty as scratch:
            catalog = load_catalog(Path(scratch), Path(scratch))
        return Snapshot(None, folder, False, catalog)
    return Snapshot(None, folder, True, load_catalog(target, repo_root))


def load_sides(
    cwd: Path, base_name: str, head_name: str | None, journeys_dir: Path | None
) -> tuple[Snapshot, Snapshot]:
    """Both sides of a diff: ``base_name`` and ``head_name`` (None: the working tree).

    Raises GitError when git cannot give them: no repository, a revision that is not there.
    """
    repo_root = repository_root(cwd)
    base = resolve(repo_root, base_name)
    head = resolve(repo_root, head_name) if head_name is not None else None

    def folder(revision: Revision | None) -> str:
        if journeys_dir is not None or revision is None:
            return folder_in_working_tree(repo_root, cwd, journeys_dir)
        return folder_at_revision(repo_root, cwd, revision)

    old = load_revision(repo_root, base, folder(base))
    if head is None:
        new = load_working_tree(repo_root, folder(None))
    else:
        new = load_revision(repo_root, head, folder(head))
    if not old.present and not new.present:
        raise GitError(
            f"there is no journeys folder '{new.folder or '.'}' at {old.label} nor at "
            f"{new.label} (run journeys diff next to mkdocs.yml, or give --journeys-dir)"
        )
    return old, new
