"""The learner's calendar (/classes/calendar): a month grid and an agenda of their class
sessions, the enrolment-closing days of their classes, and the dates of their plan's fiscal
years; with the link of their iCalendar feed to copy into a calendar app.

A route of the classes blueprint (its endpoint is classes.my_calendar, beside the feeds),
but it composes development plans and reminder settings, so it lives here in the top layer.
create_app imports this module before it registers the blueprint.
"""

from datetime import timedelta

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..classes.agenda import AgendaItem, Month, class_items, month_arg, month_key
from ..classes.views import bp
from ..core.access import require
from ..core.dates import fiscal_year_bounds, fiscal_year_of, format_fiscal_year, today_in_bangkok
from ..core.i18n import current_language
from ..development.plans import plan_for
from ..notifications.settings import setting


def plan_items(person, month: Month) -> list[AgendaItem]:
    """The fiscal-year dates in the month: a year's first and last day, and the day by which
    the coming year's plan should be agreed (REMINDER_PLAN_DEADLINE_DAYS before it starts)."""
    items = []
    plans_url = url_for("plans.mine")
    current = fiscal_year_of(month.first)
    for fiscal_year in (current, current + 1):
        starts_on, ends_on = fiscal_year_bounds(fiscal_year)
        deadline = starts_on - timedelta(days=setting("REMINDER_PLAN_DEADLINE_DAYS"))
        shown_year = format_fiscal_year(fiscal_year, current_language())
        if month.contains(starts_on):
            items.append(AgendaItem(starts_on, "fiscal_year", _("Fiscal year %(fy)s begins", fy=shown_year),
                                    plans_url))
        if month.contains(ends_on):
            items.append(AgendaItem(ends_on, "fiscal_year", _("Fiscal year %(fy)s ends", fy=shown_year),
                                    plans_url))
        if month.contains(deadline):
            plan = plan_for(person, fiscal_year)
            agreed = plan is not None and plan.agreed is not None
            items.append(AgendaItem(
                deadline, "plan_deadline",
                _("Your plan for fiscal year %(fy)s should be agreed by today", fy=shown_year), plans_url,
                note=_("agreed") if agreed else _("not agreed yet")))
    return items


@bp.route("/calendar")
@require("signed_in")
def my_calendar():
    today = today_in_bangkok()
    year, month_number = month_arg(request.args.get("month"), today)
    month = Month(year, month_number, current_language())
    month.items = class_items(current_user, month, lambda c: url_for("classes.detail", class_id=c.id))
    month.items += plan_items(current_user, month)
    feed_url = url_for("classes.personal_calendar", calendar_token=current_user.calendar_token, _external=True)
    return render_template("home/calendar.html", month=month, today=today, feed_url=feed_url,
                           previous_key=month_key(month.previous), next_key=month_key(month.after),
                           this_key=month_key(today))
