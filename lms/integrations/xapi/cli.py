"""`flask --app wsgi lms xapi send|fetch`: the scheduler's two xAPI jobs, run once."""

import click
from flask.cli import AppGroup

xapi_cli = AppGroup("xapi", help="xAPI: send statements to the LRS and fetch learning done elsewhere.")


@xapi_cli.command("send")
@click.option("--now", "ignore_backoff", is_flag=True,
              help="Also send what waits after a failure, before its next try (after an outage is over).")
def send_command(ignore_backoff):
    """Send the statements that are due to the LRS (XAPI_LRS_URL), in batches."""
    from .sender import send

    report = send(ignore_backoff=ignore_backoff)
    click.echo(f"{report.sent} sent, {report.failed} refused by the LRS, {report.retried} waiting to be tried again")
    if report.stopped:
        click.echo(f"stopped: {report.stopped}", err=True)


@xapi_cli.command("fetch")
def fetch_command():
    """Fetch statements from the LRS (XAPI_IN_LRS_URL) as log entries waiting for verification."""
    from .fetch import fetch

    report = fetch()
    click.echo(f"{report.read} read: {report.recorded} recorded (pending verification), "
               f"{len(report.refused)} refused, {report.seen} fetched before, {report.own} sent by Thaksa")
    for row in report.refused:
        click.echo(f"refused {row.statement_id}: {row.reason} {row.actor} {row.verb_id} {row.detail}".rstrip())
    if report.stopped:
        click.echo(f"stopped: {report.stopped}", err=True)
