"""`flask --app wsgi lms reminders …`, `lms outbox send` and `lms scheduler`."""

import click
from flask import current_app
from flask.cli import AppGroup

from . import jobs, outbox

reminders_cli = AppGroup("reminders", help="Reminder jobs: run them once (cron, tests) or preview them.")
outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@reminders_cli.command("run")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(jobs.JOBS)),
              help="Only this kind (repeatable); every kind by default.")
@click.option("--dry-run", is_flag=True, help="List who would get what; write and send nothing.")
def run_reminders(kinds, dry_run):
    """Run the reminder jobs once. Safe to repeat: nothing is written twice."""
    for report in jobs.run_jobs(kinds or None, dry_run=dry_run):
        if dry_run:
            _print_preview(report)
        else:
            click.echo(f"{report.kind}: {report.found} found, {report.written} new "
                       f"({report.emailed} by e-mail), {report.found - report.written} already sent or switched off")


def _print_preview(report: jobs.KindReport) -> None:
    preview = report.preview
    for start in range(0, len(preview), 1000):
        chunk = preview[start:start + 1000]
        people = jobs.emails_of(reminder.person_id for reminder, _channel in chunk)
        for reminder, channel in chunk:
            email, language = people.get(reminder.person_id, ("?", "?"))
            click.echo(f"would notify {email} ({language}) {report.kind} "
                       f"[{reminder.subject or '-'} {reminder.period or '-'}] by {channel}"
                       f"{' (overdue approvals)' if reminder.urgent else ''}")
    click.echo(f"{report.kind}: {len(preview)} would be new of {report.found} found (dry run: nothing written)")


@outbox_cli.command("send")
@click.option("--limit", type=int, default=None, help="Send at most this many messages.")
def send_outbox(limit):
    """Send the e-mail that is due, once (the scheduler does this every minute)."""
    if not outbox.mail_configured():
        raise click.ClickException("LMS_SMTP_HOST is not set: nothing can be sent; the outbox keeps the mail.")
    report = outbox.drain(limit=limit)
    click.echo(f"sent {report.sent}, to retry {report.retried}, failed {report.failed}, "
               f"cancelled {report.cancelled}")
    if report.stopped:
        click.echo(f"stopped early: {report.stopped}", err=True)


@click.command("scheduler")
def scheduler_command():
    """Run the scheduler in this process until stopped (beside gunicorn, e.g. as a systemd unit)."""
    import logging

    from .scheduler import run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_scheduler(current_app._get_current_object())
