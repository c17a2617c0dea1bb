"""A4 PDF documents from Django templates, with WeasyPrint.

The same HTML/CSS approach as the pages (and the same SVG charts, which
WeasyPrint draws as vectors); fonts come from the system (Debian's
``fonts-noto-cjk`` for Korean, through fontconfig), nothing is fetched.
"""

from __future__ import annotations

from django.template.loader import render_to_string


def render_pdf(
    template_name: str, context: dict, *, stylesheet: str = "reports/pdf/base.css"
) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF's bytes.

    ``stylesheet`` is a template too (so it may use ``{% translate %}`` for the
    page footer); it styles the A4 pages: margins, page numbers, page breaks.
    """
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context)
    css = render_to_string(stylesheet, context)
    # No base URL: documents hold no external resources; links stay as written.
    document = HTML(string=html, base_url=None)
    return document.write_pdf(stylesheets=[CSS(string=css)])


def warm_up() -> None:
    """Load WeasyPrint, pango, fontconfig and the Korean font once (about 0.7 s of
    CPU), so the first person to download a PDF after the server starts does not
    wait for it. Called in a background thread by each web worker (wsgi.py)."""
    from weasyprint import HTML

    HTML(string="<p style=\"font-family: 'Noto Sans CJK KR'\">결과보고서 · Report</p>").write_pdf()
