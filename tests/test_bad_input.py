"""Every class of bad input in the contract gets a located message, from the CLI and the build.

Each case writes a few files into a valid project and names the problems it must cause as
``path:LINE: field`` plus a fragment of the message. The same problems must come from
`journeys validate` (as JSON) and from `mkdocs build` (in its log), and neither may crash.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import pytest

from journeys.format.problems import Severity
from sitekit import Project


@dataclass(frozen=True)
class Case:
    files: dict[str, str | bytes]
    expected: list[tuple[str, str]]  # ("path:LINE: field", message fragment)
    severity: Severity = Severity.ERROR
    remove: tuple[str, ...] = field(default=())


STEP = "      - action: Pays\n        emotion: 4\n"


def journey(
    extra: str = "", steps: str = STEP, head: str = "title: T\npersona: busy-parent\n"
) -> str:
    return f"---\n{head}{extra}stages:\n  - name: Buy\n    steps:\n{steps}---\nBody.\n"


CASES: dict[str, Case] = {
    "missing title": Case(
        {"journeys/x.md": journey(head="persona: busy-parent\n")},
        [("journeys/x.md:1: title", "missing")],
    ),
    "missing persona": Case(
        {"journeys/x.md": journey(head="title: T\n")}, [("journeys/x.md:1: persona", "missing")]
    ),
    "empty persona list": Case(
        {"journeys/x.md": journey(head="title: T\npersona: []\n")},
        [("journeys/x.md:3: persona", "empty")],
    ),
    "unknown persona": Case(
        {"journeys/x.md": journey(head="title: T\npersona: [busy-parent, ghost]\n")},
        [("journeys/x.md:3: persona[1]", "unknown persona 'ghost'")],
    ),
    "missing stages": Case(
        {"journeys/x.md": "---\ntitle: T\npersona: busy-parent\n---\n"},
        [("journeys/x.md:1: stages", "missing")],
    ),
    "stage without steps": Case(
        {"journeys/x.md": "---\ntitle: T\npersona: busy-parent\nstages:\n  - name: Buy\n---\n"},
        [("journeys/x.md:5: stages[0].steps", "missing")],
    ),
    "step without emotion": Case(
        {"journeys/x.md": journey(steps="      - action: Pays\n        thought: Hm\n")},
        [("journeys/x.md:7: stages[0].steps[0].emotion", "missing")],
    ),
    "emotion out of range": Case(
        {"journeys/x.md": journey(steps="      - action: Pays\n        emotion: 6\n")},
        [("journeys/x.md:8: stages[0].steps[0].emotion", "1 to 5")],
    ),
    "emotion as text": Case(
        {"journeys/x.md": journey(steps="      - action: Pays\n        emotion: 'four'\n")},
        [("journeys/x.md:8: stages[0].steps[0].emotion", "'four' is not allowed")],
    ),
    "emotion as a fraction": Case(
        {"journeys/x.md": journey(steps="      - action: Pays\n        emotion: 3.5\n")},
        [("journeys/x.md:8: stages[0].steps[0].emotion", "whole number")],
    ),
    "expected out of range": Case(
        {"journeys/x.md": journey(steps=STEP + "        expected: 0\n")},
        [("journeys/x.md:9: stages[0].steps[0].expected", "1 to 5")],
    ),
    "unknown key": Case(
        {"journeys/x.md": journey(steps=STEP + "        emotoin: 3\n")},
        [("journeys/x.md:9: stages[0].steps[0].emotoin", "did you mean 'emotion'")],
        Severity.WARNING,
    ),
    "unknown top-level key": Case(
        {"journeys/x.md": journey(extra="tilte: Oops\n")},
        [("journeys/x.md:4: tilte", "did you mean 'title'")],
        Severity.WARNING,
    ),
    "bad state": Case(
        {"journeys/x.md": journey(extra="state: past\n")},
        [("journeys/x.md:4: state", "one of: current, future")],
    ),
    "current without future state": Case(
        {"journeys/x.md": journey(extra="current: click-and-collect\n")},
        [("journeys/x.md:4: current", "only on a future-state map")],
    ),
    "current names nothing": Case(
        {"journeys/x.md": journey(extra="state: future\ncurrent: nowhere\n")},
        [("journeys/x.md:5: current", "unknown journey 'nowhere'")],
    ),
    "current names a future map": Case(
        {
            "journeys/x.md": journey(extra="state: future\ncurrent: click-and-collect\n"),
            "journeys/y.md": journey(extra="state: future\ncurrent: x\n"),
        },
        [("journeys/y.md:5: current", "'x' is a future-state map")],
    ),
    "reviewed is not a date": Case(
        {"journeys/x.md": journey(extra="reviewed: last spring\n")},
        [("journeys/x.md:4: reviewed", "not a date")],
    ),
    "metric is a boolean": Case(
        {"journeys/x.md": journey(steps=STEP + "        metrics: {ctr: true}\n")},
        [("journeys/x.md:9: stages[0].steps[0].metrics.ctr", "boolean")],
    ),
    "metric is text": Case(
        {"journeys/x.md": journey(steps=STEP + "        metrics:\n          nps: high\n")},
        [("journeys/x.md:10: stages[0].steps[0].metrics.nps", "not a number")],
    ),
    "next names no step": Case(
        {"journeys/x.md": journey(steps=STEP + "        next: [pay-again]\n")},
        [("journeys/x.md:9: stages[0].steps[0].next[0]", "unknown step 'pay-again'")],
    ),
    "fixes names no pain point": Case(
        {
            "journeys/x.md": journey(
                steps=STEP + "        opportunities:\n          - id: o1\n            text: Do it\n"
                "            fixes: [nothing-here]\n"
            )
        },
        [("journeys/x.md:12: stages[0].steps[0].opportunities[0].fixes[0]", "unknown pain point")],
    ),
    "two texts for one pain point": Case(
        {
            "journeys/x.md": journey(
                steps=STEP + "        pains:\n          - id: long-queue\n            text: Other\n"
            )
        },
        [
            (
                "journeys/x.md:10: stages[0].steps[0].pains[0]",
                "'Long queue' at journeys/retail/click-and-collect.md:22",
            )
        ],
    ),
    "two severities for one pain point": Case(
        {
            "journeys/x.md": journey(
                steps=STEP + "        pains:\n          - id: out-of-stock\n            "
                "severity: low\n"
            )
        },
        [("journeys/x.md:10: stages[0].steps[0].pains[0].severity", "two severities")],
    ),
    "two statuses for one opportunity": Case(
        {
            "journeys/x.md": journey(
                steps=STEP + "        opportunities:\n          - id: lockers\n            "
                "status: done\n"
            )
        },
        [("journeys/x.md:10: stages[0].steps[0].opportunities[0].status", "two statuses")],
    ),
    "pain point id with no text anywhere": Case(
        {"journeys/x.md": journey(steps=STEP + "        pains:\n          - id: ghost-pain\n")},
        [("journeys/x.md:10: stages[0].steps[0].pains[0].id", "no text anywhere")],
    ),
    "opportunity id with no text anywhere": Case(
        {"journeys/x.md": journey(steps=STEP + "        opportunities:\n          - id: ghost\n")},
        [("journeys/x.md:10: stages[0].steps[0].opportunities[0].id", "no text anywhere")],
    ),
    "journey id used twice": Case(
        {"journeys/other/click-and-collect.md": journey()},
        [("journeys/retail/click-and-collect.md:1: id", "also used by journeys/other/")],
    ),
    "persona id used twice": Case(
        {"journeys/personas/parent.md": "---\nname: P\nid: busy-parent\n---\n"},
        [("journeys/personas/parent.md:1: id", "persona id 'busy-parent' is also used")],
    ),
    "step id used twice": Case(
        {"journeys/x.md": journey(steps=STEP + STEP)},
        [("journeys/x.md:9: stages[0].steps[1].id", "used twice")],
    ),
    "stage id used twice": Case(
        {
            "journeys/x.md": "---\ntitle: T\npersona: busy-parent\nstages:\n  - name: Buy\n"
            "    steps:\n      - action: A\n        emotion: 3\n  - name: Buy\n    steps:\n"
            "      - action: B\n        emotion: 3\n---\n"
        },
        [("journeys/x.md:9: stages[1].id", "used twice")],
    ),
    "text whose slug is empty": Case(
        {"journeys/x.md": journey(steps=STEP + "        pains:\n          - '🙁🙁'\n")},
        [("journeys/x.md:10: stages[0].steps[0].pains[0]", "slug is empty")],
    ),
    "invalid explicit id": Case(
        {"journeys/x.md": journey(extra="id: Bad_Id\n")},
        [("journeys/x.md:4: id", "not a valid id")],
    ),
    "unknown severity": Case(
        {
            "journeys/x.md": journey(
                steps=STEP
                + "        pains:\n          - text: Slow\n            severity: urgent\n"
            )
        },
        [("journeys/x.md:11: stages[0].steps[0].pains[0].severity", "low, medium, high, critical")],
    ),
    "unknown status": Case(
        {
            "journeys/x.md": journey(
                steps=STEP + "        opportunities:\n          - text: Faster\n"
                "            status: someday\n"
            )
        },
        [("journeys/x.md:11: stages[0].steps[0].opportunities[0].status", "idea, planned")],
    ),
    "no front matter": Case(
        {"journeys/x.md": "# Just Markdown\n"}, [("journeys/x.md:1: front matter", "missing")]
    ),
    "front matter not closed": Case(
        {"journeys/x.md": "---\ntitle: T\n"}, [("journeys/x.md:1: front matter", "not closed")]
    ),
    "front matter is not a mapping": Case(
        {"journeys/x.md": "---\n- a\n- b\n---\n"},
        [("journeys/x.md:1: front matter", "mapping")],
    ),
    "invalid YAML": Case(
        {"journeys/x.md": "---\ntitle: T\npersona: [busy-parent\nstages: []\n---\n"},
        [("journeys/x.md:3: yaml", "the '[' opened on this line is not closed by ']'")],
    ),
    "key given twice": Case(
        {"journeys/x.md": journey(extra="title: Again\n")},
        [("journeys/x.md:4: title", "given twice")],
    ),
    "not UTF-8": Case(
        {"journeys/x.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1")},
        [("journeys/x.md:2: file", "not UTF-8")],
    ),
    "csv row aims at a journey and a touchpoint": Case(
        {
            "journeys/data/m.csv": "journey,step,touchpoint,metric,value\n"
            "click-and-collect,sees-an-ad,live-chat,csat,4\n"
        },
        [("journeys/data/m.csv:2: row", "set journey and step, or touchpoint alone")],
    ),
    "csv value is a boolean": Case(
        {"journeys/data/m.csv": "journey,step,touchpoint,metric,value\n,,instagram-ad,ctr,true\n"},
        [("journeys/data/m.csv:2: value", "'true' is not a number")],
    ),
    "csv names an unknown step": Case(
        {
            "journeys/data/m.csv": "journey,step,touchpoint,metric,value,period,source\n"
            "click-and-collect,sees-an-ad,,ctr,0.1,Q1,\r\nclick-and-collect,nope,,ctr,0.1,,\r\n"
        },
        [("journeys/data/m.csv:3: step", "unknown step 'nope'")],
    ),
    "csv names an unknown touchpoint": Case(
        {"journeys/data/m.csv": "journey,step,touchpoint,metric,value\n,,telex,csat,4\n"},
        [("journeys/data/m.csv:2: touchpoint", "unknown touchpoint 'telex'")],
    ),
    "csv quote never closed": Case(
        {
            "journeys/data/m.csv": "journey,step,touchpoint,metric,value\n"
            ',,live-chat,csat,4\n,,live-chat,"csat,4\n,,live-chat,csat,5\n,,live-chat,csat,3\n'
        },
        [("journeys/data/m.csv:3: row", "opened in this row is never closed")],
    ),
    "csv text after a closing quote": Case(
        {"journeys/data/m.csv": 'journey,step,touchpoint,metric,value\n,,live-chat,"cs"at,4\n'},
        [("journeys/data/m.csv:2: row", "not valid CSV")],
    ),
    "csv column repeated": Case(
        {
            "journeys/data/m.csv": "journey,step,touchpoint,metric,value,value\n"
            ",,live-chat,csat,4,5\n"
        },
        [("journeys/data/m.csv:1: header.value", "repeated column")],
    ),
    "csv NUL byte": Case(
        {
            "journeys/data/m.csv": "journey,step,touchpoint,metric,value\n"
            ",,live-chat,csat,4\n,,live\x00,c,1\n"
        },
        [("journeys/data/m.csv:3: file", "NUL character")],
    ),
    "csv without a value column": Case(
        {"journeys/data/m.csv": "journey,step,touchpoint,metric\n,,live-chat,csat\n"},
        [("journeys/data/m.csv:1: header", "missing column value")],
    ),
    "touchpoint without id": Case(
        {"journeys/touchpoints.yml": "- id: live-chat\n  name: Chat\n- name: Phone\n"},
        [("journeys/touchpoints.yml:3: [1].id", "missing")],
    ),
    "persona without name": Case(
        {"journeys/personas/p.md": "---\nrole: Someone\n---\n"},
        [("journeys/personas/p.md:1: name", "missing")],
    ),
    "persona image that does not exist": Case(
        {"journeys/personas/p.md": "---\nname: P\nimage: p.png\n---\n"},
        [("journeys/personas/p.md:3: image", "not a file")],
    ),
}


def write_case(project: Project, case: Case) -> None:
    for relative, content in case.files.items():
        path = project.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def located(problem: dict[str, object]) -> str:
    return f"{problem['path']}:{problem['line']}: {problem['field']}"


@pytest.mark.parametrize("name", list(CASES))
def test_validate_names_file_line_and_field(project: Project, name: str) -> None:
    case = CASES[name]
    write_case(project, case)
    result = project.journeys_cli("validate", "--format", "json")
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    problems = {(located(p), str(p["message"]), p["severity"]) for p in report["problems"]}
    for where, fragment in case.expected:
        assert any(
            w == where and fragment in message and severity == case.severity.value
            for w, message, severity in problems
        ), f"expected {where}: ...{fragment}... in {sorted(problems)}"
    assert result.returncode == (1 if case.severity is Severity.ERROR else 0)
    if case.severity is Severity.WARNING:
        assert project.journeys_cli("validate", "--strict").returncode == 1


@pytest.mark.parametrize("name", list(CASES))
def test_build_reports_the_same_problems(
    project: Project, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    case = CASES[name]
    write_case(project, case)
    with caplog.at_level(logging.WARNING):
        project.build()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for where, fragment in case.expected:
        assert f"{where}: " in logged and fragment in logged, logged
    # The valid journey still gets its page.
    assert (project.root / "site/journeys/click-and-collect/index.html").is_file()


def test_every_problem_of_a_file_is_reported_not_only_the_first(project: Project) -> None:
    project.write(
        "journeys/x.md",
        journey(
            extra="state: past\nreviewed: soon\n",
            steps="      - action: A\n        emotion: 9\n      - action: B\n        emotion: 0\n",
        ),
    )
    result = project.journeys_cli("validate")
    assert result.returncode == 1
    for where in (
        "journeys/x.md:4: state",
        "journeys/x.md:5: reviewed",
        "journeys/x.md:10: stages[0].steps[0].emotion",
        "journeys/x.md:12: stages[0].steps[1].emotion",
    ):
        assert where in result.stdout


def test_missing_journeys_folder_is_a_clear_message(project: Project) -> None:
    result = project.journeys_cli("validate", "no-such-folder")
    assert result.returncode == 1
    assert "no-such-folder:1: journeys_dir: the journeys folder does not exist" in result.stdout
    assert "Traceback" not in result.stderr


def test_strict_build_fails_on_a_warning(project: Project) -> None:
    project.write("journeys/x.md", journey(steps=STEP + "        emotoin: 3\n"))
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 1
    assert "journeys/x.md:9: stages[0].steps[0].emotoin: unknown key" in result.stderr
    assert project.mkdocs("build").returncode == 0


def test_github_format_annotates_each_problem(project: Project) -> None:
    project.write("journeys/x.md", journey(steps="      - action: A\n        emotion: 9\n"))
    result = project.journeys_cli("validate", "--format", "github")
    assert result.returncode == 1
    assert (
        "::error file=journeys/x.md,line=8,title=stages[0].steps[0].emotion::"
        "stages[0].steps[0].emotion: 9 is not allowed (a whole number from 1 to 5)"
    ) in result.stdout.splitlines()


def test_one_bad_value_gives_one_error_not_a_cascade(project: Project) -> None:
    """A step dropped for a bad emotion still defines its pain point, touchpoint and step id."""
    project.write(
        "journeys/x.md",
        journey(
            steps="      - action: Waits\n        touchpoint: Shop phone\n        emotion: 9\n"
            "        pains:\n          - id: no-answer\n            text: Nobody answers\n"
        ),
    )
    project.write(
        "journeys/y.md",
        journey(steps=STEP + "        pains:\n          - id: no-answer\n"),
    )
    project.write(
        "journeys/data/m.csv",
        "journey,step,touchpoint,metric,value\nx,waits,,minutes,3\n,,shop-phone,csat,2\n",
    )
    result = project.journeys_cli("validate")
    errors = [line for line in result.stdout.splitlines() if line.endswith("[error]")]
    assert errors == [
        "journeys/x.md:9: stages[0].steps[0].emotion: 9 is not allowed "
        "(a whole number from 1 to 5) [error]"
    ]
