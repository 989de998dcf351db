"""`flask --app wsgi lms reminders …`, `lms outbox send` and `lms scheduler`."""

import click
from flask import current_app
from flask.cli import AppGroup

from . import jobs, outbox
from .mail import digest_subject
from .messages import compose
from .services import DIGESTED_KINDS

reminders_cli = AppGroup("reminders", help="Reminder jobs: run them once (cron, tests) or preview them.")
outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@reminders_cli.command("run")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(jobs.JOBS)),
              help="Only this kind (repeatable); every kind by default.")
@click.option("--dry-run", is_flag=True, help="List who would get what; write and send nothing.")
@click.option("--digest/--no-digest", default=None,
              help="Then send the e-mail digest of what is due (default: yes, unless --kind is given).")
def run_reminders(kinds, dry_run, digest):
    """Run the reminder jobs once, then the digest. Safe to repeat: nothing is written or
    e-mailed twice, and nobody gets more than one reminder e-mail a day."""
    digest = not kinds if digest is None else digest
    ctx, reports = jobs.RunContext.at(), []
    for kind in kinds or jobs.JOBS:  # each kind's line as it finishes: a killed run's log says how far it got
        report = jobs.run_job(kind, ctx, dry_run)
        reports.append(report)
        if dry_run:
            _print_preview(report)
        else:
            click.echo(f"{report.kind}: {report.found} found, {report.written} new "
                       f"({report.emailed} by e-mail), {report.found - report.written} already sent or switched off")
    if digest and dry_run:
        _print_digests(jobs.preview_digests(reports))
    elif digest:
        done = jobs.run_digest()
        click.echo(f"digest: {done.digests} e-mails carrying {done.items} reminders (at most one per person a day)")


def _words(kind: str, payload: dict, language: str) -> tuple[str, str]:
    """A message's subject and first line, in the reader's language (what the e-mail says)."""
    content = compose(kind, payload, language if language in ("th", "en") else "th")
    return content.title, (content.lines or content.items or [""])[0]


def _print_preview(report: jobs.KindReport) -> None:
    preview = report.preview
    for start in range(0, len(preview), 1000):
        chunk = preview[start:start + 1000]
        people = jobs.emails_of(reminder.person_id for reminder, _channel in chunk)
        for reminder, channel in chunk:
            email, language = people.get(reminder.person_id, ("?", "th"))
            way = "in the digest" if channel == "email" and report.kind in DIGESTED_KINDS else "at once"
            click.echo(f"would notify {email} ({language}) {report.kind} "
                       f"[{reminder.subject or '-'} {reminder.period or '-'}] by {channel}"
                       f"{f' ({way})' if channel == 'email' else ''}"
                       f"{' (overdue approvals)' if reminder.urgent else ''}")
            subject, first_line = _words(report.kind, reminder.payload, language)
            click.echo(f"    subject: {subject}")
            click.echo(f"    {first_line}")
    click.echo(f"{report.kind}: {len(preview)} would be new of {report.found} found (dry run: nothing written)")


def _print_digests(previews: list[jobs.DigestPreview]) -> None:
    for start in range(0, len(previews), 1000):
        chunk = previews[start:start + 1000]
        people = jobs.emails_of(preview.person_id for preview in chunk)
        for preview in chunk:
            email, language = people.get(preview.person_id, ("?", "th"))
            titles = [_words(kind, payload, language)[0] for kind, payload in preview.items]
            subject = digest_subject(titles, preview.cadence, jobs.RunContext.at().today, language)
            click.echo(f"would e-mail {email} ({language}) one {preview.cadence} digest, {len(titles)} reminder(s), "
                       f"subject: {subject}")
            for title in titles:
                click.echo(f"    - {title}")
    click.echo(f"digest: {len(previews)} e-mails would be sent, one per person (dry run: nothing written)")


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
