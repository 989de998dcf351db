"""Flask-Login wiring: a cookie is good only while its server-side session lives."""

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from ..extensions import db


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_person)
    app.before_request(_note_session_use)


def load_person(user_id: str):
    """`id:key` of a live session (lms.accounts.sessions); anything else is logged out."""
    from ..accounts.models import Person
    from ..accounts.sessions import session_for

    person_id, _, key = user_id.partition(":")
    if not person_id.isdigit() or len(person_id) > 18 or not key:
        return None
    account_session = session_for(int(person_id), key)
    if account_session is None:
        return None
    person = db.session.get(Person, int(person_id))
    if person is None or not person.is_active:
        return None
    person.session_key = key
    person.account_session = account_session
    return person


def _note_session_use() -> None:
    """Load the person first thing, and note the session's use in a unit of work of its own
    (before the view has touched the database, so nothing else is committed with it)."""
    from ..accounts.sessions import touch

    if request.endpoint and request.endpoint.endswith("static"):
        return
    person = current_user._get_current_object() if current_user else None
    account_session = getattr(person, "account_session", None)
    if account_session is not None and touch(account_session):
        db.session.commit()
