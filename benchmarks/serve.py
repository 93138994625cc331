"""From saving one journey to its page being served, under `mkdocs serve`.

Starts `mkdocs serve` (with `--dirty`, the fast preview, unless told otherwise) on 127.0.0.1
and a free port, waits for the first build, then edits one journey the way a writer does (a
step's action and emotion) and polls the journey's page until it shows the edit: that is the
save-to-served time. It also reads the server's log for the end of the rebuild, the plugin's
line saying how many source files it read again and, under `--dirty`, how many pages it
rendered again. The edit is undone and the server always stopped, its process group
signalled by id.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from measure import CHILD_ENV, PYTHON

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
REREAD = re.compile(r"read (\d+) of (\d+) source files again")
RENDERED = re.compile(r"rendered (\d+) of (\d+) pages again")
REBUILT = "Reloading browsers"  # logged at the end of each rebuild, whatever else it logged
ACTION = re.compile(rb'(action: ")([^"\n]*")')
EMOTION = re.compile(rb"(emotion: )([1-5])")


@dataclass(frozen=True)
class Rebuild:
    first_build: float  # seconds MkDocs reported for the first build
    served: float  # from the save to the journey's page showing the edit (polled)
    served_cpu: float  # CPU seconds the server spent in that time (fair on a busy machine)
    wall: float  # from the save to the end of the rebuild, as seen in the log
    reported: float  # seconds MkDocs reported for the rebuild
    reread: int  # source files the plugin read again (-1: no such line: nothing came from cache)
    sources: int
    rendered: int  # pages rendered again (-1: not a --dirty rebuild)
    pages: int
    dirty: bool


class ServeError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def edited(original: bytes, token: str) -> bytes:
    """The journey with its first step's action marked and its first emotion changed."""
    text, count = ACTION.subn(
        lambda m: m.group(1) + token.encode() + b" " + m.group(2), original, 1
    )
    text, changed = EMOTION.subn(
        lambda m: m.group(1) + (b"1" if m.group(2) != b"1" else b"5"), text, 1
    )
    if not count or not changed:
        raise ServeError("the edited journey has no quoted action or no emotion")
    return text


def measure_rebuild(
    project: Path, journey: Path, log: Path, timeout: float, dirty: bool = True
) -> Rebuild:
    """Serve ``project``, edit ``journey``, and time it until its page shows the edit."""
    original = journey.read_bytes()
    port = free_port()
    url = f"http://127.0.0.1:{port}/journeys/{journey.stem}/"
    command = [PYTHON, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
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
        if _get(url) is None:
            raise ServeError(f"{url} is not served; see {log}")
        time.sleep(2)  # let the file watcher settle
        token = f"Edited{time.time_ns()}"
        before = log.read_text(errors="replace").count(REBUILT)
        start, cpu_start = time.perf_counter(), _cpu(server.pid)
        journey.write_bytes(edited(original, token))
        while token not in (_get(url) or ""):
            if server.poll() is not None:
                raise ServeError(f"mkdocs serve ended early (exit {server.returncode}); see {log}")
            if time.monotonic() > deadline + timeout:
                raise ServeError(f"{url} did not show the edit in time; see {log}")
            time.sleep(0.02)
        served, served_cpu = time.perf_counter() - start, _cpu(server.pid) - cpu_start
        text = _wait_for(log, REBUILT, before + 1, time.monotonic() + timeout, server)
        wall = time.perf_counter() - start
        built = [float(m) for m in BUILT.findall(text)]
        reread = REREAD.findall(text)
        rendered = RENDERED.findall(text)
        return Rebuild(
            first_build=first[0] if first else float("nan"),
            served=served,
            served_cpu=served_cpu,
            wall=wall,
            reported=built[-1] if len(built) > 1 else float("nan"),
            reread=int(reread[-1][0]) if reread else -1,
            sources=int(reread[-1][1]) if reread else -1,
            rendered=int(rendered[-1][0]) if dirty and rendered else -1,
            pages=int(rendered[-1][1]) if dirty and rendered else -1,
            dirty=dirty,
        )
    finally:
        journey.write_bytes(original)
        _stop(server)


def _cpu(pid: int) -> float:
    """User and system CPU seconds of a process so far (Linux: /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


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
