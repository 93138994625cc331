# ruff: noqa: E501 - the table holds whole messages and advice, each on one line.
"""The table of common slips in a map, with the message the tool prints for each.

The guide's page of common mistakes (``docs/guide/common-mistakes.md``) is written from this
table by ``scripts/write_common_mistakes.py``, and ``tests/test_hints.py`` checks that the tool
prints exactly these messages, on these lines, with these exit codes, under ``journeys
validate``, ``mkdocs build`` and the pre-commit hook, and that the page matches the table.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE = "docs/guide/common-mistakes.md"
# Each example is a journey file of its own, next to this persona.
PERSONA_FILE = "journeys/personas/busy-parent.md"
PERSONA_TEXT = "---\nname: Busy parent\n---\n"


@dataclass(frozen=True)
class Expected:
    """One line the tool prints: ``path:LINE: field: message [severity]``."""

    line: int
    field: str
    message: str
    severity: str

    def printed(self, path: str) -> str:
        return f"{path}:{self.line}: {self.field}: {self.message} [{self.severity}]"


@dataclass(frozen=True)
class Hint:
    """A common slip: its name, a title, what to know, an example file and what it gets."""

    name: str
    title: str
    advice: str
    source: str
    expected: tuple[Expected, ...]
    # Other files of the example's journeys folder: (path, text).
    others: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        return f"journeys/{self.name}.md"

    @property
    def exit_code(self) -> int:
        """What ``journeys validate`` exits with (``--strict``, the hook and CI: always 1)."""
        return 1 if any(e.severity == "error" for e in self.expected) else 0


HINTS = (
    Hint(
        "misplaced-opportunities",
        "A key indented one level too far out",
        "YAML reads structure from indentation. `opportunities` written in line with the stage's `steps` belongs to the stage, which has no opportunities: the tool names where the key belongs and the step to indent it under, instead of dropping the opportunity.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
    opportunities:
      - Show the delivery time before checkout
---
""",
        (
            Expected(
                9,
                "stages[0].opportunities",
                "belongs to a step, not a stage: indent it under the step that begins on line 7",
                "error",
            ),
        ),
    ),
    Hint(
        "misplaced-into-pain",
        "A key indented one level too far in",
        "A step's key indented under one of its pain points lands in the pain point, which has no such key: the tool names the step it belongs to and the key to line it up with.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Waits for the pizza
        emotion: 2
        pains:
          - text: Delivery is late
            thought: Where is it?
---
""",
        (
            Expected(
                11,
                "stages[0].steps[0].pains[0].thought",
                "belongs to a step, not a pain point: indent it less, in line with the step's 'action' on line 7",
                "error",
            ),
        ),
    ),
    Hint(
        "unknown-key",
        "A key the format does not know",
        "A key known at no level is a warning with the closest known key, so a typo is found. `journeys validate --strict`, the pre-commit hook and CI fail on warnings too.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
        thougth: So many to choose from
---
""",
        (
            Expected(
                9, "stages[0].steps[0].thougth", "unknown key (did you mean 'thought'?)", "warning"
            ),
        ),
    ),
    Hint(
        "tab",
        "A tab in the indentation",
        "YAML indents with spaces only; many editors insert a tab for the Tab key. Set the editor to insert spaces in YAML and Markdown files.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
\t- action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                7,
                "yaml",
                "this line is indented with a tab: YAML indents with spaces only (replace the tab with spaces) [parser: found character '\\t' that cannot start any token]; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "colon-in-text",
        "A text holding `: `",
        "`: ` (a colon and a space) starts a key in YAML, even inside a sentence. Put such a text in quotes.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
        thought: Note to self: order earlier
---
""",
        (
            Expected(
                9,
                "yaml",
                "the text of 'thought' holds ': ', which YAML reads as one more key (put the text in quotes: thought: \"Note to self: order earlier\") [parser: mapping values are not allowed here]; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "text-item-then-key",
        "A key under a list item that is a text",
        "A list item written as a plain text cannot hold keys: a key indented under it is a YAML error. Indent the key less, or write the item as a mapping (`- text: ...`).",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Waits for the pizza
        pains:
          - Delivery is late
            severity: high
        emotion: 2
---
""",
        (
            Expected(
                10,
                "yaml",
                "this line is indented under the list item on line 9, which is a text, so YAML cannot read a key here (indent it less, in line with the keys of the mapping it belongs to; or write the item as '- text: ...') [parser: mapping values are not allowed here]; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "dash-out-of-line",
        "A list item out of line",
        "The items of one list begin with a `-` in the same column. An item one space to the left or right is not in the list.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
     - action: Pays online
        emotion: 3
---
""",
        (
            Expected(
                9,
                "yaml",
                "this list item is out of line: its '-' is indented by 5 spaces, the '-' of the item on line 7 by 6 (align the '-' of items of one list) [parser: expected <block end>, but found '<block sequence start>']; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "key-out-of-line",
        "A key out of line with the keys above it",
        "The keys of one mapping begin in the same column.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
       emotion: 4
---
""",
        (
            Expected(
                8,
                "yaml",
                "'emotion' is out of line: it is indented by 7 spaces, 'action' on line 7 by 8 (keys of one mapping line up: indent it like the key it belongs with) [parser: expected <block end>, but found '<block mapping start>']; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "unclosed-quote",
        "A quote that is never closed",
        "A text that begins with a quote ends at the same quote mark.",
        """\
---
title: "Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                2,
                "yaml",
                "a quote opened on this line is never closed (end the text with the same quote mark) [parser: found unexpected end of stream]; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "apostrophe",
        "An apostrophe inside single quotes",
        "Inside single quotes, an apostrophe ends the text; write it twice, or use double quotes.",
        "---\ntitle: Order a pizza\npersona: busy-parent\nstages:\n  - name: Order\n    steps:\n      - action: Picks a pizza\n        emotion: 4\n        thought: 'It's too expensive'\n---\n",
        (
            Expected(
                9,
                "yaml",
                "the text ends at its second ' (an apostrophe inside single quotes is written twice: 'it''s', or put the text in double quotes) [parser: expected <block end>, but found '<scalar>']; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "special-first-character",
        "A text that begins with `@`, `` ` ``, `%`, `*`, `&`, `!`, `|`, `>`, `{` or `[`",
        "These characters mean something to YAML at the start of a value. Put such a text in quotes.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        touchpoint: @pizzaplace on Instagram
        emotion: 4
---
""",
        (
            Expected(
                8,
                "yaml",
                "a text cannot begin with '@' in YAML (put the text in quotes: \"@pizzaplace on Instagram\") [parser: found character '@' that cannot start any token]; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "unclosed-list",
        "A list in brackets that is not closed",
        "A list written `[a, b]` closes on the same line; an item holding `:` or `#` needs quotes.",
        """\
---
title: Order a pizza
persona: busy-parent
tags: [food, delivery
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                4,
                "yaml",
                "the '[' opened on this line is not closed by ']' on it, or an item holds ':', '#' or a quote (close it, or put the item in quotes) [parser: expected ',' or ']', but got ':']; the map is left out of the site until this is fixed",
                "error",
            ),
        ),
    ),
    Hint(
        "quoted-number",
        "A number in quotes",
        'In quotes, `"2"` is a text, and `emotion` is a whole number. Write numbers without quotes.',
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: "2"
        metrics: {conversion: "0.31"}
---
""",
        (
            Expected(
                8,
                "stages[0].steps[0].emotion",
                "'2' is text, because of its quotes (a whole number from 1 to 5: write 2 without quotes)",
                "error",
            ),
            Expected(
                9,
                "stages[0].steps[0].metrics.conversion",
                "'0.31' is text, because of its quotes (a number: write 0.31 without quotes)",
                "error",
            ),
        ),
    ),
    Hint(
        "empty-value",
        "A key with no value",
        "`emotion:` with nothing after it is empty, not missing: the message points at its line.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion:
---
""",
        (
            Expected(
                8, "stages[0].steps[0].emotion", "is empty (how the customer felt, 1 to 5)", "error"
            ),
        ),
    ),
    Hint(
        "id-case",
        "An id written in another case, or as a name",
        "Ids are lower case, with `-` between words: the persona `busy-parent`, not `Busy-Parent` or `Busy parent`.",
        """\
---
title: Order a pizza
persona: Busy-Parent
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                3,
                "persona",
                "unknown persona 'Busy-Parent' (did you mean 'busy-parent'? ids are lower case, with '-' between words)",
                "error",
            ),
        ),
    ),
    Hint(
        "id-typo",
        "An id with a typo",
        "An id that names nothing is an error, with the closest id there is.",
        """\
---
title: Order a pizza
persona: busy-parnet
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                3, "persona", "unknown persona 'busy-parnet' (did you mean 'busy-parent'?)", "error"
            ),
        ),
    ),
    Hint(
        "choice-case",
        "A value of a choice in another case",
        "`severity`, `status` and `state` take their values as written in the format, in lower case.",
        """\
---
title: Order a pizza
persona: busy-parent
stages:
  - name: Order
    steps:
      - action: Waits for the pizza
        emotion: 2
        pains:
          - text: Delivery is late
            severity: High
---
""",
        (
            Expected(
                11,
                "stages[0].steps[0].pains[0].severity",
                "'High' is not allowed (one of: low, medium, high, critical); write it in lower case: 'high'",
                "error",
            ),
        ),
    ),
    Hint(
        "date-as-text",
        "A date written another way",
        "`reviewed` is a date as YYYY-MM-DD; YAML reads `2026/09/14` or `14 September 2026` as text.",
        """\
---
title: Order a pizza
persona: busy-parent
reviewed: 2026/09/14
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                4,
                "reviewed",
                "'2026/09/14' is not a date (a date as YYYY-MM-DD, quoted or not): write 2026-09-14",
                "error",
            ),
        ),
    ),
    Hint(
        "touchpoint-typo",
        "A touchpoint id with a typo",
        "A touchpoint that `touchpoints.yml` does not name is a touchpoint of its own, written as free text; one that is a typo away from a registered id is a warning, so that its steps are not split from the registered touchpoint's.",
        """\
---
title: Collect an order
persona: busy-parent
stages:
  - name: Collect
    steps:
      - action: Queues at the desk
        touchpoint: colection-desk
        emotion: 2
---
""",
        (
            Expected(
                8,
                "stages[0].steps[0].touchpoint",
                "'colection-desk' is not in touchpoints.yml, so it is a touchpoint of its own (did you mean 'collection-desk'?)",
                "warning",
            ),
        ),
        (("journeys/touchpoints.yml", "- id: collection-desk\n  name: Collection desk\n"),),
    ),
    Hint(
        "template-text",
        "A text still the template's",
        "`journeys new` writes placeholder texts; each one left is a warning until it is replaced.",
        """\
---
title: Order a pizza
persona: busy-parent
owner: Who keeps this map
stages:
  - name: Order
    steps:
      - action: Picks a pizza
        emotion: 4
---
""",
        (
            Expected(
                4,
                "owner",
                "still the template's text (write your own in place of 'Who keeps this map')",
                "warning",
            ),
        ),
    ),
)


def common_mistakes_page() -> str:
    """The guide's page of common mistakes, from the table."""
    parts = [
        "# Common mistakes\n\n",
        "Maps are YAML written by hand, and YAML reads structure from indentation and a few "
        "characters. Here are the slips people make most, each with an example file and the very "
        "message `journeys validate` prints for it (`mkdocs build` and the pre-commit hook print "
        "the same). The project's tests check every message on this page against the tool.\n\n",
        "A message names the file, the line where you need to act and the field; an error makes "
        "`journeys validate` exit with 1, and a warning does too with `--strict`, which the "
        "pre-commit hook and the CI recipe use. A file whose YAML cannot be read is left out of "
        "the site until it is fixed (`mkdocs serve` keeps showing its last good page).\n",
    ]
    for hint in HINTS:
        source = hint.source.replace("\t", "→   ")  # a tab shown as an arrow, as editors can
        printed = "\n".join(e.printed(hint.path) for e in hint.expected)
        exits = (
            "`journeys validate` exits with 1."
            if hint.exit_code
            else "A warning: `journeys validate` exits with 0, and with 1 under `--strict`."
        )
        others = "".join(f"`{path}`:\n\n```yaml\n{text}```\n\n" for path, text in hint.others)
        parts.append(
            f"\n## {hint.title}\n\n{hint.advice}\n\n{others}"
            f'`{hint.path}`:\n\n```yaml linenums="1"\n{source}```\n\n'
            f"`journeys validate` prints:\n\n```text\n{printed}\n```\n\n{exits}\n"
        )
    return "".join(parts)
