"""Reading a spreadsheet into rows of cells that know their place: a CSV file or an xlsx sheet.

A CSV's encoding and delimiter are found rather than asked for, because spreadsheet programs
write what their locale likes: Excel writes cp1252 with `;` in much of Europe, UTF-16 with tabs
for "Unicode text", UTF-8 with a BOM for "CSV UTF-8".
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# Tried in this order when the file has no BOM; latin-1 reads any byte, so it comes last.
ENCODINGS = ("utf-8", "cp1252", "latin-1")
DELIMITERS = ",;\t|"
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM begins the same
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SEP_LINE = re.compile(r"sep=(.)\s*\Z")  # Excel's hint on the first line: `sep=;`

Value = str | int | float | None


class ReadError(Exception):
    """A spreadsheet that cannot be read at all."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


@dataclass(frozen=True)
class Row:
    """One row of the sheet: its number as a spreadsheet program counts (the header is 1),
    the file line where it begins (CSV), and its cells."""

    number: int
    line: int
    cells: tuple[Value, ...]

    def value(self, index: int) -> Value:
        return self.cells[index] if index < len(self.cells) else None

    @property
    def blank(self) -> bool:
        return all(_blank(cell) for cell in self.cells)


@dataclass
class Table:
    """A header and the rows below it, with the way to name a row or a cell in a message."""

    name: str  # the file as shown in messages
    sheet: str | None  # the worksheet of a workbook; None for a CSV
    header: list[str]
    rows: list[Row]
    header_row: Row
    notes: list[str] = field(default_factory=list)  # how the file was read, for the report

    def row_place(self, row: Row) -> str:
        if self.sheet is None:
            place = f"{self.name}:{row.line}"
            return place if row.line == row.number else f"{place} (row {row.number})"
        return f"{self.name}:{self.sheet} row {row.number}"

    def cell_place(self, row: Row, column: int) -> str:
        if self.sheet is None:
            return self.row_place(row)
        from openpyxl.utils import get_column_letter

        return f"{self.name}:{self.sheet}!{get_column_letter(column + 1)}{row.number}"


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path, shown: str, *, sheet: str | None, encoding: str | None) -> Table:
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, shown, sheet)
    if sheet is not None:
        raise ReadError(shown, "--sheet goes with a workbook (.xlsx); a CSV file has one table")
    if suffix == ".xls":
        raise ReadError(shown, "the old Excel format (.xls) is not read: save it as .xlsx or CSV")
    if suffix not in CSV_SUFFIXES:
        raise ReadError(
            shown, "not a spreadsheet this command reads (a .csv, .tsv or .txt file, or .xlsx)"
        )
    return read_csv(path, shown, encoding)


# CSV ---------------------------------------------------------------------------------------


def decode(raw: bytes, shown: str, encoding: str | None) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
            return raw.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError:
            raise ReadError(
                shown, f"--encoding '{encoding}' is not an encoding Python knows"
            ) from None
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ReadError(
                f"{shown}:{line}", f"not {encoding} text: byte 0x{raw[exc.start]:02x}"
            ) from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name).removeprefix("\ufeff"), f"{name} (with a BOM)"
            except UnicodeDecodeError:
                raise ReadError(shown, f"starts with a {name} BOM but is not {name} text") from None
    for name in ENCODINGS:
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte")  # pragma: no cover


def _delimiter(text: str) -> str:
    """The delimiter: csv.Sniffer's guess among the common ones, checked against the header."""
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=DELIMITERS)
        if dialect.delimiter in first_line:
            return dialect.delimiter
    except csv.Error:
        pass
    # The Sniffer gives up on short or irregular samples: the header's most frequent one wins.
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, shown: str, encoding: str | None) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(shown, f"cannot be read: {exc.strerror or exc}") from None
    text, used = decode(raw, shown, encoding)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ReadError(
            f"{shown}:{line}",
            "holds a NUL byte: not a text file in this encoding (save it as CSV, or give "
            "--encoding)",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = 1
    sep = _SEP_LINE.match(text.split("\n", 1)[0])
    if sep:
        delimiter = sep.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[Row] = []
    line = first_line
    try:
        for number, record in enumerate(reader, start=1):
            records.append(Row(number, line, tuple(record)))
            line = reader.line_num + first_line
    except csv.Error as exc:
        raise ReadError(
            f"{shown}:{line}", f"not valid CSV: {exc} (a quote opened and never closed?)"
        ) from None
    named = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
    notes = []
    if (used, delimiter) != ("utf-8", ","):  # say so when it is not what one would assume
        separated = named.get(delimiter, repr(delimiter))
        notes.append(f"{shown}: read as {used}, columns separated by {separated}")
    return _table(shown, None, records, notes)


def _table(shown: str, sheet: str | None, records: list[Row], notes: list[str]) -> Table:
    while records and records[0].blank:
        records.pop(0)
    if not records:
        raise ReadError(shown, "is empty (the first row names the columns, one step a row below)")
    header_row = records[0]
    header = [_text(cell) for cell in header_row.cells]
    return Table(shown, sheet, header, records[1:], header_row, notes)


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value).strip()


def number_text(value: float) -> str:
    """A number as people write it: 18 rather than 18.0."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


# xlsx --------------------------------------------------------------------------------------


def read_xlsx(path: Path, shown: str, sheet: str | None) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a formula's value as Excel last saved it, not the formula.
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise ReadError(shown, f"not an xlsx workbook Excel could open ({exc})") from None
    except OSError as exc:
        raise ReadError(shown, f"cannot be read: {exc.strerror or exc}") from None
    try:
        names = book.sheetnames
        if sheet is None:
            chosen = names[0]
        elif sheet in names:
            chosen = sheet
        else:
            raise ReadError(
                shown, f"has no sheet '{sheet}' (its sheets: {', '.join(map(repr, names))})"
            )
        notes = []
        if sheet is None and len(names) > 1:
            notes.append(
                f"{shown}: read sheet '{chosen}', the first of {len(names)} (choose with --sheet)"
            )
        records = []
        for number, values in enumerate(book[chosen].iter_rows(values_only=True), start=1):
            records.append(Row(number, number, tuple(_cell(value) for value in values)))
    finally:
        book.close()
    table = _table(shown, chosen, records, notes)
    return table


def _cell(value: object) -> Value:
    """A cell's value as this command reads it: text, a whole number, a number, or nothing."""
    if value is None or isinstance(value, str):
        return value.replace("\r\n", "\n") if isinstance(value, str) else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)
