"""Spreadsheet exports that cannot run formulas (CSV/formula injection).

Every CSV and XLSX export of the admin goes through Wagtail's SpreadsheetExportMixin: the
acknowledgement export, and Wagtail's own reports (site history, aging and locked pages,
workflows) and redirects, which neutralise nothing. `protect_spreadsheet_exports()`, run when
the portal app is ready, makes the mixin neutralise every cell, whoever wrote the view.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would read as a formula becomes plain text ("'=1+1"); control
    characters no workbook can hold (a member's text may have them) are left out."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


_wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value


def _preprocess_field_value(self, field, value, export_format):
    return neutralise(_wagtail_preprocess(self, field, value, export_format))


def protect_spreadsheet_exports():
    SpreadsheetExportMixin.preprocess_field_value = _preprocess_field_value
