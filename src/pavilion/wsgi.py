import logging
import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
application = get_wsgi_application()


def _warm_up_pdf():
    from pavilion.reports.documents.pdf import warm_up

    try:
        warm_up()
    except Exception:  # a missing system library shows on the first real PDF instead
        logging.getLogger(__name__).warning("PDF engine not warmed up", exc_info=True)


# In the background: the worker answers at once; the first PDF download does not
# pay for loading the PDF engine and its fonts.
threading.Thread(target=_warm_up_pdf, name="pdf-warm-up", daemon=True).start()
