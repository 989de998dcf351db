"""The edges of each login throttle: the failure that reaches a limit pauses, the one before
does not; a failure counts for exactly its window; each counter has its own limit and window;
and when several pauses hold, the person is told the longest wait, in whole minutes rounded up.

The limits are read from the configuration, so these tests hold whatever an operator sets
(test_login_throttle.py tells the story; this file pins the arithmetic).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from lms.accounts.models import LoginAttempt
from lms.accounts.services import LoginPause, login_pause
from lms.extensions import db as database
from tests.factories import TEST_PASSWORD

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok
SECOND = timedelta(seconds=1)
EMAIL, ADDRESS = "learner@example.go.th", "203.0.113.5"


def failures(count, *, email=EMAIL, address=ADDRESS, at=T0):
    """`count` failed logins at `at`; a callable email/address gives each its own."""
    database.session.add_all(
        LoginAttempt(email=email(n) if callable(email) else email,
                     address=address(n) if callable(address) else address, attempted_at=at)
        for n in range(count))
    database.session.flush()


def spread_addresses(n):
    """Addresses that each stay below the short pause (a botnet)."""
    return f"10.{n // 250}.{n % 250}.1"


def pause_at(app, moment, email=EMAIL, address=ADDRESS):
    return login_pause(email, address, app.config, now=moment)


# The short pause for one email from one address ------------------------------------------------

def test_the_pair_is_paused_by_the_failure_that_reaches_the_limit_not_before(app, db):
    failures(app.config["LOGIN_MAX_FAILURES"] - 1)
    assert pause_at(app, T0) is None

    failures(1)
    assert pause_at(app, T0) == LoginPause("pair", app.config["LOGIN_FAILURE_WINDOW"])
    assert pause_at(app, T0, email="peer@example.go.th") is None  # another account, same address
    assert pause_at(app, T0, address="203.0.113.6") is None  # the same account, elsewhere


def test_the_pair_pause_lasts_exactly_its_window(app, db):
    failures(app.config["LOGIN_MAX_FAILURES"])
    window = app.config["LOGIN_FAILURE_WINDOW"]

    assert pause_at(app, T0 + window - SECOND) == LoginPause("pair", SECOND)
    assert pause_at(app, T0 + window) is None


# The per-account ceiling, from anywhere ---------------------------------------------------------

def test_the_account_is_paused_everywhere_by_the_failure_that_reaches_its_ceiling(app, db):
    ceiling = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    failures(ceiling - 1, address=spread_addresses)
    assert pause_at(app, T0, address="172.16.0.1") is None

    failures(1, address="10.99.0.1")
    assert pause_at(app, T0, address="172.16.0.1") == LoginPause("account", app.config["LOGIN_CEILING_WINDOW"])
    assert pause_at(app, T0, email="peer@example.go.th", address="172.16.0.1") is None


def test_the_account_pause_lasts_exactly_the_ceiling_window(app, db):
    failures(app.config["LOGIN_ACCOUNT_MAX_FAILURES"], address=spread_addresses)
    window = app.config["LOGIN_CEILING_WINDOW"]

    assert pause_at(app, T0 + window - SECOND, address="172.16.0.1") == LoginPause("account", SECOND)
    assert pause_at(app, T0 + window, address="172.16.0.1") is None


# The per-address ceiling, over many accounts ----------------------------------------------------

def many_accounts(n):
    return f"target{n}@example.go.th"


def test_one_address_is_paused_by_the_failure_that_reaches_its_ceiling(app, db):
    ceiling = app.config["LOGIN_ADDRESS_MAX_FAILURES"]
    failures(ceiling - 1, email=many_accounts)
    assert pause_at(app, T0) is None

    failures(1, email="one.more@example.go.th")
    assert pause_at(app, T0) == LoginPause("address", app.config["LOGIN_CEILING_WINDOW"])
    assert pause_at(app, T0, address="203.0.113.6") is None  # the same person, another address


def test_the_address_pause_lasts_the_ceiling_window_not_the_short_one(app, db):
    failures(app.config["LOGIN_ADDRESS_MAX_FAILURES"], email=many_accounts)
    window = app.config["LOGIN_CEILING_WINDOW"]
    assert window > app.config["LOGIN_FAILURE_WINDOW"] + SECOND

    after_short_window = T0 + app.config["LOGIN_FAILURE_WINDOW"] + SECOND
    assert pause_at(app, after_short_window) == LoginPause("address", window - (after_short_window - T0))
    assert pause_at(app, T0 + window - SECOND) == LoginPause("address", SECOND)
    assert pause_at(app, T0 + window) is None


# Several pauses at once, and what the person reads ----------------------------------------------

def test_the_longest_pause_is_the_one_given(app, db):
    short = app.config["LOGIN_MAX_FAILURES"]
    failures(short)  # the pair: paused for the short window from T0
    failures(app.config["LOGIN_ACCOUNT_MAX_FAILURES"] - short, address=spread_addresses)

    assert pause_at(app, T0) == LoginPause("account", app.config["LOGIN_CEILING_WINDOW"])


def test_a_fresh_pair_pause_outlasts_an_ending_account_pause(app, db):
    ceiling_window, short_window = app.config["LOGIN_CEILING_WINDOW"], app.config["LOGIN_FAILURE_WINDOW"]
    old = T0 - ceiling_window + timedelta(minutes=1)  # the account pause ends a minute after T0
    failures(app.config["LOGIN_ACCOUNT_MAX_FAILURES"], address=spread_addresses, at=old)
    failures(app.config["LOGIN_MAX_FAILURES"])

    assert pause_at(app, T0) == LoginPause("pair", short_window)


@pytest.mark.parametrize(("elapsed", "shown"), [
    (timedelta(minutes=10, seconds=30), "5"),  # 4 min 30 s left: rounded up
    (timedelta(minutes=14, seconds=50), "1"),  # 10 s left: never "0 minutes"
])
def test_the_login_page_says_how_many_minutes_to_wait(app, client, world, elapsed, shown):
    failures(app.config["LOGIN_MAX_FAILURES"], address="127.0.0.1")  # the test client's address
    with time_machine.travel(T0 + elapsed, tick=False):
        response = client.post("/login", data={"email": EMAIL, "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert f"กรุณาลองใหม่อีกครั้งใน {shown} นาที" in response.get_data(as_text=True)
