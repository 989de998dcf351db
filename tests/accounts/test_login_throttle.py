"""Login throttling that cannot be turned into a weapon (issue 9, breaches 4 and 5).

Nobody can lock another person out from afar: the short pause is per (email, address);
an account takes at most LOGIN_ACCOUNT_MAX_FAILURES an hour from anywhere (the person is
told by e-mail); an office NAT full of typing people does not block everyone behind it.
And a wrong password costs one hash check whether or not the account exists.
"""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts import models as account_models
from lms.accounts import services as account_services
from lms.core.models import utcnow
from lms.notifications.models import Notification, OutboxMessage
from tests.factories import TEST_PASSWORD


def _attempt(client, email, password, address):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_a_pause_for_one_address_does_not_lock_the_person_out_elsewhere(app, client, world):
    email = world["learner"].email
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _attempt(client, email, "guess", "203.0.113.9")

    assert _attempt(client, email, TEST_PASSWORD, "203.0.113.9").status_code == 429
    assert _attempt(client, email, TEST_PASSWORD, "10.1.2.3").status_code == 302


def test_a_ministry_nat_full_of_typos_blocks_nobody_behind_it(app, client, world):
    nat = "192.0.2.1"
    for n in range(25):  # more than the old per-address limit of 20
        _attempt(client, f"someone{n}@example.go.th", "typo", nat)

    assert _attempt(client, world["learner"].email, TEST_PASSWORD, nat).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(app, client, world):
    app.config["LOGIN_ADDRESS_MAX_FAILURES"] = 30
    try:
        for n in range(30):
            _attempt(client, f"target{n}@example.go.th", "guess", "198.51.100.7")
        assert _attempt(client, world["learner"].email, TEST_PASSWORD, "198.51.100.7").status_code == 429
        assert _attempt(client, world["learner"].email, TEST_PASSWORD, "198.51.100.8").status_code == 302
    finally:
        app.config["LOGIN_ADDRESS_MAX_FAILURES"] = 1000


def test_the_account_ceiling_pauses_it_everywhere_and_tells_the_person_once(app, client, world, db):
    learner = world["learner"]
    ceiling = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    per_address = app.config["LOGIN_MAX_FAILURES"] - 1  # never the short pause
    start = utcnow()
    with time_machine.travel(start, tick=False):
        for n in range(ceiling + 3):  # a botnet: many addresses, a few guesses each
            _attempt(client, learner.email, "guess", f"10.9.{n // per_address}.{n % per_address}")

        paused = _attempt(client, learner.email, TEST_PASSWORD, "172.16.0.1")
        assert paused.status_code == 429
        assert "รีเซ็ตรหัสผ่าน" in paused.get_data(as_text=True)  # "reset your password to lift it"

        told = db.session.scalars(select(Notification).where(
            Notification.person_id == learner.id, Notification.kind == "account_throttled")).all()
        assert len(told) == 1 and told[0].channel == "email"
        assert db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.notification_id == told[0].id)) is not None

    with time_machine.travel(start + app.config["LOGIN_CEILING_WINDOW"] + timedelta(seconds=1),
                             tick=False):
        assert _attempt(client, learner.email, TEST_PASSWORD, "172.16.0.1").status_code == 302


def test_lifting_the_account_pause_lets_the_person_in(app, client, world, db):
    learner = world["learner"]
    for n in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        account_services.record_login_failure(learner.email, f"10.8.{n // 4}.{n % 4}")
    assert _attempt(client, learner.email, TEST_PASSWORD, "172.16.0.2").status_code == 429

    account_services.lift_account_pause(learner.email)  # what a password reset does

    assert _attempt(client, learner.email, TEST_PASSWORD, "172.16.0.2").status_code == 302


def test_a_success_does_not_wipe_failures_counted_from_elsewhere(app, client, world):
    learner = world["learner"]
    for _ in range(3):
        _attempt(client, learner.email, "guess", "10.7.0.1")
    assert _attempt(client, learner.email, TEST_PASSWORD, "10.7.0.2").status_code == 302
    client.post("/logout")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 3):
        _attempt(client, learner.email, "guess", "10.7.0.1")

    assert _attempt(client, learner.email, TEST_PASSWORD, "10.7.0.1").status_code == 429


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts password-hash checks, wherever they are made (the real check still runs)."""
    calls = []

    def counted(original):
        def check(*args):
            calls.append(args[0])
            return original(*args)
        return check

    for module in (account_services, account_models):
        monkeypatch.setattr(module, "check_password_hash", counted(module.check_password_hash))
    return calls


@pytest.mark.parametrize("case", ["unknown email", "wrong password", "no password yet", "inactive"])
def test_every_failed_login_costs_exactly_one_hash_check(client, world, db, hash_checks, case):
    email = world["learner"].email
    if case == "unknown email":
        email = "nobody@example.go.th"
    elif case == "no password yet":  # imported from HR, never invited
        world["learner"].password_hash = None
    elif case == "inactive":
        world["learner"].is_active = False
    db.session.flush()

    response = _attempt(client, email, "wrong password" if case == "wrong password" else TEST_PASSWORD,
                        "10.0.0.1")

    assert response.status_code == 200
    assert len(hash_checks) == 1
