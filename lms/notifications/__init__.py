"""Notifications: the in-app centre, reminders, the mail outbox and the scheduler's jobs.

Reminders are computed by set-based jobs (`jobs.py`, `reminders/`), written as
notifications keyed uniquely by (person, kind, subject, period) together with an
outbox row for e-mail, and sent after commit by the outbox sender (`outbox.py`).
"""
