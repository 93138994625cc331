"""Parsing one source file into typed objects, reporting every problem in it.

Cross-file rules (unknown personas, site-wide ids, broken references) belong to the catalog.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .files import FrontMatter, SourceError, YamlList, YamlMap, read_text, read_yaml_file
from .keys import (
    DEFAULT_STATE,
    JOURNEY,
    METRICS_CSV,
    OPPORTUNITY,
    PAIN,
    PERSONA,
    STAGE,
    STEP,
    TOUCHPOINT,
    Object,
)
from .levels import check_levels
from .mapping import Fields, as_text, join_field
from .model import (
    Journey,
    MetricRow,
    OpportunityRef,
    PainRef,
    Persona,
    Stage,
    Step,
    Touchpoint,
    Where,
)
from .problems import Problems
from .slug import is_id, slugify
from .template import check_placeholders

CSV_COLUMNS = METRICS_CSV.names
CSV_REQUIRED = tuple(key.name for key in METRICS_CSV if key.required)
# Keys of a journey file that `check_levels` reports where they are at the wrong level.
_ELSEWHERE = frozenset(JOURNEY.names + STAGE.names + STEP.names + PAIN.names + OPPORTUNITY.names)
# A journey's `name` is a slip for `title`: a warning that suggests it.
_ELSEWHERE_OF_JOURNEY = _ELSEWHERE - {"name"}


def _top_level(front: FrontMatter, path: str, problems: Problems, what: str) -> YamlMap | None:
    if not isinstance(front.data, YamlMap):
        problems.error(path, 1, "front matter", f"must be a YAML mapping of keys ({what})")
        return None
    return front.data


def parse_journey(
    front: FrontMatter, source: Path, path: str, group: str, problems: Problems
) -> Journey | None:
    """A journey from its front matter; None when there is no usable mapping at all."""
    data = _top_level(front, path, problems, "title, persona, stages, ...")
    if data is None:
        return None
    check_levels(data, path, problems)
    check_placeholders(data, front.body, front.body_line, path, problems, yaml_text=front.text)
    fields = Fields.of(
        data,
        path,
        "",
        problems,
        JOURNEY,
        missing_line=1,
        reported_elsewhere=_ELSEWHERE_OF_JOURNEY,
    )
    journey_id = fields.identifier("id") or _stem_id(source, path, problems)
    title = fields.read(JOURNEY["title"]) or journey_id
    personas = fields.id_list("persona", "persona")
    persona_needs = JOURNEY["persona"].required or ""
    if data.get("persona") is None:
        fields.missing("persona", persona_needs)
    elif not personas and isinstance(data.get("persona"), YamlList):
        fields.error("persona", f"is empty ({persona_needs})")
    state: str = fields.read(JOURNEY["state"]) or DEFAULT_STATE
    current = fields.text("current")
    if current is not None and state != "future":
        fields.error("current", "is allowed only on a future-state map (add 'state: future')")
    journey = Journey(
        id=journey_id,
        title=title,
        source=source,
        where=Where(path, 1, ""),
        group=group,
        personas=[persona for persona, _ in personas],
        personas_where=[where for _, where in personas],
        stages=[],
        state=state,
        current=current if state == "future" else None,
        current_where=fields.where("current") if current is not None else None,
        **fields.read_plain(JOURNEY, "title", "state"),
        body=front.body,
        body_line=front.body_line,
    )
    stages = fields.mapping_list("stages", required=JOURNEY["stages"].required)
    stage_ids: dict[str, int] = {}
    step_ids: dict[str, int] = {}
    for index in range(len(stages or [])):
        assert stages is not None
        stage = _parse_stage(
            stages, index, path, problems, stage_ids, step_ids, journey.dropped_steps
        )
        if stage is not None:
            journey.stages.append(stage)
    return journey


def _stem_id(source: Path, path: str, problems: Problems) -> str:
    journey_id = slugify(source.stem)
    if not journey_id:
        problems.error(path, 1, "id", "the file name gives no id (add 'id:' with a slug)")
        return "unnamed"
    return journey_id


def _mapping_item(
    items: YamlList, index: int, path: str, field_path: str, problems: Problems, what: str
) -> YamlMap | None:
    item = items[index]
    if isinstance(item, YamlMap):
        return item
    problems.error(path, items.item_line(index), field_path, f"must be a mapping ({what})")
    return None


def _item_id(fields: Fields, text_key: str, what: str) -> str | None:
    """An explicit id, else the slug of the item's text; an empty slug needs an explicit id."""
    if fields.has("id"):
        return fields.identifier("id")
    text = as_text(fields.data.get(text_key))
    if text is None:
        return None
    slug = slugify(text)
    if not slug:
        fields.error(
            text_key, f"gives no id: its slug is empty (add an explicit 'id:' to this {what})"
        )
        return None
    return slug


