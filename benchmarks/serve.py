"""The rebuild under `mkdocs serve` after one journey is edited.

Starts `mkdocs serve` on 127.0.0.1 and a free port, waits for the first build, edits one
journey, and reads the server's log for the rebuild: how long it took, and the plugin's line
saying how many source files it read again. The server is always stopped, its process group
signalled by id.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from measure import CHILD_ENV, PYTHON

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
REREAD = re.compile(r"read (\d+) of (\d+) source files again")


@dataclass(frozen=True)
class Rebuild:
    first_build: float  # seconds MkDocs reported for the first build
    wall: float  # from the edit to the end of the rebuild, as seen in the log
    reported: float  # seconds MkDocs reported for the rebuild
    reread: int  # source files the plugin read again (-1: no such line: nothing came from cache)
    sources: int


class ServeError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def measure_rebuild(project: Path, edited: Path, log: Path, timeout: float) -> Rebuild:
    """Serve ``project``, append a line to ``edited``, and time the rebuild (then undo the edit)."""
    original = edited.read_bytes()
    port = free_port()
    command = [PYTHON, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command,
            cwd=project,
            env=CHILD_ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )
    try:
        deadline = time.monotonic() + timeout
        _wait_for(log, "Serving on", 1, deadline, server)
        first = [float(m) for m in BUILT.findall(log.read_text(errors="replace"))]
        time.sleep(2)  # let the file watcher settle
        edited.write_bytes(original + b"\nEdited while serving.\n")
        start = time.perf_counter()
        text = _wait_for(log, "Documentation built in", 2, time.monotonic() + timeout, server)
        wall = time.perf_counter() - start
        built = [float(m) for m in BUILT.findall(text)]
        reread = REREAD.findall(text)
        return Rebuild(
            first_build=first[0] if first else float("nan"),
            wall=wall,
            reported=built[-1],
            reread=int(reread[-1][0]) if reread else -1,
            sources=int(reread[-1][1]) if reread else -1,
        )
    finally:
        edited.write_bytes(original)
        _stop(server)


def _wait_for(
    log: Path, needle: str, count: int, deadline: float, server: subprocess.Popen[bytes]
) -> str:
    while True:
        text = log.read_text(errors="replace")
        if text.count(needle) >= count:
            return text
        if server.poll() is not None:
            raise ServeError(f"mkdocs serve ended early (exit {server.returncode}); see {log}")
        if time.monotonic() > deadline:
            raise ServeError(f"no '{needle}' in time; see {log}")
        time.sleep(0.05)


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C first (MkDocs then removes its temporary site), harder only if it must."""
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if server.poll() is not None:
            return
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
