"""Invitations: people imported from HR choose their first password from an e-mailed link."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.core.models import AuditEvent, utcnow
from lms.extensions import db
from lms.notifications.models import Notification
from tests import factories

PASSWORD = "ต้นมะม่วง ริมคลอง 47 ใบ"
DEAD_LINK_TH = "ลิงก์นี้ใช้ไม่ได้แล้ว"


@pytest.fixture
def imported(world):
    """Someone the HR import created: no password yet."""
    return factories.person(world["division"], password_hash=None, email="imported@example.go.th",
                            name_th="กมล นำเข้า", name_en="Kamol Namkhao")


def _events(kind, person):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind, AuditEvent.object_id == person.id)
                              ).all()


def test_an_admin_invites_from_the_person_page_and_the_person_sets_a_password(
        app, client, world, login_as, imported, mailbox):
    admin = login_as("agency_admin")
    page = client.get(f"/people/{imported.id}").get_data(as_text=True)
    assert f'action="/people/{imported.id}/invite"' in page and "ส่งคำเชิญ" in page

    sent = client.post(f"/people/{imported.id}/invite", follow_redirects=True)
    assert "ส่งคำเชิญไปยัง imported@example.go.th แล้ว" in sent.get_data(as_text=True)
    assert "ส่งคำเชิญอีกครั้ง" in sent.get_data(as_text=True)  # the button now offers a new one
    [invited] = _events("person.invited", imported)
    assert invited.actor_id == admin.id

    assert mailbox.deliver().sent == 1
    [mail] = mailbox.to(imported.email)
    assert mail.message["Subject"] == "ขอเชิญท่านเข้าใช้ระบบทักษะ"
    assert "imported@example.go.th" in mail.part("plain")  # which email to log in with
    path = mailbox.link(imported.email, "/invitation/")

    browser = app.test_client()
    form = browser.get(path).get_data(as_text=True)
    assert "ตั้งรหัสผ่านของท่าน" in form
    refused = browser.post(path, data={"new_password": "kamol-namkhao-2569", "confirm": "kamol-namkhao-2569"})
    assert "รหัสผ่านต้องไม่มีชื่อหรืออีเมลของเจ้าของบัญชี" in refused.get_data(as_text=True)

    done = browser.post(path, data={"new_password": PASSWORD, "confirm": PASSWORD}, follow_redirects=True)
    assert "ยินดีต้อนรับสู่ระบบทักษะ" in done.get_data(as_text=True)
    assert browser.get("/account").status_code == 200  # logged in as the invited person
    assert imported.check_password(PASSWORD)
    assert _events("person.password_set_by_invitation", imported)[0].actor_id == imported.id

    assert DEAD_LINK_TH in app.test_client().get(path).get_data(as_text=True)  # once only
    # The invitation is e-mail only: not in the person's notification centre.
    assert "ขอเชิญท่าน" not in browser.get("/notifications/").get_data(as_text=True)


def test_only_who_manages_the_person_may_invite_them(client, world, login_as, imported, mailbox):
    login_as("other_supervisor")
    assert client.post(f"/people/{imported.id}/invite").status_code == 404
    login_as("learner")
    assert client.post(f"/people/{imported.id}/invite").status_code == 404
    assert 'action="/people/' not in client.get(f"/people/{world['learner'].id}").get_data(as_text=True)

    mailbox.deliver()
    assert mailbox.inbox.received == []


def test_an_invitation_expires_after_its_days(app, client, login_as, imported, mailbox):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        login_as("agency_admin")
        client.post(f"/people/{imported.id}/invite")
        mailbox.deliver()
    path = mailbox.link(imported.email, "/invitation/")
    days = app.config["INVITATION_MAX_AGE_DAYS"]

    with time_machine.travel(start + timedelta(days=days) - timedelta(minutes=1), tick=False):
        assert "new_password" in app.test_client().get(path).get_data(as_text=True)
    with time_machine.travel(start + timedelta(days=days, minutes=1), tick=False):
        assert DEAD_LINK_TH in app.test_client().get(path).get_data(as_text=True)


def test_the_cli_invites_given_people_and_everyone_without_a_password(app, world, imported, mailbox):
    second = factories.person(world["division"], password_hash=None)
    gone = factories.person(world["division"], password_hash=None, is_active=False)
    runner = app.test_cli_runner()

    one = runner.invoke(args=["lms", "people", "invite", imported.email])
    assert one.exit_code == 0, one.output
    assert "invited 1" in one.output
    [event] = _events("person.invited", imported)
    assert event.actor_label == "cli"

    refused = runner.invoke(args=["lms", "people", "invite", world["learner"].email, "nobody@example.go.th"])
    assert refused.exit_code == 1
    assert "has a password already" in refused.stderr and "nobody has this email" in refused.stderr

    everyone = runner.invoke(args=["lms", "people", "invite", "--all-without-password"])
    assert everyone.exit_code == 0, everyone.output
    assert "invited 1" in everyone.output  # the second; the first was invited just now, gone is inactive
    again = runner.invoke(args=["lms", "people", "invite", "--all-without-password"])
    assert "invited 0" in again.output

    mailbox.deliver()
    assert {r.rcpt_tos[0] for r in mailbox.inbox.received} == {imported.email, second.email}
    assert mailbox.to(gone.email) == []
    assert db.session.scalar(select(Notification).where(Notification.person_id == gone.id)) is None

    browser = app.test_client()
    path = mailbox.link(second.email, "/invitation/")
    assert browser.post(path, data={"new_password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert second.check_password(PASSWORD)


def test_a_reset_link_does_not_open_the_invitation_page(app, client, login_as, imported, mailbox):
    login_as("agency_admin")
    client.post(f"/people/{imported.id}/invite")
    mailbox.deliver()
    token = mailbox.link(imported.email, "/invitation/").rsplit("/", 1)[1]

    assert DEAD_LINK_TH in app.test_client().get(f"/reset/{token}").get_data(as_text=True)
