"""The WSGI module the server loads: it serves, and warms the PDF engine in the
background so the first PDF download after a start does not wait for it."""

import importlib
import threading

from pavilion.reports.documents import pdf


def test_the_wsgi_application_loads_and_warms_the_pdf_engine(monkeypatch):
    warmed = threading.Event()
    monkeypatch.setattr(pdf, "warm_up", warmed.set)
    import pavilion.wsgi as wsgi

    importlib.reload(wsgi)
    assert callable(wsgi.application)
    assert warmed.wait(10)


def test_warming_up_renders_a_korean_pdf():
    pdf.warm_up()  # raises if WeasyPrint, pango or the fonts are missing
