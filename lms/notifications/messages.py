"""What each kind of notification says, composed from its payload in the reader's language.

The same Content feeds the notification centre, the plain-text e-mail and the HTML e-mail,
so the wording lives once, here, in gettext strings (translated like every page).
"""

from decimal import Decimal

from flask import g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.passwords import INVITATION, RESET, link_token, max_age
from ..core.dates import fiscal_year_bounds
from ..development.mix import verdict_from_bucket_hours
from ..extensions import db
from ..reference.models import LearningMethod, SkillSet
from ..reference.services import bucket_names, policy_for
from ..rules.formatting import hours_text
from .message_parts import Content, day_text, fiscal_year_text, moment_text, pick
from .notice_messages import NOTICE_COMPOSERS


def _names(model, slug: str, language: str) -> str:
    """A skill set's or method's name by slug (reference data read once per context)."""
    cache = g.setdefault("_notification_names", {})
    if model not in cache:
        cache[model] = {slug: (th, en) for slug, th, en in db.session.execute(
            select(model.slug, model.name_th, model.name_en))}
    th, en = cache[model].get(slug, (slug, slug))
    return en if language == "en" and en else th


def _class_tomorrow(p, lang):
    lines = [_("%(name)s meets tomorrow, %(when)s: %(session)s.", name=p["class_name"],
               when=moment_text(p["starts_at"], lang), session=p["meeting_title"])]
    if p.get("place"):
        lines.append(_("Place: %(place)s", place=p["place"]))
    if p.get("online_url"):
        lines.append(_("Online: %(link)s", link=p["online_url"]))
    return Content(_("Class tomorrow: %(course)s", course=pick(p, "course", lang)), lines,
                   action=_("Open the class"),
                   target=[("classes.detail", {"class_id": p["class_id"]}), ("classes.mine", {})])


def _enrolment_closing(p, lang):
    closes = day_text(p["closes_on"], lang)
    return Content(
        _("Enrolment closes on %(day)s: %(course)s", day=closes, course=pick(p, "course", lang)),
        [_("%(name)s is recommended for you and still has seats. Enrolment closes on %(day)s.",
           name=p["class_name"], day=closes)],
        action=_("See the class and enrol"),
        target=[("classes.detail", {"class_id": p["class_id"]}), ("catalogue.index", {})])


def _no_learning(p, lang):
    if p["never"]:
        first = _("You have not recorded any learning yet.")
    else:
        first = _("The last learning you recorded was on %(day)s.", day=day_text(p["since"], lang))
    return Content(
        _("No learning recorded for %(days)s days", days=p["days"]),
        [first, _("Record what you learned on the job, by yourself or from others: "
                  "it counts toward your 70:20:10 mix.")],
        action=_("Record learning"), target=[("log.new_entry", {}), ("log.index", {})])


def _mix_message(p, lang) -> str:
    """R2's own message, judged again from the hours per bucket the reminder recorded (the
    policy of the fiscal year and the buckets' names read once per context). Reminders
    written before they recorded hours carry the message itself."""
    if "hours" not in p:
        return pick(p, "message", lang)
    cache = g.setdefault("_notification_mix", {})
    if p["fy"] not in cache:
        cache[p["fy"]] = policy_for(fiscal_year_bounds(p["fy"])[0]), bucket_names()
    policy, names = cache[p["fy"]]
    hours = {bucket: Decimal(amount) for bucket, amount in p["hours"].items()}
    return verdict_from_bucket_hours(hours, policy, names).message(lang)


def _mix_check(p, lang):
    return Content(_("Your 70:20:10 mix in fiscal year %(fy)s", fy=fiscal_year_text(p, lang)), [_mix_message(p, lang)],
                   action=_("Open my dashboard"), target=[("dashboard.mine", {})])


def _plan_returned(p, lang):
    lines = [_("Your supervisor returned it on %(day)s.", day=day_text(p["returned_at"], lang))]
    if p.get("comment"):
        lines.append(_("Comment: %(comment)s", comment=p["comment"]))
    return Content(_("Your development plan for fiscal year %(fy)s was returned", fy=fiscal_year_text(p, lang)), lines,
                   action=_("Open the plan"),
                   target=[("plans.show", {"plan_id": p["plan_id"]}), ("plans.mine", {})])


