"""Sign-in, the account's TOTP page, the users page and an invitation on a
390 px phone, in Korean: Pavilion's look, no sideways scrolling."""

import pytest

from pavilion.accounts import services
from pavilion.accounts.models import Role
from tests import factories as f
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_account_pages_on_a_phone_in_korean(live_server, browser, mail_server):
    org = f.organisation(name="Daejeon Center", slug="dcei")
    company = f.company(organisation=org, name_en="Hanbit Biolabs", name_ko="한빛바이오랩")
    operator = f.user(role=Role.OPERATOR, organisation=org, username="op", email="op@d.example")
    services.invite_person(
        actor=operator,
        email="new.member@hanbit.example",
        role="exhibitor",
        organisation=org,
        company=company,
        language="ko",
        base_url=live_server.url,
    )
    [message] = mail_server.wait_for(1)
    link = next(
        line.strip()
        for line in message.get_body(("plain",)).get_content().splitlines()
        if "/accounts/invitation/" in line
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "로그인" and fits(page)
    page.screenshot(path=str(ARTIFACTS / "account-login-phone.png"), full_page=True)
    page.fill("input[name=login]", "op")
    page.fill("input[name=password]", f.PASSWORD)
    page.click("#login-submit")
    page.goto(f"{live_server.url}/accounts/users/")
    assert "new.member@hanbit.example" in page.locator("#invitations").inner_text()
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / "account-users-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/accounts/2fa/")
    assert fits(page)
    page.click("#menu-toggle")  # on a phone the menu, with its sign-out button, folds
    page.click("form[action='/accounts/logout/'] button")

    page.goto(link)
    assert "한빛바이오랩" in page.content() and fits(page)
    page.fill("#id_first_name", "민아")
    page.fill("#id_password1", "a-strong-pass-9")
    page.fill("#id_password2", "a-strong-pass-9")
    page.click("#accept-submit")
    page.wait_for_url(f"**/companies/{company.pk}/")
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / "account-invited-member-phone.png"), full_page=True)
    context.close()
