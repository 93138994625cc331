"""Synthetic, contract-valid journey corpora of any size, the same for the same seed.

A corpus is a whole MkDocs project: ``mkdocs.yml`` (configured like the example site),
``docs/index.md`` and ``journeys/`` with N journeys of S steps in sub-folders, P personas,
K pain points shared across journeys, a touchpoint registry, opportunities and metric CSVs.

    .venv/bin/python benchmarks/generate.py OUT_DIR --journeys 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STAGES = ("Discover", "Choose", "Buy", "Use", "Get help")
CHANNELS = ("web", "app", "email", "store", "phone", "social", "chat", "post")
SEVERITIES = ("low", "medium", "medium", "medium", "high", "critical")
STATUSES = ("idea", "idea", "planned", "in-progress", "done")
FREE_TOUCHPOINTS = ("Partner app", "School WhatsApp group", "Banking app", "Courier text message")
WORDS = [
    "order",
    "account",
    "parcel",
    "refund",
    "store",
    "counter",
    "basket",
    "delivery",
    "invoice",
    "password",
    "card",
    "form",
    "agent",
    "queue",
    "label",
    "voucher",
    "size",
    "stock",
    "price",
    "receipt",
    "return",
    "contract",
    "renewal",
    "plan",
    "fee",
    "search",
    "filter",
    "review",
    "address",
    "slot",
    "locker",
    "courier",
    "message",
    "update",
    "chat",
    "call",
    "email",
    "app",
]
VERBS = [
    "checks",
    "compares",
    "opens",
    "reads",
    "fills",
    "pays",
    "waits",
    "calls",
    "asks",
    "finds",
    "chooses",
    "tracks",
    "returns",
    "collects",
    "cancels",
    "renews",
    "changes",
    "signs",
    "scans",
    "books",
]


@dataclass(frozen=True)
class Spec:
    """The shape of a corpus; every count is exact."""

    journeys: int
    steps: int = 8
    personas: int = 20
    pain_points: int = 0  # 0: five per journey, so 1000 journeys make 5000 pain points
    touchpoints: int = 60
    per_folder: int = 50  # journeys per sub-folder (nav section)
    seed: int = 1
    prune: bool = True  # Material's navigation.prune in the generated mkdocs.yml

    @property
    def pain_count(self) -> int:
        return self.pain_points or 5 * self.journeys


@dataclass
class Corpus:
    """What was written, for the benchmark's report."""

    root: Path
    journey_files: list[Path] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    pain_points: int = 0
    opportunities: int = 0


def _sentence(rng: random.Random, words: int) -> str:
    return _words(rng, words).capitalize()


