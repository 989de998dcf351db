"""`<int:…>` in a URL takes exactly the ids the database can hold: a larger one names no page."""

import re

from hypothesis import given
from hypothesis import strategies as st

from lms.core.converters import BoundedIntConverter, _at_most
from lms.core.inputs import DB_INT_MAX

WHOLE = re.compile(f"^{BoundedIntConverter.regex}$")


@given(st.integers(min_value=0, max_value=10**12))
def test_the_pattern_takes_a_number_exactly_when_the_database_can_hold_it(number):
    assert bool(WHOLE.match(str(number))) == (number <= DB_INT_MAX)


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=20000))
def test_any_limit_gives_a_pattern_for_0_to_that_limit(limit, number):
    assert bool(re.match(f"^(?:{_at_most(limit)})$", str(number))) == (number <= limit)


def test_edges_and_odd_spellings():
    assert WHOLE.match(str(DB_INT_MAX)) and not WHOLE.match(str(DB_INT_MAX + 1))
    assert not WHOLE.match("007") and not WHOLE.match("-1") and not WHOLE.match("1e3")


def test_an_id_too_large_is_404_whichever_method(client, world):
    """The roster's GET and the enrolment's POST are separate rules on one path: werkzeug must
    match neither (a 405 naming GET would say the page exists)."""
    assert client.post(f"/api/v1/classes/{DB_INT_MAX + 1}/enrolments").status_code == 404
    assert client.get(f"/api/v1/classes/{DB_INT_MAX + 1}/enrolments").status_code == 404
