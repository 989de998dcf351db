"""`flask --app wsgi lms records check-sums | rebuild-sums`: the per-person sums of learning
records (kept by database triggers) compared with the records, and rebuilt from them.

Added to the `lms records` group by lms/cli.py. rebuild-sums owns its transaction: one
commit on success, a rollback otherwise.
"""

import click

from ..extensions import db

# check-sums lists this many differences per table at most.
SHOWN_DIFFERENCES = 20


def _numbers(values: tuple) -> str:
    return ", ".join(str(value) for value in values)


@click.command("check-sums")
def check_sums_command():
    """Compare the per-person sums with the records; exit code 1 when they differ."""
    from .sums import installed_sum_triggers, sums_out_of_step

    triggers = installed_sum_triggers(db.session)
    differences = sums_out_of_step(db.session, limit=SHOWN_DIFFERENCES + 1)
    if not triggers:
        click.echo("The sums' triggers are missing: run `flask db upgrade`, then `lms records rebuild-sums`.")
    if not differences:
        click.echo(f"The sums are in step with the records ({len(triggers)} triggers installed).")
    for table in dict.fromkeys(difference.table for difference in differences):
        rows = [difference for difference in differences if difference.table == table]
        more = " or more" if len(rows) > SHOWN_DIFFERENCES else ""
        values = "verified, pending, records" if table == "person_year_hours" else "verified, pending"
        click.echo(f"{table}: {min(len(rows), SHOWN_DIFFERENCES)}{more} rows differ "
                   f"(key: {values} stored → from the records)")
        for difference in rows[:SHOWN_DIFFERENCES]:
            click.echo(f"  {difference.key}: {_numbers(difference.stored)} → {_numbers(difference.fresh)}")
    if differences:
        click.echo("Run `lms records rebuild-sums` to recompute them.")
    if differences or not triggers:
        raise SystemExit(1)


@click.command("rebuild-sums")
@click.option("--person", "person_ids", type=int, multiple=True, help="Only this person's (by id; repeatable).")
def rebuild_sums_command(person_ids):
    """Recompute the per-person sums from the learning records (everyone's, or --person's)."""
    from .sums import rebuild_person_hours

    try:
        held = rebuild_person_hours(db.session, person_ids or None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo("Rebuilt: " + ", ".join(f"{count:,} rows in {table}" for table, count in held.items()))