def _words(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _q(value: str) -> str:
    """A YAML scalar: JSON strings are valid YAML, whatever the text holds."""
    return json.dumps(value, ensure_ascii=False)


class _Writer:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def write(self, relative: str, content: str) -> Path:
        path = self.corpus.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        self.corpus.files += 1
        self.corpus.bytes += len(data)
        return path


def mkdocs_yml(prune: bool = True) -> str:
    """The example site's configuration (Mermaid: the copy bundled with the package)."""
    features = ["navigation.instant", "navigation.indexes", "navigation.top", "search.highlight"]
    if prune:
        features.insert(2, "navigation.prune")
    return (
        "site_name: Benchmark corpus\n"
        "site_url: http://127.0.0.1:8000/\n"
        "theme:\n"
        "  name: material\n"
        "  font: false\n"
        "  features:\n" + "".join(f"    - {f}\n" for f in features) + "plugins:\n"
        "  - search\n"
        "  - journeys\n"
        "markdown_extensions:\n"
        "  - admonition\n"
        "  - attr_list\n"
        "  - tables\n"
        "  - toc:\n"
        "      permalink: true\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
    )


def generate(out: Path, spec: Spec) -> Corpus:
    """Write a project for ``spec`` into ``out`` (which should be empty or absent)."""
    rng = random.Random(spec.seed)
    corpus = Corpus(root=out)
    writer = _Writer(corpus)
    writer.write("mkdocs.yml", mkdocs_yml(spec.prune))
    writer.write(
        "docs/index.md",
        "# Benchmark corpus\n\n[Journeys](journeys/index.md), [Pain points](pain-points/index.md)"
        ", [Opportunities](opportunities/index.md)\n",
    )
    personas = [f"persona-{i:03d}" for i in range(1, spec.personas + 1)]
    for persona in personas:
        writer.write(f"journeys/personas/{persona}.md", _persona(rng, persona))
    touchpoints = [f"touchpoint-{i:03d}" for i in range(1, spec.touchpoints + 1)]
    writer.write("journeys/touchpoints.yml", _touchpoints(rng, touchpoints))

    pains = _PainPool(spec.pain_count, rng)
    opportunity_count = 0
    journey_ids = [f"journey-{i:05d}" for i in range(1, spec.journeys + 1)]
    folders = max(1, math.ceil(spec.journeys / spec.per_folder))
    step_rows: list[str] = []
    for index, journey_id in enumerate(journey_ids):
        folder = f"area-{index * folders // max(1, spec.journeys) + 1:02d}"
        future_of = (
            journey_ids[index - 1] if index % 10 == 9 and index % 20 != 19 else None
        )  # one map in ten is the future state of the map before it (never of another future)
        text, opportunities = _journey(
            rng, journey_id, spec, personas, touchpoints, pains, future_of, opportunity_count
        )
        opportunity_count += opportunities
        corpus.journey_files.append(writer.write(f"journeys/{folder}/{journey_id}.md", text))
        if index % 20 == 0:
            for quarter in range(1, 5):
                value = round(rng.uniform(0.2, 0.9), 3)
                step_rows.append(f"{journey_id},step-1,,completion_rate,{value},2026-Q{quarter},")
    touch_rows = [
        f",,{t},csat,{round(rng.uniform(1, 5), 1)},2026-Q{q},Survey tool"
        for t in touchpoints
        for q in range(1, 5)
    ]
    header = "journey,step,touchpoint,metric,value,period,source\n"
    writer.write("journeys/data/touchpoints.csv", header + "\n".join(touch_rows) + "\n")
    writer.write("journeys/data/steps.csv", header + "\n".join(step_rows) + "\n")
    corpus.pain_points = pains.used
    corpus.opportunities = opportunity_count
    return corpus


class _PainPool:
    """K pain point ids: each is defined (with its text) the first time it is used, and
    referred to by id alone after that. Every id is used; popular ones recur across journeys."""

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self.used = 0

    def pick(self) -> str:
        if self.used < self.size:
            self.used += 1
            return self._item(self.used, define=True)
        # Later references favour low numbers: a few pains recur in many journeys.
        number = min(self.size, int(self.size ** self.rng.random()))
        return self._item(max(1, number), define=False)

    def _item(self, number: int, define: bool) -> str:
        pain_id = f"pain-{number:05d}"
        if not define:
            return f"          - id: {pain_id}\n"
        rng = self.rng
        return (
            f"          - id: {pain_id}\n"
            f"            text: {_q(_sentence(rng, 6) + f' ({number})')}\n"
            f"            severity: {rng.choice(SEVERITIES)}\n"
            f"            evidence: [survey-2026-q{rng.randint(1, 4)}]\n"
        )


def _persona(rng: random.Random, persona_id: str) -> str:
    return (
        "---\n"
        f"name: {_q('Persona ' + persona_id.rsplit('-', 1)[1])}\n"
        f"role: {_q(_sentence(rng, 5))}\n"
        f"segment: {rng.choice(['B2C', 'B2B'])}\n"
        f"quote: {_q(_sentence(rng, 9))}\n"
        f"goals: [{_q(_sentence(rng, 4))}, {_q(_sentence(rng, 5))}]\n"
        f"needs: [{_q(_sentence(rng, 4))}]\n"
        f"frustrations: [{_q(_sentence(rng, 3))}, {_q(_sentence(rng, 3))}]\n"
        "---\n\n"
        f"{_sentence(rng, 40)}.\n"
    )


def _touchpoints(rng: random.Random, ids: list[str]) -> str:
    return "".join(
        f"- id: {t}\n  name: {_q(_sentence(rng, 2) + ' ' + t[-3:])}\n"
        f"  channel: {rng.choice(CHANNELS)}\n  owner: Team {rng.randint(1, 12)}\n"
        for t in ids
    )


def _journey(
    rng: random.Random,
    journey_id: str,
    spec: Spec,
    personas: list[str],
    touchpoints: list[str],
    pains: _PainPool,
    future_of: str | None,
    opportunity_start: int,
) -> tuple[str, int]:
    chosen = rng.sample(personas, k=min(len(personas), rng.choice((1, 1, 2))))
    reviewed = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
    lines = [
        "---",
        f"title: {_q(_sentence(rng, 5))}",
        f"persona: [{', '.join(chosen)}]",
        f"state: {'future' if future_of else 'current'}",
    ]
    if future_of:
        lines.append(f"current: {future_of}")
    lines += [
        f"owner: Team {rng.randint(1, 12)}",
        f"reviewed: {reviewed.isoformat()}",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        f"promise: {_q(_sentence(rng, 4))}",
        "stages:",
    ]
    stage_count = min(len(STAGES), max(1, spec.steps // 2))
    step_number = 0
    opportunities = 0
    for stage_index in range(stage_count):
        lines += [f"  - name: {STAGES[stage_index]}", "    steps:"]
        in_stage = spec.steps // stage_count + (stage_index < spec.steps % stage_count)
        for _ in range(in_stage):
            step_number += 1
            step_pains: list[str] = []
            action = f"{_sentence(rng, 1)} {rng.choice(VERBS)} {_words(rng, 3)}"
            lines += [
                f"      - action: {_q(action)}",
                f"        id: step-{step_number}",
            ]
            if rng.random() < 0.1:
                lines.append(f"        touchpoint: {_q(rng.choice(FREE_TOUCHPOINTS))}")
            else:
                lines.append(f"        touchpoint: {rng.choice(touchpoints)}")
            emotion = rng.randint(1, 5)
            lines.append(f"        emotion: {emotion}")
            if rng.random() < 0.5:
                lines.append(f"        expected: {rng.randint(emotion, 5)}")
            if rng.random() < 0.6:
                lines.append(f"        thought: {_q(_sentence(rng, 8))}")
            if rng.random() < 0.3:
                lines.append(f"        questions: [{_q(_sentence(rng, 5) + '?')}]")
            if rng.random() < 0.3:
                lines.append(f"        backstage: {_q(_sentence(rng, 7))}")
            if rng.random() < 0.7:
                lines.append("        pains:")
                for _ in range(rng.choice((1, 1, 1, 2))):
                    item = pains.pick()
                    step_pains.append(item.split("id: ", 1)[1].split("\n", 1)[0])
                    lines.append(item.rstrip("\n"))
            if step_pains and rng.random() < 0.3:
                opportunities += 1
                number = opportunity_start + opportunities
                lines += [
                    "        opportunities:",
                    f"          - id: opportunity-{number:05d}",
                    f"            text: {_q(_sentence(rng, 6) + f' ({number})')}",
                    f"            fixes: [{step_pains[0]}]",
                    f"            status: {rng.choice(STATUSES)}",
                    f"            owner: Team {rng.randint(1, 12)}",
                ]
            if rng.random() < 0.2:
                lines.append(f"        metrics: {{conversion: {round(rng.random(), 3)}}}")
            if step_number > 2 and rng.random() < 0.05:
                lines.append(f"        next: [step-{rng.randint(1, step_number - 1)}]")
    persona_link = f"../personas/{chosen[0]}.md"
    lines += [
        "---",
        "",
        "## Story",
        "",
        f"{_sentence(rng, 30)}. See [the persona]({persona_link}).",
        "",
        f"{_sentence(rng, 50)}.",
        "",
    ]
    return "\n".join(lines), opportunities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--personas", type=int, default=20)
    parser.add_argument("--pain-points", type=int, default=0, help="default: 5 per journey")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-prune", action="store_true", help="leave out navigation.prune")
    args = parser.parse_args()
    spec = Spec(
        journeys=args.journeys,
        steps=args.steps,
        personas=args.personas,
        pain_points=args.pain_points,
        seed=args.seed,
        prune=not args.no_prune,
    )
    corpus = generate(args.out, spec)
    print(
        f"wrote {corpus.files} files ({corpus.bytes / 1e6:.1f} MB) to {corpus.root}: "
        f"{spec.journeys} journeys, {corpus.pain_points} pain points, "
        f"{corpus.opportunities} opportunities"
    )


if __name__ == "__main__":
    main()
