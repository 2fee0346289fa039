"""Spreadsheet exports that cannot run formulas (CSV/formula injection).

Every CSV and XLSX export of the admin goes through Wagtail's SpreadsheetExportMixin: the
acknowledgement export, and Wagtail's own reports (site history, aging and locked pages,
workflows) and redirects, which neutralise nothing. `protect_spreadsheet_exports()`, run when
the portal app is ready, makes the mixin neutralise every cell, whoever wrote the view, and
write files that open in Excel as they are (CSV with a BOM; XLSX with a title block).
"""

import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

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


def _stream_csv_with_bom(self, queryset):
    """UTF-8 with a byte-order mark: Excel opens Vietnamese text as it is, not as mojibake."""
    yield "\ufeff"
    yield from _wagtail_stream_csv(self, queryset)


_wagtail_stream_csv = SpreadsheetExportMixin.stream_csv
_wagtail_csv_response = SpreadsheetExportMixin.write_csv_response


def _write_csv_response(self, queryset):
    response = _wagtail_csv_response(self, queryset)
    response["Content-Type"] = "text/csv; charset=utf-8"
    return response


def export_title(view):
    """What the export is, for its title block and sheet name."""
    title = getattr(view, "export_title", None) or getattr(view, "page_title", None)
    return capfirst(str(title or view.get_filename()))


SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _write_xlsx(self, queryset, output):
    """A workbook an office opens as it is: a title block (what, when), the header in bold and
    frozen under it, real dates, columns as wide as their content, a Vietnamese sheet name."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    title = export_title(self)
    workbook = Workbook(write_only=True, iso_dates=True)
    sheet = workbook.create_sheet(title=SHEET_NAME_FORBIDDEN.sub(" ", title)[:31].strip())
    headings = [self.get_heading(queryset, field) for field in self.list_export]
    excel_date = ExcelDateFormatter().get()
    rows = []
    for item in queryset:
        row = []
        for field, value in self.to_row_dict(item).items():
            value = self.preprocess_field_value(field, value, self.FORMAT_XLSX)
            if hasattr(value, "tzinfo") and value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            row.append(value)
        rows.append(row)
    for index, heading in enumerate(headings):
        longest = max([len(str(heading))] + [len(str(row[index])) for row in rows if row])
        sheet.column_dimensions[_column_letter(index)].width = min(60, longest + 2)
    sheet.freeze_panes = "A5"

    def cell(value, **style):
        written = WriteOnlyCell(sheet, value)
        if written.data_type == "f":
            written.data_type = "s"
        for name, setting in style.items():
            setattr(written, name, setting)
        return written

    sheet.append([cell(title, font=Font(bold=True, size=14))])
    exported = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    sheet.append([cell(_("Exported on %(time)s") % {"time": exported})])
    sheet.append([])
    sheet.append([cell(heading, font=Font(bold=True)) for heading in headings])
    for row in rows:
        sheet.append(
            [
                cell(value, number_format=excel_date) if hasattr(value, "year") else cell(value)
                for value in row
            ]
        )
    workbook.save(output)


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def protect_spreadsheet_exports():
    SpreadsheetExportMixin.preprocess_field_value = _preprocess_field_value
    SpreadsheetExportMixin.stream_csv = _stream_csv_with_bom
    SpreadsheetExportMixin.write_csv_response = _write_csv_response
    SpreadsheetExportMixin.write_xlsx = _write_xlsx