def _record_returned(p, lang):
    lines = [_("Your entry of %(day)s (%(hours)s hours) was returned for changes.",
               day=day_text(p["occurred_on"], lang), hours=p["hours"])]
    if p.get("comment"):
        lines.append(_("Comment: %(comment)s", comment=p["comment"]))
    return Content(_("Learning log entry returned: %(title)s", title=p["title"]), lines,
                   action=_("Open the entry"),
                   target=[("log.entry", {"record_id": p["record_id"]}), ("log.index", {})])


def _no_agreed_plan(p, lang):
    return Content(
        _("No agreed development plan for fiscal year %(fy)s yet", fy=fiscal_year_text(p, lang)),
        [_("Fiscal year %(fy)s starts on %(day)s and plans were to be agreed by %(deadline)s. "
           "Yours is not agreed yet: finish it and submit it to your supervisor.",
           fy=fiscal_year_text(p, lang), day=day_text(p["starts_on"], lang), deadline=day_text(p["deadline"], lang))],
        action=_("Open my plan"), target=[("plans.mine", {})])


def _hours(amount: str) -> str:
    """Hours as recorded in a payload ("6.50"; older payloads hold "6.5") as people write them."""
    return hours_text(Decimal(amount))


def _fiscal_year_end(p, lang):
    items = [_("%(skill_set)s, %(method)s: %(left)s hours to go (%(done)s of %(planned)s)",
               skill_set=_names(SkillSet, skill, lang), method=_names(LearningMethod, method, lang),
               left=_hours(left), done=_hours(done), planned=_hours(planned))
             for skill, method, planned, done, left in p["items"]]
    return Content(
        _("Fiscal year %(fy)s ends in %(days)s days", fy=fiscal_year_text(p, lang), days=p["days_left"]),
        [_("The fiscal year ends on %(day)s. This remains of your agreed plan:", day=day_text(p["ends_on"], lang))],
        items=items, action=_("Open my dashboard"), target=[("dashboard.mine", {}), ("plans.mine", {})])


def _digest_line(person, lang) -> str:
    parts = []
    if person["plans"]:
        parts.append(_("plans waiting: %(n)s", n=person["plans"]))
    if person["entries"]:
        parts.append(_("log entries waiting: %(n)s", n=person["entries"]))
    if person.get("skills"):  # digests written before skills were counted have no such key
        parts.append(_("skill assessments and results waiting: %(n)s", n=person["skills"]))
    if person["since"]:
        parts.append(_("since %(day)s", day=day_text(person["since"], lang)))
    if person["no_plan"]:
        parts.append(_("no agreed plan"))
    if person["outside_mix"]:
        parts.append(_("outside the 70:20:10 mix"))
    return _("%(name)s: %(what)s", name=pick(person, "name", lang), what=", ".join(parts))


def _supervisor_digest(p, lang):
    # One figure per line: run together, the Thai reads as one long line of numbers.
    lines = [_("Plans waiting for you: %(n)s", n=p["plans"]),
             _("Log entries waiting for you: %(n)s", n=p["entries"]),
             _("Skill assessments and external results waiting for you: %(n)s", n=p.get("skills", 0)),
             _("People without an agreed plan for fiscal year %(fy)s: %(n)s", fy=fiscal_year_text(p, lang),
               n=p["no_plan"]),
             _("People outside the 70:20:10 mix: %(n)s", n=p["outside_mix"])]
    items = [_digest_line(person, lang) for person in p["people"]]
    if p["more"]:
        items.append(_("… and %(n)s more", n=p["more"]))
    return Content(_("Your weekly digest: %(n)s people to look at", n=len(p["people"]) + p["more"]), lines,
                   items=items, action=_("Open my team"), target=[("dashboard.team", {}), ("accounts.team", {})],
                   extra=[(_("Plans waiting"), [("plans.waiting", {})]),
                          (_("Log entries to verify"), [("log.queue", {})]),
                          (_("Skills waiting for you"), [("skill_ratings.reviews", {})])])


def _second_level_approvals(p, lang):
    items = [_("%(name)s, fiscal year %(fy)s: agreed by the immediate supervisor on %(day)s",
               name=pick(plan, "name", lang), fy=fiscal_year_text(plan, lang), day=day_text(plan["since"], lang))
             for plan in p["plans"]]
    return Content(_("Plans waiting for your second-level approval: %(n)s", n=len(p["plans"])),
                   [_("More than one target group is proposed in these plans, so they need your approval too.")],
                   items=items, action=_("Open plans waiting"), target=[("plans.waiting", {}), ("accounts.team", {})])


