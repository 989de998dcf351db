"""Notifications: the in-app centre, reminders, the mail outbox and the scheduler's jobs.

Reminders are computed by set-based jobs (`jobs.py`, `reminders/`) and written as
notifications keyed uniquely by (person, kind, subject, period). Those that go by e-mail
wait for the person's daily (or weekly) digest (`digests.py`): one e-mail a day at most.
Account mail and notices of events get their own outbox row at once. The outbox sender
(`outbox.py`) sends after commit.
"""
