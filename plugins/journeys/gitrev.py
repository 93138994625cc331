"""Reading a folder as it was at a git revision, straight from git's objects: no checkout.

``git ls-tree`` lists the folder's files at the revision and one ``git cat-file --batch``
reads them all, so the working tree, the index and the current branch are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# ls-tree modes: a regular file, an executable file, a symbolic link. A submodule (160000) has
# no content in this repository, so it is skipped.
_FILE_MODES = frozenset({"100644", "100755"})
_SYMLINK_MODE = "120000"


class GitError(Exception):
    """A git command that cannot do what was asked: a revision that does not exist, no repo."""


@dataclass(frozen=True)
class Revision:
    """A revision as the user named it, and the commit it stands for."""

    name: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:12]


def _git(
    args: list[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed (journeys diff reads the maps from git)")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(
        [git, "--literal-pathspecs", *args], cwd=cwd, input=stdin, capture_output=True, env=env
    )


def repository_root(start: Path) -> Path:
    """The top folder of the git repository that holds ``start``."""
    result = _git(["rev-parse", "--show-toplevel"], start)
    if result.returncode != 0:
        raise GitError(
            f"{start} is not inside a git repository (run journeys diff in the repository of "
            "your maps)"
        )
    return Path(os.fsdecode(result.stdout.strip())).resolve()


def is_shallow(root: Path) -> bool:
    result = _git(["rev-parse", "--is-shallow-repository"], root)
    return result.stdout.strip() == b"true"


def resolve(root: Path, name: str) -> Revision:
    """The commit a revision name stands for; a clear message when there is none."""
    if not name or name.startswith("-"):
        raise GitError(f"'{name}' is not a revision (a branch, tag or commit)")
    result = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"], root
    )
    if result.returncode == 0:
        return Revision(name, result.stdout.decode("ascii").strip())
    message = f"revision '{name}' is not in this repository"
    if is_shallow(root):
        # A CI checkout fetches one commit by default: the base of a pull request is not there.
        message += (
            " (this is a shallow clone: fetch the history it needs, e.g. 'fetch-depth: 0' on "
            "actions/checkout, or 'git fetch --deepen=50', or 'git fetch origin <branch>')"
        )
    else:
        message += " (check the name with 'git log -1 <revision>'; fetch it if it is remote)"
    raise GitError(message)


def read_file(root: Path, revision: Revision, path: str) -> bytes | None:
    """One file's content at a revision (``path`` relative to the repository root), or None."""
    result = _git(["cat-file", "blob", f"{revision.commit}:{path}"], root)
    return result.stdout if result.returncode == 0 else None


def export_folder(root: Path, revision: Revision, folder: str, target: Path) -> bool:
    """Write the files under ``folder`` (relative to the repository root) at ``revision`` into
    ``target``, at the same relative paths. False when the folder does not exist there.
    """
    spec = ["--", folder] if folder else []
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", revision.commit, *spec], root)
    if listing.returncode != 0:
        raise GitError(f"cannot list '{folder}' at {revision.name}: {_stderr(listing)}")
    entries: list[tuple[str, str, str]] = []  # (mode, object id, path)
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, object_id = meta.decode("ascii").split(" ")
        path = os.fsdecode(raw_path)
        inside = not folder or path.startswith(folder + "/")  # not a file named like it
        if inside and kind == "blob" and (mode in _FILE_MODES or mode == _SYMLINK_MODE):
            entries.append((mode, object_id, path))
    if not entries:
        return False
    for _mode, _object_id, path in entries:
        _refuse_leaving(path, revision)
    contents = _read_blobs(root, [object_id for _, object_id, _ in entries])
    # Files first, links last: no file is written through a link the tree itself made.
    entries.sort(key=lambda entry: entry[0] == _SYMLINK_MODE)
    top = target.resolve()
    for mode, object_id, path in entries:
        relative = PurePosixPath(path).relative_to(folder) if folder else PurePosixPath(path)
        destination = target.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.is_symlink() or destination.exists() or not _within(destination, top):
            raise GitError(
                f"the tree of {revision.name} has the entry '{path}' twice, or under a "
                "symbolic link: journeys diff writes nothing outside its own folder"
            )
        if mode == _SYMLINK_MODE:
            # As git would check it out; the loader refuses links that leave the folder.
            destination.symlink_to(os.fsdecode(contents[object_id]))
        else:
            destination.write_bytes(contents[object_id])
    return True


def _refuse_leaving(path: str, revision: Revision) -> None:
    """A crafted tree can hold entries named '..' or '.': git never writes them, nor do we."""
    parts = path.split("/")
    if any(part in {"", ".", ".."} for part in parts):
        raise GitError(
            f"the tree of {revision.name} has an entry '{path}' that would be written outside "
            "its folder ('..', '.' or an empty name in its path): journeys diff does not read "
            "such a tree (git itself refuses to check it out)"
        )


def _within(path: Path, top: Path) -> bool:
    """Whether ``path``'s folder, links followed, is inside ``top``."""
    return path.parent.resolve().is_relative_to(top)


def _read_blobs(root: Path, object_ids: list[str]) -> dict[str, bytes]:
    """Every blob's content, read by one ``git cat-file --batch``."""
    unique = sorted(set(object_ids))
    result = _git(["cat-file", "--batch"], root, stdin="".join(f"{o}\n" for o in unique).encode())
    if result.returncode != 0:
        raise GitError(f"cannot read files from git: {_stderr(result)}")
    out = result.stdout
    contents: dict[str, bytes] = {}
    position = 0
    for object_id in unique:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode("ascii").split(" ")
        if len(header) != 3:  # "<id> missing": a partial clone without the blob
            raise GitError(f"git object {object_id} is missing (fetch the full history)")
        size = int(header[2])
        start = header_end + 1
        contents[object_id] = out[start : start + size]
        position = start + size + 1  # the content is followed by a newline
    return contents


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
