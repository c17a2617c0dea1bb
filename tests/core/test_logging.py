"""A refused request is logged as one line; a server error keeps its traceback."""

import logging

from django.test import Client


def test_a_403_is_logged_in_one_line_without_a_traceback(world, caplog):
    client = Client()
    client.force_login(world.exhibitor)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/transfer/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.status_code == 403
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
    assert "\n" not in record.getMessage()


def test_the_filter_leaves_other_errors_alone():
    from pavilion.core.log_filters import ForbiddenInOneLine

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), exc_info)
    record.status_code = 500
    assert ForbiddenInOneLine().filter(record) is True
    assert record.exc_info is exc_info