def _parse_stage(
    stages: YamlList,
    index: int,
    path: str,
    problems: Problems,
    stage_ids: dict[str, int],
    step_ids: dict[str, int],
    dropped: list[Step],
) -> Stage | None:
    prefix = join_field("stages", index)
    data = _mapping_item(stages, index, path, prefix, problems, "a stage with name and steps")
    if data is None:
        return None
    fields = Fields.of(data, path, prefix, problems, STAGE, reported_elsewhere=_ELSEWHERE)
    name = fields.read(STAGE["name"])
    stage_id = _item_id(fields, "name", "stage")
    steps = fields.mapping_list("steps", required=STAGE["steps"].required)
    stage = Stage(id=stage_id or "", name=name or "", where=Where(path, data.line, prefix))
    steps_field = join_field(prefix, "steps")
    for step_index in range(len(steps or [])):
        assert steps is not None
        step = _parse_step(steps, step_index, steps_field, path, problems, dropped)
        if step is None:
            continue
        if step.id in step_ids:
            problems.error(
                path,
                step.where.line,
                join_field(step.where.field, "id"),
                f"step id '{step.id}' is used twice in this journey (first at line "
                f"{step_ids[step.id]}; give the step an explicit 'id:')",
            )
            dropped.append(step)
            continue
        step_ids[step.id] = step.where.line
        stage.steps.append(step)
    if name is None or stage_id is None:
        dropped.extend(stage.steps)  # reported above; the stage cannot be shown without a name
        return None
    if stage_id in stage_ids:
        problems.error(
            path,
            fields.line("id") if fields.has("id") else fields.line("name"),
            join_field(prefix, "id"),
            f"stage id '{stage_id}' is used twice in this journey (first at line "
            f"{stage_ids[stage_id]}; give each stage its own id)",
        )
    else:
        stage_ids[stage_id] = data.line
    return stage


def _parse_step(
    steps: YamlList,
    index: int,
    list_field: str,
    path: str,
    problems: Problems,
    dropped: list[Step],
) -> Step | None:
    prefix = join_field(list_field, index)
    data = _mapping_item(steps, index, path, prefix, problems, "a step with action and emotion")
    if data is None:
        return None
    fields = Fields.of(data, path, prefix, problems, STEP, reported_elsewhere=_ELSEWHERE)
    action = fields.read(STEP["action"])
    step_id = _item_id(fields, "action", "step")
    emotion = fields.read(STEP["emotion"])
    plain = fields.read_plain(STEP, "action", "emotion", "touchpoint", "touchpoints")
    touchpoints, touchpoint_texts = _step_touchpoints(fields)
    next_ids = fields.id_list("next", "step")
    step = Step(
        id=step_id or "",
        action=action or "",
        emotion=emotion or 0,
        where=Where(path, data.line, prefix),
        touchpoints=touchpoints,
        touchpoint_texts=touchpoint_texts,
        touchpoint_where=_touchpoint_where(fields),
        next=[step_ref for step_ref, _ in next_ids],
        next_where=[where for _, where in next_ids],
        **plain,
    )
    pains = data.get("pains")
    step.pains = [
        pain
        for pain in _parse_items(fields, "pains", pains, _parse_pain)
        if isinstance(pain, PainRef)
    ]
    step.opportunities = [
        opportunity
        for opportunity in _parse_items(
            fields, "opportunities", data.get("opportunities"), _parse_opportunity
        )
        if isinstance(opportunity, OpportunityRef)
    ]
    if action is None or step_id is None or emotion is None:
        # Reported above; what it defines (pain texts, touchpoints) still counts site-wide,
        # so one bad value does not cause misleading errors elsewhere.
        dropped.append(step)
        return None
    return step


