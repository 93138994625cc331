"""The path of a non-linear journey as a Mermaid flowchart: where a step names ``next``, its
branches and loops; every other step leads on to the following one.

Texts are written with the Mermaid entity codes of :func:`journeys.mermaid.encode` inside
quoted labels: no text can end a label, start a comment or carry markup. Node ids are our own
(``s0``, ``s1`` ...), so no text can become a keyword such as ``end``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...format.model import Journey, Step
from ...web import addresses
from ...web.markup import link
from ...web.mermaid import encode
from ..journey import MERMAID_MAX_TEXT

MERMAID_MAX_EDGES = 500  # Mermaid's maxEdges


@dataclass(frozen=True)
class Edge:
    source: Step
    target: Step
    loop: bool  # goes back to the step itself or an earlier one


def edges(journey: Journey) -> list[Edge]:
    """Every transition: a step's ``next``, else the step after it; none after the last."""
    steps = journey.steps
    position = {step.id: index for index, step in enumerate(steps)}
    result: list[Edge] = []
    for index, step in enumerate(steps):
        if step.next:
            targets = [steps[position[t]] for t in step.next if t in position]
        else:
            targets = steps[index + 1 : index + 2]
        result.extend(Edge(step, target, position[target.id] <= index) for target in targets)
    return result


def is_non_linear(journey: Journey) -> bool:
    return any(step.next for step in journey.steps)


def flowchart(journey: Journey) -> str:
    """The Mermaid source: one subgraph per stage, one node per step."""
    node = {step.id: f"s{index}" for index, step in enumerate(journey.steps)}
    lines = ["flowchart TD"]
    for number, stage in enumerate(journey.stages):
        if not stage.steps:
            continue
        lines.append(f'  subgraph g{number} ["{encode(stage.name)}"]')
        lines.extend(f'    {node[step.id]}["{encode(step.action)}"]' for step in stage.steps)
        lines.append("  end")
    for edge in edges(journey):
        arrow = "-.->" if edge.loop else "-->"
        lines.append(f"  {node[edge.source.id]} {arrow} {node[edge.target.id]}")
    return "\n".join(lines) + "\n"


def flow_view(journey: Journey) -> str:
    """The flowchart and, as its text equivalent, the steps that branch or loop; empty for a
    journey whose steps simply follow one another."""
    if not is_non_linear(journey):
        return ""

    def step_link(step: Step) -> str:
        return link(step.action, f"#{addresses.step_anchor(step.id)}")

    items = []
    by_source: dict[str, list[Edge]] = {}
    for edge in edges(journey):  # once: per step, a big journey took quadratic time
        by_source.setdefault(edge.source.id, []).append(edge)
    for step in journey.steps:
        if not step.next:
            continue
        out = by_source.get(step.id, [])
        targets = ", ".join(step_link(e.target) + (" (back)" if e.loop else "") for e in out)
        if all(e.loop for e in out):
            kind = "loops back"
        else:
            kind = "branches" if len(out) > 1 else "goes on"
        items.append(f"- {step_link(step)} {kind} to {targets}")
    source = flowchart(journey)
    arrows = sum(len(out) for out in by_source.values())
    if len(source) > MERMAID_MAX_TEXT or arrows > MERMAID_MAX_EDGES:
        # Mermaid draws neither (its maxTextSize and maxEdges cannot be raised from a diagram).
        chart = (
            f"*The flowchart is left out: its {arrows:,} arrows and {len(source):,} characters "
            f"are more than Mermaid draws ({MERMAID_MAX_EDGES:,} arrows, "
            f"{MERMAID_MAX_TEXT:,} characters). The steps that branch or loop are listed here.*"
        )
    else:
        chart = "```mermaid\n" + source + "```"
    return "\n\n".join(
        [
            "## Path",
            "Where a step names the steps that may follow it, the journey branches or loops; "
            "every other step leads on to the next one. Dashed arrows go back to an earlier step.",
            chart,
            "\n".join(items),
        ]
    )


__all__ = ["Edge", "edges", "flow_view", "flowchart", "is_non_linear"]
