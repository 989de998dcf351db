"""The notification centre, delivery preferences and the one-click unsubscribe link."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Person
from ..core.access import PUBLIC, require, roles_of, visible_or_404
from ..core.i18n import current_language
from ..extensions import csrf, db
from . import services
from .forms import preferences_form
from .kinds import INSTITUTE, KINDS, LEARNER, SUPERVISOR, kinds_for
from .links import resolve
from .messages import compose
from .models import Notification
from .settings import setting

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.app_context_processor
def unread_badge():
    """`unread_notification_count()` for the header: one COUNT, only when called, only if signed in."""

    def count() -> int:
        if current_user and current_user.is_authenticated:
            return services.unread_count(current_user.id)
        return 0

    return {"unread_notification_count": count}


@bp.route("/")
@require("signed_in")
def centre():
    page = db.paginate(services.notifications_query(current_user), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    language = current_language()
    shown = [(n, compose(n.kind, n.payload, language)) for n in page.items]
    return render_template("notifications/centre.html", page=page, shown=shown, kinds=KINDS)


@bp.route("/<int:notification_id>/open", methods=["POST"])
@require("signed_in")
def open_notification(notification_id):
    notification = visible_or_404(Notification, notification_id, "open_notification")
    services.mark_read(notification)
    db.session.commit()
    return redirect(resolve(compose(notification.kind, notification.payload, current_language()).target))


@bp.route("/<int:notification_id>/read", methods=["POST"])
@require("signed_in")
def mark_read(notification_id):
    notification = visible_or_404(Notification, notification_id, "open_notification")
    services.mark_read(notification)
    db.session.commit()
    return redirect(url_for("notifications.centre", page=request.args.get("page", type=int)))


@bp.route("/read-all", methods=["POST"])
@require("signed_in")
def mark_all_read():
    count = services.mark_all_read(current_user)
    db.session.commit()
    flash(_("%(n)s notifications marked as read.", n=count), "success")
    return redirect(url_for("notifications.centre"))


def _families_of(person) -> set[str]:
    roles = roles_of(person)
    families = {LEARNER}
    if "supervisor" in roles:
        families.add(SUPERVISOR)
    if "author" in roles:
        families.add(INSTITUTE)
    return families


@bp.route("/preferences", methods=["GET", "POST"])
@require("signed_in")
def preferences():
    kinds = kinds_for(_families_of(current_user))
    form = preferences_form(kinds, services.preferences_of(current_user), services.digest_cadence(current_user.id),
                            setting("DIGEST_WEEKDAY"))
    if form.validate_on_submit():
        for kind in kinds:
            services.set_preference(current_user.id, kind.slug, form[kind.slug].data)
        services.set_digest_cadence(current_user.id, form.digest_cadence.data)
        db.session.commit()
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form,
                           overdue_days=setting("REMINDER_APPROVAL_OVERDUE_DAYS"),
                           digest_time=setting("DIGEST_TIME"),
                           at_once=[kind for kind in kinds if kind.slug not in services.DIGESTED_KINDS])


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@require(PUBLIC)
@csrf.exempt  # the signed token is the proof; mail clients' one-click POST (RFC 8058) has no CSRF token
def unsubscribe(token):
    found = services.read_unsubscribe_token(token)
    person = db.session.get(Person, found[0]) if found else None
    if person is None:
        abort(404)
    # The digest's link: its reminders stay in the app; other kinds' links switch that kind off.
    kind = None if found[1] == services.DIGEST else KINDS[found[1]]
    done = request.method == "POST"
    if done and kind is None:
        services.unsubscribe_from_digest(person.id)
        db.session.commit()
    elif done:
        services.set_preference(person.id, kind.slug, "off")
        db.session.commit()
    # The link came in their e-mail: answer in their language, signed in or not.
    with force_locale(person.language):
        return render_template("notifications/unsubscribe.html", kind=kind, done=done, person=person)
