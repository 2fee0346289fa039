"""Spreadsheet exports that cannot run formulas (CSV/formula injection).

Every CSV and XLSX export of the admin goes through Wagtail's SpreadsheetExportMixin: the
acknowledgement export, and Wagtail's own reports (site history, aging and locked pages,
workflows) and redirects, which neutralise nothing. `protect_spreadsheet_exports()`, run when
the portal app is ready, makes the mixin neutralise every cell, whoever wrote the view.
"""

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import SpreadsheetExportMixin

# Where a spreadsheet may start a cell: the start of the value, and after each ";", the list
# separator of locales with a decimal comma (Vietnamese among them), where a CSV cell holding
# "a;=1+1" opens as two cells, the second a formula.
FORMULA_AT_A_CELL_START = re.compile(r"(^|;)(?=[=+\-@\t\r])")


def neutralise(value):
    """Every place a spreadsheet would start a cell with a formula becomes plain text
    ("'=1+1", "a;'=1+1"); control characters no workbook can hold (a member's text may have
    them) are left out."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return FORMULA_AT_A_CELL_START.sub(r"\1'", value)


_wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value


def _preprocess_field_value(self, field, value, export_format):
    return neutralise(_wagtail_preprocess(self, field, value, export_format))


def protect_spreadsheet_exports():
    SpreadsheetExportMixin.preprocess_field_value = _preprocess_field_value
