"""R2 and R3 judged in SQL (lms/reports/verdicts.py) give lms.rules' own verdicts, on the
database the suite runs on, for any policy and any hours (whole hundredths, as the report
passes them), the edges of each tolerance band included."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Integer, case, literal, select, union_all

from lms.reports.verdicts import horizon_ok_sql, mix_ok_sql
from lms.rules import BUCKETS, CURRENT, FUTURE, check_current_future, check_mix
from tests.rules.seed import BUCKET_NAMES, seeded_policy

hundredths = st.integers(0, 300_000) | st.sampled_from([0, 1, 100, 700, 1000])


@st.composite
def policies(draw):
    """Any valid policy: R2 targets above 0 adding up to 100, R3's two adding up to 100, any
    tolerance."""
    experiential = draw(st.integers(1, 98))
    social = draw(st.integers(1, 99 - experiential))
    current = draw(st.integers(1, 99))
    return seeded_policy(version="drawn", experiential_percent=experiential, social_percent=social,
                         formal_percent=100 - experiential - social, current_percent=current,
                         future_percent=100 - current,
                         mix_tolerance_points=draw(st.sampled_from([0, 5, 10, 100]) | st.integers(0, 100)))


@st.composite
def mixes_at_an_edge(draw, policy):
    """Hundredths where one bucket's share is at (or one hundredth beside) its band's edge."""
    m = draw(st.integers(1, 50))
    total = 100 * m
    index = draw(st.integers(0, 2))
    target = (policy.experiential_percent, policy.social_percent, policy.formal_percent)[index]
    hours = min(max((target + draw(st.sampled_from([-1, 1])) * policy.mix_tolerance_points) * m
                    + draw(st.sampled_from([-1, 0, 1])), 0), total)
    first = draw(st.integers(0, total - hours))
    others = [first, total - hours - first]
    return tuple(others.pop(0) if i != index else hours for i in range(3))


@st.composite
def splits_at_an_edge(draw, policy):
    m = draw(st.integers(1, 50))
    future = min(max((policy.future_percent + draw(st.sampled_from([-1, 1])) * policy.mix_tolerance_points) * m
                     + draw(st.sampled_from([-1, 0, 1])), 0), 100 * m)
    return 100 * m - future, future


def judged_in_sql(db, rows, condition_of):
    """Each row's condition evaluated by the database, in one statement, in the rows' order."""
    selects = [select(literal(i, Integer).label("i"), case((condition_of(*(literal(v, Integer) for v in row[:3]),
                                                                          *row[3:]), 1), else_=0).label("ok"))
               for i, row in enumerate(rows)]
    found = dict(db.session.execute(union_all(*selects)).all()) if selects else {}
    return [bool(found[i]) for i in range(len(rows))]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(policies().flatmap(lambda policy: st.tuples(
    st.just(policy), st.lists(st.tuples(hundredths, hundredths, hundredths) | mixes_at_an_edge(policy),
                              min_size=1, max_size=25))))
def test_r2_in_sql_is_check_mix(db, policy_and_people):
    policy, people = policy_and_people
    in_sql = judged_in_sql(db, people, lambda e, s, f: mix_ok_sql(e, s, f, policy))
    expected = [check_mix({bucket: Fraction(amount, 100) for bucket, amount in zip(BUCKETS, person, strict=True)},
                          {bucket: bucket for bucket in BUCKETS}, policy, BUCKET_NAMES).ok for person in people]
    assert in_sql == expected


@SETTINGS
@given(policies().flatmap(lambda policy: st.tuples(
    st.just(policy), st.lists(st.tuples(st.tuples(hundredths, hundredths) | splits_at_an_edge(policy), st.booleans()),
                              min_size=1, max_size=25))))
def test_r3_in_sql_is_check_current_future(db, policy_and_plans):
    policy, plans = policy_and_plans
    rows = [(current, future, 0, has_future) for (current, future), has_future in plans]
    in_sql = judged_in_sql(db, rows, lambda current, future, _unused, has_future: horizon_ok_sql(
        current, future, literal(has_future, Boolean), policy))
    expected = [check_current_future([(CURRENT, Fraction(current, 100)), (FUTURE, Fraction(future, 100))],
                                     policy, has_future).ok for current, future, _unused, has_future in rows]
    assert in_sql == expected


def test_hand_examples_under_the_seeded_policy(db):
    policy = seeded_policy()  # 70:20:10 and 70:30, each share within 10 points
    people = [(7000, 2000, 1000), (8000, 1000, 1000), (8050, 950, 1000), (0, 0, 0), (0, 0, 350)]
    assert judged_in_sql(db, people, lambda e, s, f: mix_ok_sql(e, s, f, policy)) == [
        True, True, False, False, False]
    plans = [(7000, 3000, 0, True), (6000, 4000, 0, True), (5950, 4050, 0, True), (10000, 0, 0, True),
             (10000, 0, 0, False), (0, 0, 0, False)]
    assert judged_in_sql(db, plans, lambda current, future, _unused, has_future: horizon_ok_sql(
        current, future, literal(has_future, Boolean), policy)) == [True, True, False, False, True, False]
