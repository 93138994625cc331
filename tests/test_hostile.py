"""Hostile and odd files: YAML that would stall or crash a reader, huge maps and texts, files that
are not UTF-8, odd line ends, symbolic links, odd file names, empty and missing folders, and
texts that try to become markup, script or links in the built pages.

Each gets a clear, located message or a page that shows it as text; none gets a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from journeys.catalog import load_catalog
from journeys.format.files import MAX_DEPTH, SourceError, parse_yaml
from journeys.format.slug import slugify
from journeys.pages.generate import generate_pages
from nasty_strings import NASTY_STRINGS
from sitekit import JOURNEY, MERMAID_JS, Project

BODY = "The story.\n"


def journey_text(data: dict[str, object], body: str = BODY) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def validate_json(project: Project, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = project.journeys_cli("validate", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)["problems"]


def located(problem: dict[str, object]) -> str:
    return f"{problem['path']}:{problem['line']}: {problem['field']}"


# YAML that would stall or crash a reader ------------------------------------------------------


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines)


HOSTILE_YAML = {
    # name: (front matter, the problem it must get)
    "billion laughs": (billion_laughs(), "more than 2,000,000 values once aliases are expanded"),
    "an alias in itself": ("title: &a [*a]", f"nested more than {MAX_DEPTH} levels deep"),
    "100,000 nested [": ("a: " + "[" * 100_000 + "]" * 100_000, "nested more than"),
    "100,000 [ never closed": ("a: " + "[" * 100_000, "nested more than"),
    "100,000 nested {": ("a: " + "{a: " * 100_000 + "}" * 100_000, "nested more than"),
    "100,000 nested sequences in one line": ("a:\n" + "- " * 100_000 + "x", "nested more than"),
    "100,000 nested explicit keys": ("? " * 100_000 + "x", "nested more than"),
    "2,000 mappings nested by indentation": (
        "\n".join(" " * level + f"k{level}:" for level in range(2000)) + " x",
        "nested more than",
    ),
    "sequences of mappings 1,000 deep": (
        "".join("  " * level + "- a:\n" for level in range(1000)) + "  " * 1000 + "x",
        "nested more than",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE_YAML))
def test_hostile_yaml_is_refused_quickly_with_a_located_message(
    project: Project, name: str
) -> None:
    front, message = HOSTILE_YAML[name]
    # In a process of its own first: libyaml's composer, on its own, crashes the process on
    # deep nesting (a segmentation fault would take this test run down with it).
    project.write("journeys/hostile.md", f"---\n{front}\n---\n")
    started = time.perf_counter()
    code, problems = validate_json(project)
    elapsed = time.perf_counter() - started
    assert code == 1
    mine = [p for p in problems if p["path"] == "journeys/hostile.md"]
    assert [p["field"] for p in mine] == ["yaml"], problems
    assert message in str(mine[0]["message"])
    assert 2 <= int(str(mine[0]["line"])) <= front.count("\n") + 2
    assert elapsed < 10, f"validate took {elapsed:.1f}s"
    # Then the reading itself, timed without the start of a process.
    started = time.perf_counter()
    with pytest.raises(SourceError, match=re.escape(message)):
        parse_yaml(front, first_line=2)
    assert time.perf_counter() - started < 1.0


def test_the_build_reports_hostile_yaml_and_builds_the_rest(project: Project) -> None:
    project.write("journeys/bomb.md", f"---\n{billion_laughs()}\n---\n")
    project.write("journeys/deep.md", "---\na: " + "[" * 100_000 + "\n---\n")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "journeys/bomb.md:8: yaml: more than 2,000,000 values" in result.stderr
    assert "journeys/deep.md:2: yaml: nested more than 64 levels deep" in result.stderr
    assert (project.root / "site/journeys/click-and-collect/index.html").is_file()


def test_merge_keys_and_ordinary_aliases_still_work(project: Project) -> None:
    project.write(
        "journeys/aliases.md",
        """\
        ---
        title: Aliases
        persona: busy-parent
        x-step: &step {emotion: 3, channel: web}
        stages:
          - name: Buy
            steps:
              - {<<: *step, action: Looks}
              - {<<: *step, action: Pays, emotion: 5}
        ---
        """,
    )
    catalog = load_catalog(project.journeys, project.root)
    journey = catalog.journeys["aliases"]
    assert [(s.action, s.emotion, s.channel) for s in journey.steps] == [
        ("Looks", 3, "web"),
        ("Pays", 5, "web"),
    ]


# Big maps and big texts --------------------------------------------------------------------------


def ten_thousand_steps() -> str:
    stages = []
    for stage in range(100):
        steps = []
        for number in range(stage * 100, stage * 100 + 100):
            step: dict[str, object] = {"action": f"Step {number}", "emotion": number % 5 + 1}
            if number % 3 == 0:
                step["pains"] = [f"Pain {number % 97}"]
            if number % 2 == 0:
                step["touchpoint"] = f"Touchpoint {number % 41}"
            steps.append(step)
        stages.append({"name": f"Stage {stage}", "steps": steps})
    return journey_text({"title": "Ten thousand steps", "persona": "busy-parent", "stages": stages})


@pytest.mark.slow
def test_a_ten_thousand_step_journey_validates_and_builds(project: Project) -> None:
    project.write("journeys/big.md", ten_thousand_steps())
    result = project.journeys_cli("validate")
    assert result.returncode == 0, result.stdout
    assert "10002 steps" in result.stdout  # and the two of the project's own journey
    site = project.build(strict=True)
    page = (site / "journeys/big/index.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'id="step-([a-z0-9-]+)"', page))) == 10_000
    # Mermaid would draw nothing for a diagram this big: the page says why, and where to look.
    assert '<pre class="mermaid"><code>---\nconfig:' not in page
    assert "The diagram is left out: its 10,000 steps make" in page
    assert "Every step is in the tables below." in page
    assert len(list((site / "pain-points").glob("pain-*/index.html"))) == 97
    assert len(list((site / "touchpoints").glob("touchpoint-*/index.html"))) == 41


def test_a_diagram_within_mermaids_limit_is_drawn(project: Project) -> None:
    steps = [{"action": f"Step {n}", "emotion": 3} for n in range(200)]
    project.write(
        "journeys/mid.md",
        journey_text(
            {"title": "Mid", "persona": "busy-parent", "stages": [{"name": "S", "steps": steps}]}
        ),
    )
    pages = {p.src_uri: p.markdown for p in generate_pages(load_catalog(project.journeys))}
    assert "```mermaid\n---\nconfig:" in pages["journeys/mid.md"]


def test_a_path_with_more_arrows_than_mermaid_draws_is_listed_instead(project: Project) -> None:
    steps = [
        {"action": f"Step {n}", "id": f"s{n}", "emotion": 3, "next": [f"s{(n + 1) % 600}"]}
        for n in range(600)
    ]
    project.write(
        "journeys/loop.md",
        journey_text(
            {"title": "Loop", "persona": "busy-parent", "stages": [{"name": "S", "steps": steps}]}
        ),
    )
    catalog = load_catalog(project.journeys)
    assert not catalog.problems.errors
    started = time.perf_counter()
    pages = {p.src_uri: p.markdown for p in generate_pages(catalog)}
    assert time.perf_counter() - started < 10
    page = pages["journeys/loop.md"]
    assert "The flowchart is left out: its 600 arrows" in page
    assert "flowchart TD" not in page
    assert page.count(" goes on to ") + page.count(" loops back to ") == 600


ONE_MB = ("word " * 200_000).strip()


def test_one_megabyte_texts_are_shown_whole(project: Project) -> None:
    data = {
        "title": "Big texts",
        "persona": "busy-parent",
        "stages": [
            {
                "name": "S",
                "steps": [
                    {
                        "action": "Reads",
                        "emotion": 3,
                        "thought": ONE_MB,
                        "pains": [{"id": "long-pain", "text": "Long " + ONE_MB}],
                    }
                ],
            }
        ],
    }
    project.write("journeys/big-texts.md", journey_text(data, body=ONE_MB + "\n"))
    assert validate_json(project)[0] == 0
    site = project.build(strict=True)
    page = (site / "journeys/big-texts/index.html").read_text(encoding="utf-8")
    assert ONE_MB in page  # the thought, in its table row, not cut
    assert page.count(ONE_MB) >= 3  # the thought, the pain and the body
    pain = (site / "pain-points/long-pain/index.html").read_text(encoding="utf-8")
    assert "Long " + ONE_MB in pain


def test_a_text_whose_slug_is_too_long_for_a_file_name_still_gets_its_page(
    project: Project,
) -> None:
    text = "x" * 1000
    data = {
        "title": "Long id",
        "persona": "busy-parent",
        "stages": [{"name": "S", "steps": [{"action": "A", "emotion": 3, "pains": [text]}]}],
    }
    project.write("journeys/long-id.md", journey_text(data))
    site = project.build(strict=True)
    [page] = [p for p in (site / "pain-points").iterdir() if p.name.startswith("xxx")]
    assert len(page.name) == 100
    assert text in (page / "index.html").read_text(encoding="utf-8")
    exported = json.loads(project.journeys_cli("export").stdout)
    [pain] = [p for p in exported["pain_points"] if p["id"] == text]  # the id stays whole
    assert pain["page"] == f"pain-points/{page.name}/"


# Encodings and line ends ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "content", "line"),
    [
        ("journeys/latin1.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"), 2),
        ("journeys/utf16.md", "---\ntitle: T\n---\n".encode("utf-16"), 1),
        ("journeys/binary.md", bytes(range(256)) * 4, 2),  # 0x0a comes first
        ("journeys/personas/latin1.md", "---\nname: Zo\xeb\n---\n".encode("latin-1"), 2),
        ("journeys/touchpoints.yml", "- id: caf\n  name: Caf\xe9\n".encode("cp1252"), 2),
        ("journeys/data/m.csv", "metric,value,touchpoint\ncaf\xe9,1,x\n".encode("latin-1"), 2),
    ],
)
def test_a_file_that_is_not_utf8_is_named_with_its_line(
    project: Project, relative: str, content: bytes, line: int
) -> None:
    path = project.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    code, problems = validate_json(project)
    assert code == 1
    assert f"{relative}:{line}: file" in [located(p) for p in problems], problems
    assert any("not UTF-8" in str(p["message"]) for p in problems)
    site = project.build()
    assert (site / "journeys/click-and-collect/index.html").is_file()


def test_bom_and_crlf_or_cr_line_ends_read_like_plain_files(project: Project) -> None:
    def windows(text: str, ends: str = "\r\n") -> bytes:
        return b"\xef\xbb\xbf" + text.replace("\n", ends).encode("utf-8")

    for path in project.journeys.rglob("*"):
        if path.is_file():
            path.write_bytes(windows(path.read_text(encoding="utf-8")))
    project.write("journeys/data/m.csv", "")
    (project.journeys / "data/m.csv").write_bytes(
        windows("journey,step,touchpoint,metric,value\n,,instagram-ad,ctr,0.1\n")
    )
    (project.journeys / "old-mac.md").write_bytes(
        windows(
            JOURNEY.replace("Click & collect", "Old Mac").replace(
                "promise", "id: old-mac\npromise"
            ),
            "\r",
        )
    )
    assert validate_json(project) == (0, [])
    # A problem in such a file is on the line an editor shows.
    broken = JOURNEY.replace("emotion: 2", "emotion: 9")
    (project.journeys / "retail/click-and-collect.md").write_bytes(windows(broken))
    code, problems = validate_json(project)
    assert code == 1
    assert [located(p) for p in problems] == [
        "journeys/retail/click-and-collect.md:19: stages[1].steps[0].emotion"
    ]


def test_unicode_line_separators_do_not_shift_the_lines_of_problems(project: Project) -> None:
    """YAML reads U+2028, U+2029 and U+0085 as line breaks; editors do not, nor do messages."""
    project.write(
        "journeys/separators.md",
        '---\ntitle: "a\\u2028b"\npersona: busy-parent\nowner: "x\u2028y\u2029z\x85w"\n'
        "stages:\n  - name: S\n    steps:\n      - action: A\n        emotion: 9\n---\n",
    )
    project.write("journeys/plain.md", "---\ntitle: T\nowner: x\u2028y\npersona: [\n---\n")
    _code, problems = validate_json(project)
    assert [located(p) for p in problems] == [
        # The unquoted U+2028 in 'owner' ends that line for YAML: the line to change.
        "journeys/plain.md:3: yaml",
        "journeys/separators.md:9: stages[0].steps[0].emotion",
    ]


# Symbolic links, file names, folders ---------------------------------------------------------


def test_symbolic_links_out_of_the_folder_are_reported_and_not_followed(
    project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(JOURNEY.replace("Click & collect", "Secret"))
    links = {
        "journeys/linked.md": outside / "secret.md",
        "journeys/linked-folder": outside,
        "journeys/root": Path("/"),
        "journeys/loop-a.md": project.journeys / "loop-b.md",
        "journeys/loop-b.md": project.journeys / "loop-a.md",
    }
    for relative, target in links.items():
        (project.root / relative).symlink_to(target)
    code, problems = validate_json(project)
    assert code == 0  # warnings only
    by_place = {located(p): str(p["message"]) for p in problems}
    for relative in ("journeys/linked.md", "journeys/linked-folder", "journeys/root"):
        assert "outside the journeys folder (not followed" in by_place[f"{relative}:1: file"]
    for relative in ("journeys/loop-a.md", "journeys/loop-b.md"):
        assert "loops (not followed)" in by_place[f"{relative}:1: file"]
    site = project.build()
    assert not (site / "journeys/secret").exists() and not (site / "journeys/linked").exists()
    assert "Secret" not in (site / "journeys/index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_not_read(project: Project) -> None:
    """Reading a pipe would wait for a writer that never comes: the run would hang."""
    os.mkfifo(project.journeys / "pipe.md")
    code, problems = validate_json(project)
    assert code == 0
    assert [(located(p), p["message"]) for p in problems] == [
        ("journeys/pipe.md:1: file", "not a regular file (not read)")
    ]
    assert (project.build() / "journeys/click-and-collect/index.html").is_file()


def test_file_names_with_spaces_and_unicode(project: Project) -> None:
    project.write(
        "journeys/Zoë's café/Straße & more – 日本.md", JOURNEY.replace("Click & collect", "Zoë")
    )
    project.write("journeys/personas/Ünïcødé persona.md", "---\nname: Ü\n---\n")
    project.write("journeys/日本.md", JOURNEY.replace("Click & collect", "Japan"))
    code, problems = validate_json(project)
    assert code == 1
    # A stem with no letter or digit of a slug needs an explicit id, and says so.
    assert [(located(p), p["message"]) for p in problems if p["severity"] == "error"] == [
        ("journeys/日本.md:1: id", "the file name gives no id (add 'id:' with a slug)")
    ]
    site = project.build()
    assert (site / f"journeys/{slugify('Straße & more – 日本')}/index.html").is_file()
    assert (site / f"personas/{slugify('Ünïcødé persona')}/index.html").is_file()
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "Zoë&#39;s café" in nav or "Zoë&#x27;s café" in nav


def test_empty_folders_make_an_empty_site(project: Project) -> None:
    for path in sorted(project.journeys.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (project.journeys / "empty/deeper").mkdir(parents=True)
    (project.journeys / "personas").mkdir()
    result = project.journeys_cli("validate")
    assert result.returncode == 0
    assert "0 journeys, 0 personas, 0 steps" in result.stdout
    site = project.build(strict=True)
    assert "No journey yet" in (site / "journeys/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_a_journeys_folder_that_is_not_there_is_a_clear_message(
    project: Project, kind: str
) -> None:
    for path in sorted(project.journeys.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    project.journeys.rmdir()
    if kind == "a file":
        project.journeys.write_text("not a folder")
    what = "does not exist" if kind == "missing" else "is not a folder"
    result = project.journeys_cli("validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"journeys:1: journeys_dir: the journeys folder {what}" in result.stdout
    for args in (["export"], ["render", "out"]):
        other = project.journeys_cli(*args)
        assert other.returncode == 1 and "Traceback" not in other.stderr, other.stderr
    build = project.mkdocs("build")
    assert build.returncode == 0 and "Traceback" not in build.stderr
    assert f"journeys:1: journeys_dir: the journeys folder {what}" in build.stderr
    strict = project.mkdocs("build", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_a_persona_image_cannot_publish_files_from_outside(
    project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG secret")
    (project.journeys / "personas/inside.png").write_bytes(b"\x89PNG ok")
    (project.journeys / "personas/link.png").symlink_to(outside)
    (project.journeys / "personas/index.html").write_text("<p>not an image</p>")
    images = {
        "up": "../../outside.png",
        "absolute": str(outside),
        "link": "link.png",
        "page": "index.html",
        "long": "x" * 5000 + ".png",
        "fine": "inside.png",
    }
    for name, image in images.items():
        project.write(
            f"journeys/personas/{name}.md", f"---\nname: {name}\nimage: {json.dumps(image)}\n---\n"
        )
    _code, problems = validate_json(project)
    messages = {str(p["path"]): str(p["message"]) for p in problems if p["field"] == "image"}
    assert "outside the journeys folder" in messages["journeys/personas/up.md"]
    assert "outside the journeys folder" in messages["journeys/personas/absolute.md"]
    assert "outside the journeys folder" in messages["journeys/personas/link.md"]
    assert "not an image file" in messages["journeys/personas/page.md"]
    assert "not a file" in messages["journeys/personas/long.md"]
    assert "journeys/personas/fine.md" not in messages
    site = project.build()
    published = [p.read_bytes() for p in (site / "personas").rglob("*.png")]
    assert published == [b"\x89PNG ok"]


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
UNSAFE_SVGS = {
    "script": (SVG + "<script>alert(1)</script></svg>", "line 2: it holds <script>"),
    "event": (SVG + '<rect onclick="alert(1)"/></svg>', "line 2: <rect> has the event attribute"),
    "foreign": (SVG + "<foreignObject><p>x</p></foreignObject></svg>", "<foreignObject>"),
    "remote": (SVG + '<image href="https://x.example/p.png"/></svg>', "outside the file"),
    "xlink": (SVG + '<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "outside"),
    "import": (SVG + "<style>@import url(https://x.example/s.css);</style></svg>", "a style"),
    "entities": ('<!DOCTYPE svg [<!ENTITY a "b">]>' + SVG + "&a;</svg>", "DOCTYPE"),
    "animated": (SVG + '<a><set attributeName="href" to="javascript:x"/></a></svg>', "changes"),
    "broken": (SVG + "<g></svg>", "not well-formed XML"),
}
SAFE_SVG = (
    SVG + '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use xlink:href="#g"/></svg>'
)


def test_an_svg_persona_image_must_be_a_picture_only(project: Project) -> None:
    """An SVG opened on its own runs its script on the site's origin: such a file is refused,
    with the file and its line named."""
    for name, (svg, _message) in {**UNSAFE_SVGS, "safe": (SAFE_SVG, "")}.items():
        project.write(f"journeys/personas/{name}.svg", svg)
        project.write(
            f"journeys/personas/{name}.md", f"---\nname: {name}\nimage: {name}.svg\n---\n"
        )
    code, problems = validate_json(project)
    assert code == 1
    messages = {str(p["path"]): str(p["message"]) for p in problems if p["field"] == "image"}
    assert "journeys/personas/safe.md" not in messages
    for name, (_svg, message) in UNSAFE_SVGS.items():
        assert f"'{name}.svg', line " in messages[f"journeys/personas/{name}.md"]
        assert message in messages[f"journeys/personas/{name}.md"], name
    assert {located(p) for p in problems if p["field"] == "image"} == {
        f"journeys/personas/{name}.md:3: image" for name in UNSAFE_SVGS
    }
    site = project.build()
    assert sorted(p.name for p in (site / "personas").rglob("*.svg")) == ["safe.svg"]


def test_a_journeys_folder_inside_docs_publishes_no_active_file(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write(
        "mkdocs.yml",
        config.replace("  - journeys:\n", "  - journeys:\n      journeys_dir: docs/maps\n"),
    )
    for path in sorted(project.journeys.rglob("*")):
        if path.is_file():
            project.write(f"docs/maps/{path.relative_to(project.journeys)}", path.read_text())
    project.write("docs/index.md", "# Home\n")
    project.write("docs/maps/evil.svg", UNSAFE_SVGS["script"][0])
    project.write("docs/maps/fine.svg", SAFE_SVG)
    project.write("docs/maps/page.html", "<script>alert(1)</script>")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr
    assert "maps/evil.svg is not published: 'evil.svg', line 2: it holds <script>" in result.stderr
    assert "maps/page.html is not published" in result.stderr
    site = project.root / "site"
    assert (site / "maps/fine.svg").is_file()
    assert not (site / "maps/evil.svg").exists() and not (site / "maps/page.html").exists()


# Texts that try to become markup, script or links ------------------------------------------------

INJECTIONS = [
    *(s for s in NASTY_STRINGS if "alert" in s or "<" in s or "javascript" in s.lower()),
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>",
    "<style>body{display:none}</style>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<a href='javascript:alert(1)'>click</a>",
    "![x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<javascript:alert(1)>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "{: onclick=alert(1) }",
    "<!-- --><script>alert(1)</script>",
    "]]></title><script>alert(1)</script>",
    "%%{init: {'securityLevel': 'loose'}}%%",
    'click A href "javascript:alert(1)"',
]

# What a built page may hold: the theme's own scripts and nothing that runs from a map's text.
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
_NEVER = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.raw: str | None = None  # the element whose text is script or style

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NEVER:
            self.found.append(f"<{tag}>")
        if tag in ("script", "style"):
            self.raw = tag
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            target = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in _URL_ATTRIBUTES and target.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self.raw = None

    def handle_data(self, data: str) -> None:
        if self.raw and "alert(" in data:
            self.found.append(f"<{self.raw}> with {data[:60]!r}")


def audit(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Audit()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {what}" for what in parser.found]
    return found


def injection_site(project: Project) -> None:
    """Every text of a map, a persona, a touchpoint and a metric row holds a payload."""
    project.write(
        "journeys/touchpoints.yml",
        yaml.safe_dump(
            [
                {"id": f"tp-{n}", "name": s, "channel": s, "owner": s}
                for n, s in enumerate(INJECTIONS)
            ]
        ),
    )
    rows = [["journey", "step", "touchpoint", "metric", "value", "period", "source"]]
    for number, payload in enumerate(INJECTIONS):
        steps = [
            {
                "action": payload,
                "id": "a",
                "emotion": 2,
                "expected": 4,
                "touchpoint": f"tp-{number}",
                "channel": payload,
                "thought": payload,
                "questions": [payload],
                "actors": [payload],
                "backstage": payload,
                "pains": [{"id": f"p{number}", "text": payload, "evidence": [payload]}],
                "opportunities": [
                    {"id": f"o{number}", "text": payload, "owner": payload, "fixes": [f"p{number}"]}
                ],
                "metrics": {payload: 1},
            },
            {"action": "Free", "id": "b", "emotion": 3, "touchpoint": payload, "next": ["a"]},
        ]
        data = {
            "title": payload,
            "persona": f"persona-{number}",
            "owner": payload,
            "tags": [payload],
            "promise": payload,
            "reviewed": "2026-01-01",
            "stages": [{"name": payload, "id": "s", "steps": steps}],
        }
        project.write(f"journeys/x{number}.md", journey_text(data, body=payload + "\n"))
        project.write(
            f"journeys/personas/persona-{number}.md",
            journey_text(
                {
                    "name": payload,
                    "role": payload,
                    "segment": payload,
                    "quote": payload,
                    "goals": [payload],
                    "needs": [payload],
                    "frustrations": [payload],
                    "tags": [payload],
                },
                body=payload + "\n",
            ),
        )
        future = {**data, "title": "Future", "state": "future", "current": f"x{number}"}
        project.write(f"journeys/future-{number}.md", journey_text(future))
        rows.append([f"x{number}", "a", "", payload, "1", payload, payload])
        rows.append([f"x{number}", "a", "", payload, "2", "2026-Q9", payload])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    (project.journeys / "data").mkdir(exist_ok=True)
    (project.journeys / "data/m.csv").write_text(out.getvalue(), encoding="utf-8")
    # A folder's name and a file's name are source text too.
    project.write("journeys/<img src=x onerror=alert(1)>/a&b <c>.md", JOURNEY)


# Extensions that a site may add and that act on a body: footnotes go to the page's end,
# attr_list sets attributes, snippets includes files.
EXTENSIONS = """\
  - footnotes
  - attr_list
  - md_in_html
  - abbr
  - def_list
  - admonition
  - pymdownx.details
  - pymdownx.snippets
