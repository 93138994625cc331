"""Bringing existing maps in: one journey file from a spreadsheet (CSV or xlsx), a step a row."""

from .run import Outcome, Request, import_sheet

__all__ = ["Outcome", "Request", "import_sheet"]
