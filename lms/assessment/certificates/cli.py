"""`flask --app wsgi lms certificates …`: the site's signing key."""

import click
from flask.cli import with_appcontext

from ...core.audit import record_event
from ...extensions import db
from .keys import rotate_signing_key


@click.group("certificates")
def certificates_cli():
    """Certificates: rotate the signing key."""


@certificates_cli.command("rotate-key")
@with_appcontext
def rotate_key_command():
    """Retire the signing key in use and make a new one. Credentials signed with the old key
    still verify: every key stays in /.well-known/jwks.json."""
    try:
        key = rotate_signing_key()
        record_event("signing_key.rotated", key, actor_label="cli", object_type="signing_key",
                     object_label=key.kid)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"New signing key: {key.kid}")
