"""`journeys diff`: real git repositories with several commits, the real command line."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
import yaml

from journeys.catalog import load_catalog
from journeys.diff_report import text
from journeys.pages.journey import diagram
from nasty_strings import NASTY_STRINGS
from sitekit import REPO, journeys_cli

Data = dict[str, Any]

PERSONAS: dict[str, Data] = {
    "busy-parent": {"name": "Busy parent", "role": "Parent of two"},
    "cafe-owner": {"name": "Café owner", "segment": "B2B"},
}

TOUCHPOINTS = [
    {"id": "website", "name": "Website", "channel": "web"},
    {"id": "collection-desk", "name": "Collection desk", "channel": "store"},
]


def collect_journey() -> Data:
    return {
        "title": "Click & collect",
        "persona": "busy-parent",
        "stages": [
            {
                "name": "Purchase",
                "id": "purchase",
                "steps": [
                    {"action": "Sees an ad", "id": "sees-ad", "emotion": 4},
                    {
                        "action": "Checks stock",
                        "id": "checks-stock",
                        "touchpoint": "website",
                        "emotion": 3,
                        "expected": 4,
                        "pains": ["Size filter ignores wide fit"],
                    },
                    {"action": "Pays", "id": "pays", "emotion": 4},
                ],
            },
            {
                "name": "Collection",
                "id": "collection",
                "steps": [
                    {
                        "action": "Queues at the desk",
                        "id": "queues",
                        "touchpoint": "collection-desk",
                        "emotion": 2,
                        "expected": 4,
                        "pains": [
                            {"id": "long-queue", "text": "Long queue", "severity": "high"},
                        ],
                        "opportunities": [
                            {
                                "id": "lockers",
                                "text": "Collection lockers",
                                "fixes": ["long-queue"],
                                "status": "idea",
                            }
                        ],
                    },
                    {"action": "Leaves with the shoes", "id": "leaves", "emotion": 3},
                ],
            },
        ],
    }


def returns_journey() -> Data:
    return {
        "title": "Return an item",
        "persona": ["busy-parent"],
        "stages": [
            {
                "name": "Return",
                "steps": [
                    {
                        "action": "Brings the shoes back",
                        "id": "brings-back",
                        "emotion": 2,
                        "pains": [{"id": "long-queue", "text": "Long queue"}],
                    },
                    {"action": "Gets a refund", "id": "refund", "emotion": 4},
                ],
            }
        ],
    }


def front_matter(data: Data, body: str = "The story.\n") -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n{body}"


class GitRepo:
    """A git repository in tmp_path, its maps written from Python data."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "test@example.com")
        self.git("config", "user.name", "Test")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def write(self, relative: str, content: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

    def journey(self, relative: str, data: Data, body: str = "The story.\n") -> None:
        self.write(f"journeys/{relative}", front_matter(data, body))

    def persona(self, persona_id: str, data: Data) -> None:
        self.write(f"journeys/personas/{persona_id}.md", front_matter(data, "A persona.\n"))

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def diff(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return journeys_cli("diff", *args, cwd=cwd or self.root)

    def diff_json(self, *args: str) -> Data:
        result = self.diff(*args, "--format", "json")
        assert result.returncode == 0, result.stderr
        data: Data = json.loads(result.stdout)
        return data


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository whose first commit holds two personas, a registry and two journeys."""
    git_repo = GitRepo(tmp_path / "repo")
    for persona_id, data in PERSONAS.items():
        git_repo.persona(persona_id, data)
    git_repo.write("journeys/touchpoints.yml", yaml.safe_dump(TOUCHPOINTS, sort_keys=False))
    git_repo.journey("retail/click-and-collect.md", collect_journey())
    git_repo.journey("retail/returns.md", returns_journey())
    git_repo.commit("maps")
    return git_repo


def steps_by_id(report: Data, journey_id: str) -> dict[str, Data]:
    journey = next(j for j in report["journeys"] if j["id"] == journey_id)
    return {step["id"]: step for step in journey["steps"]}


def fields(step: Data) -> dict[str, tuple[Any, Any]]:
    return {change["field"]: (change["old"], change["new"]) for change in step["fields"]}


# Nothing changed ---------------------------------------------------------------------------


def test_no_change_gives_an_empty_report_and_exit_0(repo: GitRepo) -> None:
    for args in (["HEAD"], ["HEAD", "HEAD"], ["main", "main"]):
        result = repo.diff(*args)
        assert result.returncode == 0, result.stderr
        assert "No changes to the journey maps." in result.stdout
        assert "Traceback" not in result.stderr
    report = repo.diff_json("HEAD")
    assert report["journeys"] == []
    assert report["pain_points"] == report["opportunities"] == report["personas"] == []


def test_a_commit_that_touches_no_map_gives_an_empty_report(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.write("README.md", "# Not a map\n")
    repo.write("journeys/README.md", "# Not a map either\n")
    repo.write("journeys/_draft.md", "not even front matter")
    repo.commit("docs")
    result = repo.diff(base, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "No changes to the journey maps." in result.stdout


# Scores, steps and stages ------------------------------------------------------------------


def test_emotion_and_expected_changes_name_the_step_and_the_direction(repo: GitRepo) -> None:
    journey = collect_journey()
    journey["stages"][0]["steps"][1].update(emotion=2, expected=5)  # checks-stock: 3 → 2
    journey["stages"][1]["steps"][0]["emotion"] = 4  # queues: 2 → 4
    repo.journey("retail/click-and-collect.md", journey)

    result = repo.diff("HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "**emotion:** 3 → 2 ▼ worse" in out
    assert "**expected:** 4 → 5 ▲ higher" in out
    assert "**emotion:** 2 → 4 ▲ better" in out
    assert "emotion: 1 ▲ better / 1 ▼ worse" in out  # the summary
    assert out.index("**Summary:**") < out.index("### ✏️ Click")

    steps = steps_by_id(repo.diff_json("HEAD"), "click-and-collect")
    assert set(steps) == {"checks-stock", "queues"}  # and nothing that did not change
    assert fields(steps["checks-stock"]) == {"emotion": (3, 2), "expected": (4, 5)}
    assert fields(steps["queues"]) == {"emotion": (2, 4)}


def test_a_reworded_action_with_the_same_id_is_a_change(repo: GitRepo) -> None:
    journey = collect_journey()
    journey["stages"][0]["steps"][2]["action"] = "Pays by card and picks a store"
    repo.journey("retail/click-and-collect.md", journey)

    steps = steps_by_id(repo.diff_json("HEAD"), "click-and-collect")
    assert list(steps) == ["pays"]
    assert steps["pays"]["kind"] == "changed"
    assert fields(steps["pays"]) == {"action": ("Pays", "Pays by card and picks a store")}
    out = repo.diff("HEAD").stdout
    assert "**action:** “Pays” → “Pays by card and picks a store”" in out
    assert "removed" not in out.split("**Steps**")[1]


def test_steps_added_removed_and_moved(repo: GitRepo) -> None:
    journey = collect_journey()
    purchase, collection = journey["stages"][0]["steps"], journey["stages"][1]["steps"]
    sees_ad, checks_stock, pays = purchase
    # pays moves to Collection; checks-stock moves before sees-ad; leaves is removed;
    # a new step is added.
    journey["stages"][0]["steps"] = [checks_stock, sees_ad]
    journey["stages"][1]["steps"] = [
        pays,
        collection[0],
        {
            "action": "Tries the shoes on",
            "id": "tries-on",
            "touchpoint": "Fitting bench",
            "emotion": 5,
            "thought": "They fit!",
        },
    ]
    repo.journey("retail/click-and-collect.md", journey)

    steps = steps_by_id(repo.diff_json("HEAD"), "click-and-collect")
    assert steps["tries-on"]["kind"] == "added"
    assert steps["leaves"]["kind"] == "removed"
    assert steps["pays"]["old_stage"] == "purchase"
    assert steps["pays"]["stage"] == "collection"
    moved_in_stage = {i for i, s in steps.items() if s["reordered"]}
    assert len(moved_in_stage) == 1 and moved_in_stage <= {"sees-ad", "checks-stock"}
    assert "queues" not in steps
    out = repo.diff("HEAD").stdout
    assert "**moved** from stage **Purchase**" in out
    assert "**moved** within its stage" in out
    # An added step says where it happens, how it felt and what the customer thought.
    assert (
        "**Tries the shoes on** (`tries-on`) · Collection · added, at Fitting bench, emotion 5, "
        "thinks “They fit!”"
    ) in out
    assert "**Leaves with the shoes** (`leaves`) · Collection · removed (was emotion 3)" in out


def test_stages_added_removed_renamed_and_reordered(repo: GitRepo) -> None:
    journey = collect_journey()
    collection = journey["stages"][1]
    collection["name"] = "Collection in store"  # same id: a rename
    journey["stages"] = [
        collection,
        {"name": "Wearing", "steps": [{"action": "Wears them", "id": "wears", "emotion": 5}]},
    ]
    # The steps of the removed stage go with it.
    repo.journey("retail/click-and-collect.md", journey)

    report = repo.diff_json("HEAD")
    stages = {s["id"]: s for s in report["journeys"][0]["stages"]}
    assert stages["collection"]["old_name"] == "Collection"
    assert stages["wearing"]["kind"] == "added"
    assert stages["purchase"]["kind"] == "removed"
    steps = steps_by_id(report, "click-and-collect")
    assert {i for i, s in steps.items() if s["kind"] == "removed"} == {
        "sees-ad",
        "checks-stock",
        "pays",
    }
    out = repo.diff("HEAD").stdout
    assert "**Collection in store** (`collection`) renamed from **Collection**" in out
    assert "**Wearing** (`wearing`) added" in out
    assert "**Purchase** (`purchase`) removed" in out


def test_step_details_lists_and_metrics(repo: GitRepo) -> None:
    journey = collect_journey()
    step = journey["stages"][0]["steps"][0]
    step.update(
        thought="Those look sturdy",
        questions=["In my size?"],
        metrics={"ctr": 0.031},
        touchpoint="Instagram ad",
        next=["pays"],
    )
    repo.journey("retail/click-and-collect.md", journey)
    base = repo.commit("details")
    step["questions"] = ["In my size?", "Wide fit?"]
    step["metrics"] = {"ctr": 0.04, "views": 100}
    step["thought"] = "Those look cheap"
    repo.journey("retail/click-and-collect.md", journey)

    steps = steps_by_id(repo.diff_json(base), "click-and-collect")
    assert fields(steps["sees-ad"]) == {
        "thought": ("Those look sturdy", "Those look cheap"),
        "questions": (["In my size?"], ["In my size?", "Wide fit?"]),
        "metrics": ({"ctr": 0.031}, {"ctr": 0.04, "views": 100}),
    }
    out = repo.diff(base).stdout
    assert "**questions:** added “Wide fit?”" in out
    assert "**metrics:** ctr 0.031 → 0.04; added views 100" in out


# Journeys: added, removed, renamed ---------------------------------------------------------


def test_journeys_added_removed_and_renamed(repo: GitRepo) -> None:
    (repo.root / "journeys/service").mkdir()
    repo.git("mv", "journeys/retail/returns.md", "journeys/service/returns.md")
    repo.journey(
        "online/first-order.md",
        {
            "title": "First order",
            "persona": "cafe-owner",
            "stages": [{"name": "Sign up", "steps": [{"action": "Signs up", "emotion": 3}]}],
        },
    )
    (repo.root / "journeys/retail/click-and-collect.md").unlink()
    repo.commit("reorganise")

    report = repo.diff_json("HEAD~1", "HEAD")
    kinds = {j["id"]: (j["kind"], j["path"], j["old_path"]) for j in report["journeys"]}
    assert kinds == {
        "click-and-collect": ("removed", "journeys/retail/click-and-collect.md", None),
        "first-order": ("added", "journeys/online/first-order.md", None),
        "returns": ("changed", "journeys/service/returns.md", "journeys/retail/returns.md"),
    }
    returns = next(j for j in report["journeys"] if j["id"] == "returns")
    assert returns["steps"] == returns["fields"] == returns["stages"] == []
    # long-queue still occurs in the returns journey: resolved in one journey, not site-wide.
    removed = next(j for j in report["journeys"] if j["id"] == "click-and-collect")
    assert removed["pains_resolved"] == ["long-queue", "size-filter-ignores-wide-fit"]
    pain_kinds = {p["id"]: (p["kind"], p["fields"]) for p in report["pain_points"]}
    assert pain_kinds == {
        # Its severity was given in the removed journey only: it falls back to the default.
        "long-queue": ("changed", [{"field": "severity", "old": "high", "new": "medium"}]),
        "size-filter-ignores-wide-fit": ("removed", []),
    }
    assert {o["id"]: o["kind"] for o in report["opportunities"]} == {"lockers": "removed"}
    assert report["summary"]["journeys"] == {
        "added": 1,
        "removed": 1,
        "changed": 1,
        "unreadable": 0,
    }

    out = repo.diff("HEAD~1", "HEAD").stdout
    assert "(moved from `journeys/retail/returns.md`) · moved" in out
    assert "| ➖ Click &#38; collect (`click-and-collect`) | removed |" in out
    assert "- **Sign up** (`sign-up`)\n  - Signs up (`signs-up`) · emotion 3" in out
    assert "- ➖ **Size filter ignores wide fit** (`size-filter-ignores-wide-fit`) resolved" in out
    # A diagram of the added journey, none of the removed one nor of the moved one.
    assert out.count("```mermaid") == 1
    assert "title First order" in out


def test_an_id_changed_in_the_same_file_is_flagged(repo: GitRepo) -> None:
    journey = returns_journey()
    journey["id"] = "returns-in-store"
    repo.journey("retail/returns.md", journey)
    report = repo.diff_json("HEAD")
    added = next(j for j in report["journeys"] if j["kind"] == "added")
    assert added["id"] == "returns-in-store"
    assert added["previous_id"] == "returns"
    assert "its id changed" in repo.diff("HEAD").stdout


def test_journey_fields_and_personas(repo: GitRepo) -> None:
    journey = returns_journey()
    journey.update(
        title="Return an item in store",
        persona=["busy-parent", "cafe-owner"],
        owner="Stores",
        reviewed="2026-09-14",
        tags=["retail"],
    )
    repo.journey("retail/returns.md", journey, body="The story.\n\nMore research.\n")
    repo.persona("busy-parent", {"name": "Busy parent", "role": "Parent of three"})
    repo.persona("student", {"name": "Student"})

    report = repo.diff_json("HEAD")
    returns = next(j for j in report["journeys"] if j["id"] == "returns")
    changed = {c["field"]: (c["old"], c["new"]) for c in returns["fields"]}
    assert changed == {
        "title": ("Return an item", "Return an item in store"),
        "personas": (["busy-parent"], ["busy-parent", "cafe-owner"]),
        "owner": (None, "Stores"),
        "reviewed": (None, "2026-09-14"),
        "tags": (None, ["retail"]),
        "notes": ("The story.", "The story.\n\nMore research."),
    }
    personas = {p["id"]: p for p in report["personas"]}
    assert personas["student"]["kind"] == "added"
    assert personas["busy-parent"]["fields"] == [
        {"field": "role", "old": "Parent of two", "new": "Parent of three"}
    ]
    assert "cafe-owner" not in personas
    out = repo.diff("HEAD").stdout
    assert "**personas:** added Café owner (`cafe-owner`)" in out
    assert "**notes (body text):** changed (+2 −0 lines)" in out
    assert "- ➕ **Student** (`student`) added" in out


# Pain points and opportunities -------------------------------------------------------------


def test_pain_points_added_and_resolved_per_journey_and_site_wide(repo: GitRepo) -> None:
    collect = collect_journey()
    collect["stages"][0]["steps"][1].pop("pains")  # size filter: resolved everywhere
    collect["stages"][1]["steps"][0].pop("pains")  # long queue: still in returns
    collect["stages"][1]["steps"][0].pop("opportunities")
    collect["stages"][0]["steps"][2]["pains"] = [
        {"id": "card-declined", "text": "Card declined", "severity": "critical"}
    ]
    repo.journey("retail/click-and-collect.md", collect)
    returns = returns_journey()
    returns["stages"][0]["steps"][0]["pains"] = [
        {"id": "long-queue", "text": "Long queue", "severity": "high"}
    ]
    returns["stages"][0]["steps"][0]["opportunities"] = [
        {
            "id": "lockers",
            "text": "Collection lockers",
            "fixes": ["long-queue"],
            "status": "planned",
        }
    ]
    repo.journey("retail/returns.md", returns)

    report = repo.diff_json("HEAD")
    collect_change = next(j for j in report["journeys"] if j["id"] == "click-and-collect")
    assert collect_change["pains_added"] == ["card-declined"]
    assert collect_change["pains_resolved"] == ["long-queue", "size-filter-ignores-wide-fit"]
    assert collect_change["opportunities_removed"] == ["lockers"]
    returns_change = next(j for j in report["journeys"] if j["id"] == "returns")
    assert returns_change["opportunities_added"] == ["lockers"]
    assert returns_change["pains_added"] == returns_change["pains_resolved"] == []
    site = {p["id"]: p["kind"] for p in report["pain_points"]}
    assert site == {"card-declined": "added", "size-filter-ignores-wide-fit": "removed"}
    lockers = report["opportunities"]
    assert [(o["id"], o["kind"]) for o in lockers] == [("lockers", "changed")]
    assert lockers[0]["fields"] == [{"field": "status", "old": "idea", "new": "planned"}]
    assert report["summary"]["opportunities"]["status_changed"] == 1

    out = repo.diff("HEAD").stdout
    assert "**Pain points new in this journey:** Card declined (`card-declined`)" in out
    assert "- ➕ **Card declined** (`card-declined`) new" in out
    assert "**status:** “idea” → “planned”" in out
    assert "pain points: 1 new, 1 resolved" in out
    assert "1 status change" in out


def test_pain_point_severity_change_is_site_wide(repo: GitRepo) -> None:
    collect = collect_journey()
    collect["stages"][1]["steps"][0]["pains"][0]["severity"] = "critical"
    repo.journey("retail/click-and-collect.md", collect)
    report = repo.diff_json("HEAD")
    assert report["journeys"] == []  # the steps name the same pain point as before
    assert report["pain_points"] == [
        {
            "id": "long-queue",
            "kind": "changed",
            "name": "Long queue",
            "fields": [{"field": "severity", "old": "high", "new": "critical"}],
            "path": None,
            "old_path": None,
        }
    ]


def test_touchpoint_registry_changes(repo: GitRepo) -> None:
    registry = copy.deepcopy(TOUCHPOINTS)
    registry[0]["channel"] = "online"
    registry.append({"id": "app", "name": "App"})
    repo.write("journeys/touchpoints.yml", yaml.safe_dump(registry, sort_keys=False))
    report = repo.diff_json("HEAD")
    assert [(t["id"], t["kind"]) for t in report["touchpoints"]] == [
        ("app", "added"),
        ("website", "changed"),
    ]


# Bad input on either side ------------------------------------------------------------------


def test_a_broken_map_on_one_side_gives_the_validator_messages(repo: GitRepo) -> None:
    repo.write("journeys/retail/returns.md", "---\ntitle: [unclosed\n---\n")
    collect = collect_journey()
    collect["stages"][0]["steps"][0]["emotion"] = 9  # sees-ad: an error in one step
    collect["stages"][0]["steps"][2]["emotion"] = 5  # pays: a real change
    repo.journey("retail/click-and-collect.md", collect)

    result = repo.diff("HEAD")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^working tree: journeys/retail/returns\.md:\d+: yaml: ", result.stderr, re.M)
    assert (
        "working tree: journeys/retail/click-and-collect.md:10: stages[0].steps[0].emotion: "
        "9 is not allowed (a whole number from 1 to 5) [error]"
    ) in result.stderr
    out = result.stdout
    assert "### ⚠️ Errors in the maps" in out
    assert "working tree: journeys/retail/returns.md:2: yaml:" in out
    # What has errors is not reported as removed, and what loads is still compared.
    assert "has errors in the new version, so it could not be compared" in out
    assert "| ⚠️ Return an item (`returns`) | has errors |" in out
    assert "**emotion:** 4 → 5 ▲ better" in out

    report = json.loads(repo.diff("HEAD", "--format", "json").stdout)
    kinds = {j["id"]: j["kind"] for j in report["journeys"]}
    assert kinds == {"click-and-collect": "changed", "returns": "unreadable"}
    steps = steps_by_id(report, "click-and-collect")
    assert steps["sees-ad"]["kind"] == "unreadable"
    assert steps["pays"]["kind"] == "changed"
    assert {p["side"] for p in report["problems"]} == {"head"}


def test_a_broken_map_at_base_names_the_revision(repo: GitRepo) -> None:
    repo.write("journeys/retail/returns.md", "no front matter at all\n")
    base = repo.commit("broken")
    repo.journey("retail/returns.md", returns_journey())
    repo.commit("fixed")
    result = repo.diff(base, "HEAD")
    assert result.returncode == 1
    assert f"{base} ({base[:12]}): journeys/retail/returns.md:1: front matter: missing" in (
        result.stderr
    )
    assert "Its file had errors in the old version" in result.stdout


def test_a_revision_that_does_not_exist_exits_2(repo: GitRepo) -> None:
    for args in (["no-such-branch"], ["HEAD", "no-such-branch"], ["HEAD~5"]):
        result = repo.diff(*args)
        assert result.returncode == 2, args
        assert "is not in this repository" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    result = repo.diff("--", "-x")
    assert result.returncode == 2


def test_a_shallow_clone_says_to_fetch_more_history(repo: GitRepo, tmp_path: Path) -> None:
    repo.journey("retail/returns.md", {**returns_journey(), "title": "Returns"})
    repo.commit("second")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True
    )
    result = journeys_cli("diff", "HEAD~1", cwd=clone)
    assert result.returncode == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
    # With both revisions present, a shallow clone works.
    subprocess.run(["git", "fetch", "-q", "--deepen=1"], cwd=clone, check=True)
    result = journeys_cli("diff", "HEAD~1", "HEAD", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert "**title:** “Return an item” → “Returns”" in result.stdout


def test_outside_a_git_repository_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    env_free = journeys_cli("diff", "HEAD", cwd=folder)
    assert env_free.returncode == 2
    assert "not inside a git repository" in env_free.stderr


# Unicode and Mermaid-hostile text ----------------------------------------------------------


def test_unicode_and_hostile_text_comes_through_intact(repo: GitRepo) -> None:
    texts = [s for s in NASTY_STRINGS if s.strip()]
    journey = collect_journey()
    journey["stages"][1]["steps"] = [
        {"action": f"Step {i}", "id": f"s{i}", "emotion": 3} for i in range(len(texts))
    ]
    repo.journey("retail/click-and-collect.md", journey)
    base = repo.commit("plain steps")
    for i, value in enumerate(texts):
        step = journey["stages"][1]["steps"][i]
        step["action"] = value
        step["thought"] = value
    repo.journey("retail/click-and-collect.md", journey)

    result = repo.diff(base)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Every text is written inert: no tag, no broken fence, no table cell split.
    rendered = python_markdown.markdown(out, extensions=["tables", "fenced_code"])
    assert not re.search(r"<(script|img|svg|br)\b", rendered, re.I)
    for i, value in enumerate(texts):
        assert f"**{text(value)}** (`s{i}`)" in out
    fence_lines = [line for line in out.splitlines() if line.startswith("```")]
    assert fence_lines.count("```mermaid") == 1 and len(fence_lines) == 2
    # The diagram is the core's diagram of the journey after the change.
    catalog = load_catalog(repo.root / "journeys", repo.root)
    expected = diagram(
        catalog,
        catalog.journeys["click-and-collect"],
        "The lists above give the changes in text.",  # not "the tables below": there are none
    )
    assert f"```mermaid\n{expected}```" in out
    assert "tables below" not in out

    steps = steps_by_id(repo.diff_json(base), "click-and-collect")
    for i, value in enumerate(texts):
        assert fields(steps[f"s{i}"]) == {
            "action": (f"Step {i}", value),
            "thought": (None, value),
        }


# Where the maps are ------------------------------------------------------------------------


def test_journeys_dir_of_mkdocs_yml_at_each_revision(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    site = "site-src"
    repo.write(
        f"{site}/mkdocs.yml", "site_name: x\nplugins:\n  - journeys:\n      journeys_dir: maps\n"
    )
    repo.write(f"{site}/maps/personas/busy-parent.md", front_matter(PERSONAS["busy-parent"]))
    repo.write(f"{site}/maps/returns.md", front_matter(returns_journey()))
    base = repo.commit("maps")
    # The folder moves; mkdocs.yml follows it.
    repo.git("mv", f"{site}/maps", f"{site}/journey-maps")
    repo.write(
        f"{site}/mkdocs.yml",
        "site_name: x\nplugins:\n  - journeys:\n      journeys_dir: journey-maps\n",
    )
    repo.commit("rename the folder")

    result = repo.diff(base, "HEAD", "--format", "json", cwd=repo.root / site)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["base"]["journeys_dir"] == f"{site}/maps"
    assert report["head"]["journeys_dir"] == f"{site}/journey-maps"
    assert [(j["id"], j["path"], j["old_path"]) for j in report["journeys"]] == [
        ("returns", f"{site}/journey-maps/returns.md", f"{site}/maps/returns.md")
    ]
    option = repo.diff(base, "--journeys-dir", "journey-maps", cwd=repo.root / site)
    assert option.returncode == 0, option.stderr
    assert "(`returns`) | added |" in option.stdout  # absent at base under that name
    assert "There is no journeys folder `site-src/journey-maps` in" in option.stdout


def test_a_folder_missing_on_both_sides_exits_2(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "hello\n")
    repo.commit("no maps")
    result = repo.diff("HEAD")
    assert result.returncode == 2
    assert "there is no journeys folder 'journeys'" in result.stderr


def test_maps_added_after_the_first_commit(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "hello\n")
    base = repo.commit("no maps yet")
    repo.persona("busy-parent", PERSONAS["busy-parent"])
    repo.journey("returns.md", returns_journey())
    result = repo.diff(base)
    assert result.returncode == 0, result.stderr
    assert "1 journey (1 added)" in result.stdout
    assert "There is no journeys folder `journeys` in" in result.stdout


def test_the_working_tree_and_the_index_are_left_alone(repo: GitRepo) -> None:
    collect = collect_journey()
    collect["title"] = "Changed, not committed"
    repo.journey("retail/click-and-collect.md", collect)
    repo.git("add", "journeys/retail/click-and-collect.md")
    repo.write("journeys/untracked.md", "---\ntitle: x\n---\n")
    before = (repo.git("status", "--porcelain"), repo.git("rev-parse", "HEAD"))
    first = repo.diff("HEAD")
    again = repo.diff("HEAD")
    assert first.stdout == again.stdout  # the same revisions give the same report
    assert (repo.git("status", "--porcelain"), repo.git("rev-parse", "HEAD")) == before
    assert "untracked.md" in first.stderr  # the working tree is read as it is, untracked too


# A history written by someone else ---------------------------------------------------------


def test_changes_to_the_example_maps_name_exactly_what_changed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(REPO / "journeys", repo.root / "journeys")
    base = repo.commit("the example maps")
    path = repo.root / "journeys/retail/click-and-collect.md"
    source = path.read_text(encoding="utf-8")
    edits = [
        (
            "        id: checks-status\n        touchpoint: website\n        emotion: 2\n",
            "        id: checks-status\n        touchpoint: website\n        emotion: 1\n",
        ),
        (
            "      - action: Reads the order confirmation email\n",
            "      - action: Reads the order confirmation e-mail\n",
        ),
        (
            "            status: idea\n            owner: Marketing\n",
            "            status: planned\n            owner: Marketing\n",
        ),
    ]
    for old, new in edits:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    path.write_text(source, encoding="utf-8")
    repo.commit("review")

    report = repo.diff_json(base, "HEAD")
    assert [j["id"] for j in report["journeys"]] == ["click-and-collect"]
    steps = steps_by_id(report, "click-and-collect")
    assert {i: fields(s) for i, s in steps.items()} == {
        "reads-confirmation": {
            "action": (
                "Reads the order confirmation email",
                "Reads the order confirmation e-mail",
            )
        },
        "checks-status": {"emotion": (2, 1)},
    }
    assert [(o["id"], o["fields"]) for o in report["opportunities"]] == [
        ("stock-aware-ads", [{"field": "status", "old": "idea", "new": "planned"}])
    ]
    assert report["pain_points"] == report["personas"] == report["touchpoints"] == []
    assert report["problems"] == []


def test_cwd_in_a_subfolder_without_mkdocs_yml(repo: GitRepo) -> None:
    """From a folder without mkdocs.yml, ./journeys is looked for there, as the plugin would."""
    (repo.root / "docs").mkdir()
    result = repo.diff("HEAD", cwd=repo.root / "docs")
    assert result.returncode == 2
    assert "docs/journeys" in result.stderr
    assert (repo.root / "journeys").is_dir()


def test_a_file_named_like_the_folder_is_not_the_folder(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("journeys", "a file, not the folder\n")
    base = repo.commit("a file")
    (repo.root / "journeys").unlink()
    repo.persona("busy-parent", PERSONAS["busy-parent"])
    repo.journey("returns.md", returns_journey())
    result = repo.diff(base)
    assert result.returncode == 0, result.stderr
    assert "1 journey (1 added)" in result.stdout


def test_symbolic_links_at_a_revision_are_read_as_a_checkout_reads_them(repo: GitRepo) -> None:
    (repo.root / "journeys/retail/returns-again.md").symlink_to("returns.md")
    (repo.root / "journeys/outside.md").symlink_to("../../outside.md")
    repo.commit("links")
    result = repo.diff("HEAD~1", "HEAD", "--format", "json")
    # The link inside the folder is read as the file it points to (its id is its own file
    # name); the one that leaves the folder is refused, on a revision as in the working tree.
    assert result.returncode == 0, result.stderr
    assert "journeys/outside.md:1: file: a symbolic link to a place outside" in result.stderr
    added = json.loads(result.stdout)["journeys"]
    assert [(j["id"], j["kind"], j["title"]) for j in added] == [
        ("returns-again", "added", "Return an item")
    ]


def _literal_tree(repo: GitRepo, entries: list[tuple[str, str, str]]) -> str:
    """A tree object as written, unchecked: (mode, name, object id) entries, '..' allowed."""
    data = b"".join(
        f"{mode} {name}".encode() + b"\0" + bytes.fromhex(object_id)
        for mode, name, object_id in entries
    )
    result = subprocess.run(
        ["git", "hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
        cwd=repo.root,
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode().strip()


def _blob(repo: GitRepo, content: str) -> str:
    result = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        cwd=repo.root,
        input=content.encode(),
        capture_output=True,
        check=True,
    )
    return result.stdout.decode().strip()


@pytest.mark.parametrize("attack", ["dot-dot entries", "a symbolic link as a parent"])
def test_a_crafted_tree_cannot_write_outside_the_diff_folder(
    repo: GitRepo, tmp_path: Path, attack: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    journey = _blob(repo, front_matter(collect_journey()))
    if attack == "dot-dot entries":
        inner = _literal_tree(repo, [("100644", "escaped.md", journey)])
        for _level in range(6):
            inner = _literal_tree(repo, [("40000", "..", inner)])
        journeys = inner
        expected = "has an entry 'journeys/../../../../../../escaped.md' that would be written"
    else:
        link = _blob(repo, str(outside))
        folder = _literal_tree(repo, [("100644", "escaped.md", journey)])
        journeys = _literal_tree(repo, [("120000", "link", link), ("40000", "link", folder)])
        expected = "has the entry 'journeys/link' twice, or under a symbolic link"
    root = _literal_tree(repo, [("40000", "journeys", journeys)])
    commit = repo.git("commit-tree", root, "-m", "crafted")
    result = repo.diff(commit, "HEAD")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert list(outside.iterdir()) == []
    assert not list(tmp_path.rglob("escaped.md"))


def test_a_comment_mentions_no_one_and_links_nowhere(repo: GitRepo) -> None:
    """A forge makes mentions, links and issue references from a comment's text after Markdown
    (character references do not stop it): a zero-width space after '@', 'www', a scheme and
    '#' before a digit does."""
    journey = collect_journey()
    base = repo.commit("base")
    said = (
        "Ask @retail-team or @octocat (ops@example.org), see www.example.org, http://x.example, #12"
    )
    journey["stages"][0]["steps"][0]["thought"] = said
    repo.journey("retail/click-and-collect.md", journey)
    result = repo.diff(base, "--no-diagrams")
    assert result.returncode == 0, result.stderr
    [prose] = [line for line in result.stdout.splitlines() if "octocat" in line]
    assert not re.search(r"@[\w-]", prose)
    shown = prose.replace("&#35;", "#").replace("&#58;", ":")
    assert not re.search(r"(?i)\bwww\.|\w://|#\d", shown)
    assert "@\u200bretail-team" in prose and "www\u200b.example.org" in prose
    # JSON is for tools: the text as written.
    data = repo.diff_json(base)
    assert said in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        (1.56, 1.6, "1.56 → 1.6 ▲"),  # both round to 1.6: more decimals, never 1.6 → 1.6
        (2.0, 2.04, "2 → 2.04 ▲"),
        (3.25, 3.0, "3.2 → 3 ▼"),
        (1.6, 1.6, "1.6 → 1.6"),
        (1.0001, 1.0002, "1.0001 → 1.0002 ▲"),
        (None, 2.5, "— → 2.5"),
    ],
)
def test_a_changed_score_is_never_shown_as_no_change(
    old: float | None, new: float | None, shown: str
) -> None:
    from journeys.diff_report import score_change

    assert score_change(old, new, "▲", "▼") == shown
