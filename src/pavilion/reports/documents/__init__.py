"""The report's documents: XLSX workbooks and A4 PDFs, built from a report's data.

- ``build_report_xlsx(edition, report, language=..., snapshot=None)`` → bytes
- ``build_records_xlsx(edition, queryset, title=..., filters=[...])`` → bytes
- ``build_report_pdf(edition, report, language=..., snapshot=None)`` → bytes
- ``render_pdf(template_name, context)`` → bytes (any template; A4 styles in
  ``reports/pdf/base.css``)
- ``WorkbookWriter`` / ``SheetWriter`` / ``Money`` / ``Number``: typed sheets
  with tables, total rows and native charts, for other report workbooks
- ``printable(report, language)``: the printed figures every document shares
"""

from pavilion.reports.documents.pdf import render_pdf
from pavilion.reports.documents.printing import headline_text, printable
from pavilion.reports.documents.report_pdf import build_report_pdf
from pavilion.reports.documents.report_xlsx import build_records_xlsx, build_report_xlsx
from pavilion.reports.documents.workbook import (
    Money,
    Number,
    SheetWriter,
    WorkbookWriter,
    money,
)

__all__ = [
    "Money",
    "Number",
    "SheetWriter",
    "WorkbookWriter",
    "build_records_xlsx",
    "build_report_pdf",
    "build_report_xlsx",
    "headline_text",
    "money",
    "printable",
    "render_pdf",
]
