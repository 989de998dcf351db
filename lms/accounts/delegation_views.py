"""Acting supervisors: a supervisor names who acts for them, and for how long; the delegate
sees whom they act for. Routes on the accounts blueprint (the team pages live there)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import require, visible_or_404
from ..core.dates import format_date
from ..core.forms import apply_errors
from ..core.i18n import current_language
from ..extensions import db
from . import delegation as service
from .forms import DelegationForm
from .models import Delegation
from .views import bp


@bp.route("/team/acting", methods=["GET", "POST"])
@require("supervise")
def delegations():
    me = current_user._get_current_object()
    may_delegate = me.has_active_reports()
    form = DelegationForm()
    if may_delegate and form.validate_on_submit():
        delegate = service.find_delegate(form.delegate_email.data)
        problems = service.delegation_problems(me, delegate, form.starts_on.data, form.ends_on.data)
        if not problems:
            service.delegate(me, delegate, form.starts_on.data, form.ends_on.data)
            db.session.commit()
            language = current_language()
            flash(_("%(name)s will act for you from %(first)s to %(last)s.", name=delegate.name,
                    first=format_date(form.starts_on.data, language),
                    last=format_date(form.ends_on.data, language)), "success")
            return redirect(url_for("accounts.delegations"))
        apply_errors(form, problems)
    return render_template("accounts/delegations.html", form=form, may_delegate=may_delegate,
                           given=service.given_by(me), received=service.received_by(me))


@bp.route("/team/acting/<int:delegation_id>/end", methods=["POST"])
@require("end_delegation")
def end_delegation(delegation_id):
    delegation = visible_or_404(Delegation, delegation_id, "end_delegation")
    service.end_delegation(delegation, current_user._get_current_object())
    db.session.commit()
    flash(_("%(name)s no longer acts for you.", name=delegation.delegate.name), "success")
    return redirect(url_for("accounts.delegations"))