def _touchpoint_where(fields: Fields) -> Where | None:
    """Where the step's touchpoint key is written, for the messages about it."""
    for key in ("touchpoint", "touchpoints"):
        if fields.has(key):
            return fields.where(key)
    return None


def _step_touchpoints(fields: Fields) -> tuple[list[str], list[str]]:
    """A step's touchpoint ids and texts, from `touchpoint` (one) or `touchpoints` (a list)."""
    if fields.has("touchpoint") and fields.has("touchpoints"):
        fields.error(
            "touchpoints",
            f"is given beside 'touchpoint' (line {fields.line('touchpoint')}): keep one, "
            "'touchpoints: [a, b]' for several",
        )
        return [], []
    if fields.has("touchpoints"):
        key, texts = "touchpoints", fields.read(STEP["touchpoints"])
    else:
        single = fields.read(STEP["touchpoint"])
        key, texts = "touchpoint", [] if single is None else [single]
    ids: list[str] = []
    kept: list[str] = []
    for text in texts:
        touchpoint = _touchpoint_id(text)
        if not touchpoint:
            named = "" if key == "touchpoint" else f"'{text}' "  # a list says which one
            fields.error(key, f"{named}gives no id: its slug is empty (use letters or digits)")
        elif touchpoint not in ids:
            ids.append(touchpoint)
            kept.append(text)
    return ids, kept


def _parse_items(fields: Fields, key: str, value: Any, parse: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, YamlList):
        fields.error(key, "must be a list of texts or mappings")
        return []
    result = []
    list_field = fields.field(key)
    for index, item in enumerate(value):
        where = Where(fields.path, value.item_line(index), join_field(list_field, index))
        parsed = parse(item, where, fields.problems)
        if parsed is not None:
            result.append(parsed)
    return result


def _plain_item(item: Any, where: Where, problems: Problems, what: str) -> tuple[str, str] | None:
    """A plain-text item: (id, text); the id is the slug of the text."""
    text = as_text(item)
    if text is None or not text.strip():
        problems.error_at(where, f"must be text or a mapping ({what})")
        return None
    slug = slugify(text)
    if not slug:
        problems.error_at(
            where,
            f"'{text}' gives no id: its slug is empty (write it as a mapping with 'id:' and "
            "'text:')",
        )
        return None
    return slug, text


def _parse_pain(item: Any, where: Where, problems: Problems) -> PainRef | None:
    return _parse_site_wide(item, where, problems, PAIN, "a pain point", PainRef)


def _parse_opportunity(item: Any, where: Where, problems: Problems) -> OpportunityRef | None:
    return _parse_site_wide(
        item, where, problems, OPPORTUNITY, "an opportunity", OpportunityRef, _fixes
    )


def _fixes(fields: Fields) -> dict[str, Any]:
    fixes = fields.id_list("fixes", "pain point")
    return {"fixes": [pain for pain, _ in fixes], "fixes_where": [place for _, place in fixes]}


_Ref = TypeVar("_Ref", PainRef, OpportunityRef)