"""
BODY_TRICKS = """
Text with a footnote[^1]. HTML here.

[^1]: <img src=x onerror=alert(1)> [x](javascript:alert(1))

*[HTML]: <img src=x onerror=alert(1)>

[styled](https://example.org){ onclick="alert(1)" }

<div markdown onmouseover="alert(1)">**md in html**</div>

--8<-- "mkdocs.yml"

```text
--8<-- "mkdocs.yml"
```
"""


def test_no_text_of_a_map_becomes_markup_script_or_a_link(project: Project) -> None:
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + EXTENSIONS)
    project.write(
        "journeys/tricks.md",
        JOURNEY.replace("The story.", BODY_TRICKS).replace(
            "title: Click & collect", "id: tricks\ntitle: Tricks"
        ),
    )
    injection_site(project)
    _code, problems = validate_json(project)
    assert [p for p in problems if p["severity"] == "error"] == [], problems
    site = project.build()
    assert audit(site) == []
    # The texts are on the pages, as text: a page shows the payload, not what it would do.
    page = (site / "journeys/x0/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # A body's snippet lines are shown as written: no file of the machine is published.
    tricks = (site / "journeys/tricks/index.html").read_text(encoding="utf-8")
    assert "site_name" not in tricks
    assert tricks.count('--8&lt;-- "mkdocs.yml"') == 2
    assert "<strong>md in html</strong>" in tricks and 'href="#fnref:1"' in tricks


def test_the_audit_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The audit above would see a payload that got through."""
    (tmp_path / "p.html").write_text(
        "<p onclick=x>a</p><a href=' java\tscript:alert(1)'>b</a><iframe></iframe>"
        "<script>alert(1)</script><img src='data:text/html,x'>"
    )
    assert len(audit(tmp_path)) == 5


def test_mermaid_runs_with_security_level_strict() -> None:
    """Mermaid's default securityLevel is 'strict', and Material's loader keeps it: it calls
    mermaid.initialize() without one (a later initialize starts again from the defaults)."""
    mermaid = MERMAID_JS.read_text(encoding="utf-8")
    defaults = re.search(r'maxTextSize:5e4,.{0,400}securityLevel:"(\w+)"', mermaid)
    assert defaults and defaults.group(1) == "strict"
    assert re.search(r'secure:\["secure","securityLevel"', mermaid)  # no diagram may change it
    import material

    bundle_dir = Path(material.__file__ or "").parent
    [bundle] = (bundle_dir / "templates/assets/javascripts").glob("bundle.*.min.js")
    calls = re.findall(r"mermaid\.initialize\(\{[^)]*\}\)", bundle.read_text(encoding="utf-8"))
    assert calls and all("securityLevel" not in call for call in calls)


def test_mermaid2_arguments_are_kept_strict(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - search\n",
        "  - search\n  - mermaid2:\n      arguments:\n        securityLevel: loose\n",
    ).replace("pymdownx.superfences.fence_code_format", "mermaid2.fence_mermaid_custom")
    project.write("mkdocs.yml", config)
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr
    assert "mermaid2's securityLevel 'loose' is replaced by 'strict'" in result.stderr
    page = project.html("journeys/click-and-collect")
    assert re.search(r"securityLevel\W+strict", page)
    assert "loose" not in page
    assert project.mkdocs("build", "--strict").returncode == 1


@pytest.mark.slow
def test_a_huge_metric_overlay_keeps_every_page_small(project: Project) -> None:
    """250,000 rows: 100,000 for one touchpoint, 100,000 for one step, 50,000 metrics for
    another touchpoint. Each series is drawn with at most MAX_POINTS points and says it shows
    averages, a place shows MAX_SERIES metrics at most, and no page is over 5 MB."""
    from journeys.pages.series import MAX_POINTS, MAX_SERIES

    lines = ["journey,step,touchpoint,metric,value,period"]
    lines += [f",,collection-desk,wait,{n % 97},{n:06d}" for n in range(100_000)]
    lines += [f"click-and-collect,sees-an-ad,,ctr,{n % 89},{n:06d}" for n in range(100_000)]
    lines += [f",,instagram-ad,metric-{n:05d},{n},2026-Q1" for n in range(50_000)]
    project.write("journeys/data/big.csv", "\n".join(lines) + "\n")
    site = project.build(strict=True)
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert max(sizes.values()) < 5_000_000, sorted(sizes.items(), key=lambda i: -i[1])[:3]
    journey = (site / "journeys/click-and-collect/index.html").read_text(encoding="utf-8")
    [spark] = re.findall(r'<svg class="journeys-spark".*?</svg>', journey.split("ctr", 1)[1])[:1]
    assert spark.count("<circle") == MAX_POINTS
    assert "averages of 100,000 values" in journey
    touchpoint = (site / "touchpoints/collection-desk/index.html").read_text(encoding="utf-8")
    assert f"100,000 values, shown as {MAX_POINTS} averages" in touchpoint
    assert "099999" in touchpoint  # the latest value's period, as it is
    # 50,000 metrics aimed at one touchpoint: a place shows MAX_SERIES of them, and says so.
    instagram = (site / "touchpoints/instagram-ad/index.html").read_text(encoding="utf-8")
    assert f"{50_000 - MAX_SERIES:,} more metrics are not shown here" in instagram
    # The step that uses it has its own ctr series too.
    assert f"{50_001 - MAX_SERIES:,} more metrics are not shown here" in journey


PATH_ARGUMENTS = [
    ["validate", "{path}"],
    ["export", "--journeys-dir", "{path}"],
    ["render", "{path}"],
    ["render", "out", "--journeys-dir", "{path}"],
    ["new", "journey", "x", "--journeys-dir", "{path}"],
    ["diff", "HEAD", "--journeys-dir", "{path}"],
]


@pytest.mark.parametrize("path", ["a" * 5000, "abc/" * 1100, "x" * 300])
@pytest.mark.parametrize("arguments", PATH_ARGUMENTS, ids=lambda a: " ".join(a[:2]))
def test_a_path_the_system_cannot_take_is_a_clear_message(
    project: Project, path: str, arguments: list[str]
) -> None:
    result = project.journeys_cli(*(a.format(path=path) for a in arguments))
    assert result.returncode in (1, 2), result.stdout
    assert "Traceback" not in result.stderr
    assert "the system takes" in result.stderr, result.stderr


def test_a_title_that_is_not_utf8_is_a_clear_message(project: Project) -> None:
    """A terminal set to Latin-1 passes bytes that are not UTF-8."""
    executable = shutil.which("journeys", path=str(Path(sys.executable).parent))
    assert executable
    for argv in (
        [b"new", b"journey", b"cafe", b"--title", b"Caf\xe9"],
        [b"new", b"persona", b"caf\xe9"],
        [b"validate", b"journeys/caf\xe9"],
    ):
        result = subprocess.run(
            [executable.encode(), *argv], cwd=project.root, capture_output=True, timeout=60
        )
        assert result.returncode in (1, 2), result
        assert b"Traceback" not in result.stderr, result.stderr
    assert (
        b"'Caf\\xe9' is not UTF-8 text"
        in subprocess.run(
            [executable.encode(), b"new", b"journey", b"cafe", b"--title", b"Caf\xe9"],
            cwd=project.root,
            capture_output=True,
            timeout=60,
        ).stderr
    )
    assert not (project.journeys / "cafe.md").exists()
