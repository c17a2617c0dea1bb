"""The call's e-mails through the real SMTP server: application received and decided,
the follow-up round; each in the member's language with a link to the right page."""

from pavilion.accounts.models import Role
from pavilion.consultations import rounds
from pavilion.consultations.models import FollowUpRound
from pavilion.planning import services
from tests import factories as f


def _plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_submitting_an_application_mails_the_company(
    world, mail_server, django_capture_on_commit_callbacks
):
    company = f.company(organisation=world.organisation, name_en="Alpha Labs", name_ko="알파랩스")
    english = f.user(role=Role.EXHIBITOR, company=company, language="en")
    korean = f.user(role=Role.EXHIBITOR, company=company, language="ko")
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_application(
            actor=english, cfp=world.cfp, company=company, product="Care arm"
        )
    assert mail_server.messages == []  # a draft is nobody's news
    with django_capture_on_commit_callbacks(execute=True):
        services.save_application(
            actor=english,
            cfp=world.cfp,
            company=company,
            submit=True,
            product="Care arm",
            target_markets="US",
            booth_area_m2=9,
            seeks_buyers=True,
        )
    mail_server.wait_for(2)
    (en,) = mail_server.to(english.email)
    assert en["Subject"] == "CES 2024: we received your application"
    assert "We received the application of Alpha Labs" in _plain(en)
    assert f"https://pavilion.test/applications/{draft.pk}/" in _plain(en)
    (ko,) = mail_server.to(korean.email)
    assert ko["Subject"].strip() == "CES 2024: 참가 신청이 접수되었습니다"
    assert "알파랩스의" in _plain(ko)
    # Saving the submitted application again sends nothing more.
    mail_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_application(actor=english, cfp=world.cfp, company=company, product="Arm 2")
    assert mail_server.messages == []


def test_a_decision_is_mailed_in_the_members_language(
    world, mail_server, django_capture_on_commit_callbacks
):
    assert world.exhibitor.language == "ko"
    services.decide(actor=world.operator, cfp=world.cfp, accepted=[world.application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_decisions(actor=world.operator, cfp=world.cfp) == 1
    (received,) = mail_server.wait_for(1)
    assert received["To"] == world.exhibitor.email
    assert "선정" in received["Subject"]
    assert "참가기업으로 선정되었음을" in _plain(received)
    assert f"https://pavilion.test/applications/{world.application.pk}/" in _plain(received)
    assert "참가기업으로 선정되었음을" in received.get_body(("html",)).get_content()


def test_a_follow_up_round_mails_a_sign_in_link_from_the_site_url(
    world, mail_server, django_capture_on_commit_callbacks, client
):
    world.exhibitor.language = "en"
    world.exhibitor.save()
    round_ = FollowUpRound.objects.create(
        edition=world.edition, months_after=3, due_on=world.edition.end_date
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert rounds.open_round(actor=world.operator, round_=round_) == 1
    (received,) = mail_server.wait_for(1)
    assert received["Subject"] == "CES 2024: 3-month follow-up"
    text = _plain(received)
    assert "(3-month follow-up)" in text
    link = next(w for w in text.split() if w.startswith("https://pavilion.test/follow-up/"))
    response = client.get(link.removeprefix("https://pavilion.test"))
    assert response.status_code == 302 and "/follow-up/" in response["Location"]