def _parse_site_wide(
    item: Any,
    where: Where,
    problems: Problems,
    keys: Object,
    what: str,
    make: Callable[..., _Ref],
    links: Callable[[Fields], dict[str, Any]] = lambda fields: {},
) -> _Ref | None:
    """A pain point or opportunity as a step names it: a text, or a mapping with an id, a text
    or both (``what`` says which, with its article); ``links`` reads its ids of other items."""
    if not isinstance(item, YamlMap):
        plain = _plain_item(item, where, problems, what)
        return make(id=plain[0], where=where, text=plain[1]) if plain else None
    fields = Fields.of(item, where.path, where.field, problems, keys, reported_elsewhere=_ELSEWHERE)
    item_id = _item_id(fields, "text", what.split(" ", 1)[1])
    text = fields.read(keys["text"])
    if item_id is None:
        if not fields.has("id") and text is None:
            fields.missing("id", f"{what} needs an id, a text, or both")
        return None
    return make(
        id=item_id,
        where=Where(where.path, item.line, where.field),
        text=text,
        **links(fields),
        **fields.read_plain(keys, "text"),
    )


def parse_persona(
    front: FrontMatter, source: Path, path: str, problems: Problems, root: Path | None = None
) -> Persona | None:
    """A persona; its image must be a file inside ``root`` (the journeys folder), when given."""
    data = _top_level(front, path, problems, "name, role, goals, ...")
    if data is None:
        return None
    check_placeholders(
        data, front.body, front.body_line, path, problems, persona=True, yaml_text=front.text
    )
    fields = Fields.of(data, path, "", problems, PERSONA, missing_line=1)
    persona_id = fields.identifier("id") or _stem_id(source, path, problems)
    name = fields.read(PERSONA["name"])
    image = fields.text("image")
    problem = None if image is None else _image_problem(source, image, root)
    if problem is not None:
        fields.error("image", problem)
        image = None
    return Persona(
        id=persona_id,
        name=name or persona_id,
        source=source,
        where=Where(path, 1, ""),
        image=image,
        **fields.read_plain(PERSONA, "name"),
        body=front.body,
        body_line=front.body_line,
    )


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")


def _image_problem(source: Path, image: str, root: Path | None) -> str | None:
    """What is wrong with a persona's image, if anything.

    The build copies the image into the site: a path out of the journeys folder (``../..``, an
    absolute path, a symbolic link) would publish any file of the machine that builds it, and
    a name like ``index.html`` would replace the persona's page.
    """
    if not image.lower().endswith(IMAGE_SUFFIXES):
        return f"'{image}' is not an image file (a name ending in {', '.join(IMAGE_SUFFIXES)})"
    path = source.parent / image
    try:
        found = path.is_file()
        inside = root is None or path.resolve().is_relative_to(root.resolve())
    except (OSError, ValueError):  # a name too long for the file system, a NUL character
        found = inside = False
    if not found:
        return f"'{image}' is not a file next to the persona (path is relative)"
    if not inside:
        return f"'{image}' is outside the journeys folder (copy the image next to the persona)"
    if image.lower().endswith(".svg"):
        from .svg import svg_problem  # only for SVG images: validate starts no slower

        return svg_problem(path, image)
    return None


def parse_touchpoints(source: Path, path: str, problems: Problems) -> list[Touchpoint]:
    """The touchpoint registry, ``touchpoints.yml``: a list of mappings."""
    try:
        data = read_yaml_file(source)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return []
    if data is None:
        return []
    if not isinstance(data, YamlList):
        problems.error(path, 1, "touchpoints", "must be a list of touchpoints (id, name, channel)")
        return []
    result = []
    for index in range(len(data)):
        prefix = join_field("", index)
        item = _mapping_item(data, index, path, prefix, problems, "a touchpoint with an id")
        if item is None:
            continue
        fields = Fields.of(item, path, prefix, problems, TOUCHPOINT)
        touchpoint_id = fields.identifier("id")
        if touchpoint_id is None:
            if not fields.has("id"):
                fields.missing("id", TOUCHPOINT["id"].required or "")
            continue
        result.append(
            Touchpoint(
                id=touchpoint_id,
                name=fields.read(TOUCHPOINT["name"]) or touchpoint_id,
                where=Where(path, item.line, prefix),
                **fields.read_plain(TOUCHPOINT, "name"),
            )
        )
    return result


