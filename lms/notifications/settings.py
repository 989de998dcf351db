"""Reminder and outbox settings: app config (instance/config.py), else LMS_<NAME>, else the default.

Kept here rather than in lms/config.py so that this module owns its knobs; each can be
set in instance/config.py under the same name, or in the environment as LMS_<NAME>.
"""

from ..core.settings import SHARED_DEFAULTS, read_setting

DEFAULTS = {
    **SHARED_DEFAULTS,
    # Learners: a reminder after this many days without any learning recorded, and again
    # after each further such stretch.
    "REMINDER_NO_LEARNING_DAYS": 30,
    # Learners: a recommended class whose enrolment closes within this many days.
    "REMINDER_ENROLMENT_CLOSING_DAYS": 3,
    # Learners: the plan for the coming fiscal year should be agreed this many days before
    # it starts (30 → 1 September); after that date those without one are reminded once.
    "REMINDER_PLAN_DEADLINE_DAYS": 30,
    # Learners: days before the fiscal year ends at which what remains of the plan is sent.
    "REMINDER_FISCAL_YEAR_END_DAYS": (60, 30),
    # Returned plans and log entries older than this are not reminded about (first run).
    "REMINDER_RETURNED_LOOKBACK_DAYS": 30,
    # Supervisors: approvals waiting longer than this reach them even if switched off.
    "REMINDER_APPROVAL_OVERDUE_DAYS": 14,
    # Institutes: classes whose first session starts within this many days, seats unfilled.
    "REMINDER_CLASS_START_DAYS": 7,
    # Institutes: attendance missing this many hours after a session ended …
    "REMINDER_ATTENDANCE_GRACE_HOURS": 24,
    # … for sessions that ended within this many days.
    "REMINDER_ATTENDANCE_LOOKBACK_DAYS": 14,
    # The digest: reminder e-mails combined, one a day per person, sent at this Bangkok time
    # (after the 15:00 class_tomorrow job, so "tomorrow" still means tomorrow) …
    "DIGEST_TIME": "15:30",
    # … and, for those who chose one a week, on this ISO weekday (1 Monday … 7 Sunday).
    "DIGEST_WEEKDAY": 1,
    # Reminders written (and committed) per batch; people per window in set-based queries.
    "REMINDER_BATCH_SIZE": 5000,
    "REMINDER_PEOPLE_WINDOW": 5000,
    # Outbox: a failed message waits BASE·2^(attempts-1) seconds, at most MAX, and is given up
    # after MAX_ATTEMPTS (about 1.5 days of retries with the defaults).
    "OUTBOX_RETRY_BASE_SECONDS": 60,
    "OUTBOX_RETRY_MAX_SECONDS": 6 * 3600,
    "OUTBOX_MAX_ATTEMPTS": 12,
    # A claim older than this is taken to belong to a sender that died.
    "OUTBOX_STALE_CLAIM_SECONDS": 900,
    "OUTBOX_BATCH_SIZE": 100,
    "OUTBOX_INTERVAL_SECONDS": 60,
    "SMTP_TIMEOUT_SECONDS": 30,
    # Scheduler: a run late by up to this much still runs (then coalesced into one).
    "SCHEDULER_MISFIRE_GRACE_SECONDS": 3600,
}


def setting(name: str):
    """The value of one of DEFAULTS: app config, else LMS_<NAME> in the environment, else default."""
    return read_setting(DEFAULTS, name)
