"""403, 404 and 400 are pages of the site: in the reader's language, with the
menu and a way home; 500 stands alone (it may be shown with the database down)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from pavilion.accounts.models import Role
from tests import factories as f


@pytest.mark.django_db
def test_not_found_and_not_allowed_speak_korean_and_lead_home():
    org = f.organisation()
    official = f.user(role=Role.OFFICIAL, organisation=org, username="official-x")
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(official)
    missing = client.get("/p/no-such-show/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "페이지를 찾을 수 없습니다" in page and 'href="/"' in page
    assert 'id="menu-toggle"' in page  # the site's own frame, not a bare page
    refused = client.get("/funds/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "허용되지 않습니다" in page and "official-x" in page and 'id="menu-toggle"' in page


@pytest.mark.django_db
def test_an_anonymous_reader_gets_the_page_in_english_with_a_way_to_log_in():
    missing = Client(HTTP_ACCEPT_LANGUAGE="en").get("/p/no-such-show/")
    page = missing.content.decode()
    assert missing.status_code == 404 and "Page not found" in page
    assert 'id="login-link"' in page


def test_the_server_error_page_needs_no_request_and_says_it_in_both_languages():
    page = render_to_string("500.html")
    assert "오류" in page and "Something went wrong" in page