def parse_metrics_csv(source: Path, path: str, problems: Problems) -> list[MetricRow]:
    """A metric overlay: each row aims at one step or at every step that uses a touchpoint."""
    try:
        text = read_text(source)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return []
    if "\x00" in text:
        # csv reads U+0000 as part of a value; in a text file it means damage or a binary file.
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.error(
            path, line, "file", "holds a NUL character (U+0000): save the file again as UTF-8 CSV"
        )
        return []
    # strict: a quote that does not close where a value ends is an error, not a merged row.
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        problems.error(path, 1, "header", "missing (the first line names the columns)")
        return []
    except csv.Error as exc:
        problems.error(path, 1, "header", f"not valid CSV: {exc}")
        return []
    for column in header:
        if column not in CSV_COLUMNS:
            problems.warning(
                path,
                1,
                join_field("header", column),
                f"unknown column (known: {', '.join(CSV_COLUMNS)})",
            )
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    for column in repeated:
        problems.error(
            path, 1, join_field("header", column), "repeated column (name each column once)"
        )
    if repeated:
        return []
    missing = [column for column in CSV_REQUIRED if column not in header]
    if missing:
        problems.error(
            path, 1, "header", f"missing column {', '.join(missing)} ({', '.join(CSV_COLUMNS)})"
        )
        return []
    rows: list[MetricRow] = []
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "end of data" in str(exc):  # a quote opened in this row is never closed
                problems.error(
                    path,
                    line + 1,
                    "row",
                    'a quote (") opened in this row is never closed, so every row after it '
                    'would be one value: close it (a quote inside a quoted value is written "")',
                )
            else:
                problems.error(path, reader.line_num, "row", f"not valid CSV: {exc}")
            break
        line_start = line + 1
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        cells = [cell.strip() for cell in record] + [""] * len(header)
        row = dict(zip(header, cells, strict=False))
        parsed = _metric_row(row, Where(path, line_start, "row"), problems)
        if parsed is not None:
            rows.append(parsed)
    return rows


def _metric_row(row: dict[str, str], where: Where, problems: Problems) -> MetricRow | None:
    journey, step, touchpoint = row.get("journey"), row.get("step"), row.get("touchpoint")
    if not ((journey and step and not touchpoint) or (touchpoint and not journey and not step)):
        problems.error_at(
            where.at("row"),
            "aims at nothing clear (set journey and step, or touchpoint alone)",
        )
        return None
    metric = row.get("metric", "")
    if not metric:
        problems.error_at(where.at("metric"), "missing (the metric's name)")
        return None
    raw = row.get("value", "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.error_at(where.at("value"), f"'{raw}' is not a number (a number)")
        return None
    return MetricRow(
        metric=metric,
        value=value,
        where=where,
        journey=journey or None,
        step=step or None,
        touchpoint=_touchpoint_id(touchpoint) if touchpoint else None,
        period=row.get("period") or None,
        source=row.get("source") or None,
    )


def _touchpoint_id(text: str) -> str:
    """A touchpoint names a registered id, or is free text whose id is its slug."""
    return text if is_id(text) else slugify(text)


FOLDER_KEYS = ("title",)


def parse_folder(source: Path, path: str, problems: Problems) -> str | None:
    """A folder's ``_folder.yml``: the title its journeys go under (``title: B2B``)."""
    try:
        data = read_yaml_file(source)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return None
    if data is None:
        return None
    if not isinstance(data, YamlMap):
        problems.error(path, 1, "folder", "must be a mapping, such as 'title: B2B'")
        return None
    return Fields(data, path, "", problems, FOLDER_KEYS).text("title")