def _staff_targets(p, endpoint):
    return [(endpoint, {"class_id": p["class_id"]}), ("classes.staff_detail", {"class_id": p["class_id"]}),
            ("classes.manage", {}), ("accounts.institute", {"institute_id": p["institute_id"]})]


def _seats_unfilled(p, lang):
    free = p["capacity"] - p["seated"]
    return Content(
        _("%(name)s starts on %(day)s with %(n)s seats free", name=p["class_name"],
          day=day_text(p["starts_at"], lang), n=free),
        [_("%(course)s: %(seated)s of %(capacity)s seats taken.", course=pick(p, "course", lang),
           seated=p["seated"], capacity=p["capacity"])],
        action=_("Open the class"), target=_staff_targets(p, "classes.staff_detail"))


def _attendance_missing(p, lang):
    return Content(
        _("Attendance not recorded: %(name)s, %(day)s", name=p["class_name"], day=day_text(p["starts_at"], lang)),
        [_("No attendance has been recorded for the session %(session)s of %(when)s (%(n)s learners seated).",
           session=p["meeting_title"], when=moment_text(p["starts_at"], lang), n=p["seated"])],
        action=_("Record attendance"), target=_staff_targets(p, "classes.attendance"))


def _account_throttled(p, lang):
    return Content(
        _("Your Thaksa account was paused after many failed logins"),
        [_("Someone tried many wrong passwords for your account in the last hour, most recently "
           "from the address %(address)s, so logging in is paused for up to an hour.",
           address=p.get("address", "")),
         _("If it was not you, reset your password now: that also lifts the pause.")],
        action=_("Reset my password"), target=[("accounts.forgot_password", {}), ("accounts.login", {})])


# Account links: the signed link is minted now, as the e-mail is composed for sending, so
# the database never holds a live one (see lms.accounts.passwords).

def _link(person, purpose: str, endpoint: str) -> list:
    if person is None:  # composed for no one (never sent): the page to ask for a new link
        return [("accounts.forgot_password", {}), ("accounts.login", {})]
    return [(endpoint, {"token": link_token(person, purpose)})]


def _password_reset(p, lang, person=None):
    minutes = int(max_age(RESET).total_seconds() // 60)
    return Content(
        _("Reset your Thaksa password"),
        [_("Someone, probably you, asked to reset the password of your Thaksa account. "
           "Choose a new password with the link below."),
         _("The link works once, within %(minutes)s minutes. If you did not ask for it, ignore this "
           "e-mail: your password stays as it is.", minutes=minutes)],
        action=_("Choose a new password"), target=_link(person, RESET, "accounts.reset_password"))


def _invitation(p, lang, person=None):
    lines = [_("An account on Thaksa, the system for developing digital skills, has been made for you. "
               "Choose your password to log in for the first time.")]
    if person is not None:
        lines.append(_("You log in with your email address: %(email)s", email=person.email))
    lines.append(_("The link works for %(days)s days, until you have chosen a password.",
                   days=max_age(INVITATION).days))
    return Content(_("You are invited to Thaksa"), lines, action=_("Choose my password"),
                   target=_link(person, INVITATION, "accounts.accept_invitation"))


# Composers that need the person the e-mail goes to.
_FOR_PERSON = {"password_reset": _password_reset, "invitation": _invitation}

COMPOSERS = {
    "class_tomorrow": _class_tomorrow, "enrolment_closing": _enrolment_closing, "no_learning": _no_learning,
    "mix_check": _mix_check, "plan_returned": _plan_returned, "record_returned": _record_returned,
    "no_agreed_plan": _no_agreed_plan, "fiscal_year_end": _fiscal_year_end,
    "supervisor_digest": _supervisor_digest, "second_level_approvals": _second_level_approvals,
    "seats_unfilled": _seats_unfilled, "attendance_missing": _attendance_missing,
    "account_throttled": _account_throttled, **_FOR_PERSON, **NOTICE_COMPOSERS,
}


def compose(kind: str, payload: dict, language: str, person=None) -> Content:
    """The notification's words in `language` ('th' or 'en'); account links need `person`."""
    with force_locale(language):
        if kind in _FOR_PERSON:
            return _FOR_PERSON[kind](payload, language, person)
        return COMPOSERS[kind](payload, language)
