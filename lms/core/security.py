"""Flask-Login wiring: sessions tied to the person's current session token."""

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from ..extensions import db


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_person)


def load_person(user_id: str):
    """`id:token`; a token that no longer matches (password changed) logs the person out."""
    from ..accounts.models import Person

    person_id, _, token = user_id.partition(":")
    if not person_id.isdigit() or not token:
        return None
    person = db.session.get(Person, int(person_id))
    if person is None or not person.is_active or person.session_token != token:
        return None
    return person
