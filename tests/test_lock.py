"""requirements-dev.lock pins every tool the project's ranges ask for, at a version they allow."""

from __future__ import annotations

import re
import tomllib

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.version import Version

from sitekit import REPO


def locked_versions() -> dict[str, Version]:
    """The pins of the lock that apply to this Python (a universal lock can pin two versions)."""
    pins: dict[str, Version] = {}
    text = (REPO / "requirements-dev.lock").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not re.match(r"[A-Za-z0-9]", line):
            continue  # a comment, or a hash on a continuation line
        requirement = Requirement(line.rstrip(" \\"))
        if requirement.marker is None or requirement.marker.evaluate(default_environment()):
            (pin,) = requirement.specifier
            pins[canonical(requirement.name)] = Version(pin.version)
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_pins_every_dependency_within_its_range() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *project["build-system"]["requires"],
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["dev"],
    ]
    pins = locked_versions()
    for line in wanted:
        requirement = Requirement(line)
        name = canonical(requirement.name)
        assert name in pins, f"{name} is not in requirements-dev.lock: run ./dev lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements-dev.lock pins {name} {pins[name]}, outside {requirement.specifier}: "
            "run ./dev lock"
        )


def test_the_lock_says_how_to_write_it_again() -> None:
    text = (REPO / "requirements-dev.lock").read_text(encoding="utf-8")
    assert "./dev lock" in text.splitlines()[1]
    assert "--hash=sha256:" in text
