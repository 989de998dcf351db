"""How far back a learner may log: to the first day of the previous Thai fiscal year
(1 October), counted from today in Bangkok. The first day allowed is accepted, the day
before it is refused with a message naming that first day."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from lms.core.dates import today_in_bangkok
from lms.development import log
from tests.development.test_log import entry_form, log_records

CASES = [
    # (now, UTC) -> today in Bangkok -> the oldest day allowed
    pytest.param(datetime(2026, 9, 30, 17, 30, tzinfo=UTC), date(2026, 10, 1), date(2025, 10, 1),
                 "1 ต.ค. 2568", id="first day of FY 2570 (00:30 in Bangkok, still 30 Sep in UTC)"),
    pytest.param(datetime(2026, 9, 30, 9, 0, tzinfo=UTC), date(2026, 9, 30), date(2024, 10, 1),
                 "1 ต.ค. 2567", id="last day of FY 2569"),
]


@pytest.mark.parametrize(("now", "today", "oldest", "oldest_shown"), CASES)
def test_the_first_day_of_the_previous_fiscal_year_is_the_oldest_allowed(
        client, login_as, uploads, now, today, oldest, oldest_shown):
    with time_machine.travel(now, tick=False):
        assert today_in_bangkok() == today
        learner = login_as("learner")
        before = oldest.replace(day=30, month=9)  # 30 September: the day before

        refused = client.post("/log/new", data=entry_form(occurred_on=before.isoformat()))
        assert refused.status_code == 200
        assert (f"บันทึกย้อนหลังได้ถึงวันที่ {oldest_shown} (วันเริ่มต้นปีงบประมาณที่แล้ว)"
                in refused.get_data(as_text=True))
        assert log_records(learner) == []

        accepted = client.post("/log/new", data=entry_form(occurred_on=oldest.isoformat()))
        assert accepted.status_code == 302
        assert [record.occurred_on for record in log_records(learner)] == [oldest]


@pytest.mark.parametrize(("now", "today", "oldest", "oldest_shown"), CASES)
def test_the_rule_itself_names_the_same_first_day(app, now, today, oldest, oldest_shown):
    with app.test_request_context():  # the message is in the default language, Thai
        assert log.date_problem(oldest, today=today) is None
        assert oldest_shown in log.date_problem(date.fromordinal(oldest.toordinal() - 1), today=today)
        assert log.date_problem(today, today=today) is None
        assert log.date_problem(date.fromordinal(today.toordinal() + 1), today=today) is not None
