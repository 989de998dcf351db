"""What the notices of events say (told at once, lms/notifications/events.py): plans,
log entries, coaching, seats and classes, skill assessments and external results."""

from flask_babel import gettext as _

from ..accounts.models import Person
from ..assessment.ratings.models import ExternalResult
from ..extensions import db
from .message_parts import Content, day_text, fiscal_year_text, moment_text, pick

# Notices of events, told at once (lms/notifications/events.py). People are named by id and
# read when the notice is shown, so an anonymised person's name is never kept in a payload.

def _person(person_id, lang) -> str:
    person = db.session.get(Person, person_id) if person_id else None
    if person is None:
        return _("someone")
    return person.name_en if lang == "en" and person.name_en else person.name_th


def _plan_target(p, *more):
    return [("plans.show", {"plan_id": p["plan_id"]}), *more, ("plans.mine", {})]


def _comment(p) -> list[str]:
    return [_("Comment: %(comment)s", comment=p["comment"])] if p.get("comment") else []


def _plan_submitted(p, lang):
    return Content(_("%(name)s submitted a development plan for fiscal year %(fy)s",
                     name=_person(p["person_id"], lang), fy=fiscal_year_text(p, lang)),
                   [_("Revision %(n)s of the plan waits for your approval.", n=p["revision"])],
                   action=_("Open the plan"), target=_plan_target(p, ("plans.waiting", {})))


def _acting_for(p, lang):
    return Content(_("You act for %(name)s from %(first)s to %(last)s", name=_person(p["principal_id"], lang),
                     first=day_text(p["starts_on"], lang), last=day_text(p["ends_on"], lang)),
                   [_("Over these days you verify the learning log of their direct reports, decide their "
                      "development plans and record coaching for them; each decision is recorded as taken "
                      "on their behalf.")],
                   action=_("Open what waits for me"), target=[("core.home", {})])


def _plan_second_level(p, lang):
    return Content(_("A plan waits for your second-level approval: %(name)s", name=_person(p["person_id"], lang)),
                   [_("%(supervisor)s agreed the development plan of %(name)s for fiscal year %(fy)s. More than "
                      "one target group is proposed, so it needs your approval too.",
                      supervisor=_person(p["agreed_by_id"], lang), name=_person(p["person_id"], lang),
                      fy=fiscal_year_text(p, lang))],
                   action=_("Open the plan"), target=_plan_target(p, ("plans.waiting", {})))


def _plan_agreed(p, lang):
    if p["final"]:
        return Content(_("Your development plan for fiscal year %(fy)s was agreed", fy=fiscal_year_text(p, lang)),
                       [_("It was agreed on %(day)s and is now in force.", day=day_text(p["agreed_at"], lang)),
                        *_comment(p)],
                       action=_("Open the plan"), target=_plan_target(p))
    return Content(_("Your supervisor agreed your development plan for fiscal year %(fy)s",
                     fy=fiscal_year_text(p, lang)),
                   [_("It now waits for the approval of %(name)s, the supervisor one level higher, because "
                      "more than one target group is proposed.", name=_person(p["waiting_for_id"], lang)),
                    *_comment(p)],
                   action=_("Open the plan"), target=_plan_target(p))


def _entry_verified(p, lang):
    if "entries" in p:  # several verified together
        return Content(_("%(n)s learning log entries verified", n=len(p["entries"])),
                       [_("Their hours count now.")],
                       [_("%(day)s · %(title)s (%(hours)s hours)", day=day_text(e["occurred_on"], lang),
                          title=e["title"],
                          hours=e["hours"]) for e in p["entries"]],
                       action=_("Open my learning log"), target=[("log.index", {})])
    return Content(_("Learning log entry verified: %(title)s", title=p["title"]),
                   [_("Your entry of %(day)s (%(hours)s hours) was verified: its hours count now.",
                      day=day_text(p["occurred_on"], lang), hours=p["hours"])],
                   action=_("Open the entry"),
                   target=[("log.entry", {"record_id": p["record_id"]}), ("log.index", {})])


def _coaching_recorded(p, lang):
    return Content(_("Coaching recorded: %(topic)s", topic=p["topic"]),
                   [_("%(coach)s recorded coaching with you on %(day)s (%(hours)s hours). The hours are in "
                      "your learning record already.", coach=_person(p["coach_id"], lang),
                      day=day_text(p["occurred_on"], lang), hours=p["hours"]),
                    _("Open the session to acknowledge that you were coached.")],
                   action=_("Open the session"),
                   target=[("coaching.session", {"session_id": p["session_id"]}), ("coaching.index", {})])


def _where(p) -> list[str]:
    return ([_("Place: %(place)s", place=p["place"])] if p.get("place") else []) + (
        [_("Online: %(link)s", link=p["online_url"])] if p.get("online_url") else [])


def _class_lines(p, lang) -> list[str]:
    starts_at = p.get("starts_at")
    first = [_("The first session is on %(when)s.", when=moment_text(starts_at, lang))] if starts_at else []
    return first + _where(p)


def _class_target(p):
    return [("classes.detail", {"class_id": p["class_id"]}), ("classes.mine", {})]


def _enrolment_confirmed(p, lang):
    course = pick(p, "course", lang)
    if p["status"] == "waitlisted":
        return Content(_("You are on the waiting list: %(course)s", course=course),
                       [_("%(name)s is full. You are number %(n)s on its waiting list; you will be told when "
                          "a seat is yours.", name=p["class_name"], n=p["position"])],
                       action=_("Open the class"), target=_class_target(p))
    return Content(_("You are enrolled: %(course)s", course=course),
                   [_("You have a seat in %(name)s.", name=p["class_name"]), *_class_lines(p, lang)],
                   action=_("Open the class"), target=_class_target(p))


def _enrolment_promoted(p, lang):
    return Content(_("You have a seat: %(course)s", course=pick(p, "course", lang)),
                   [_("A seat in %(name)s became free and is yours now: you were first on the waiting list.",
                      name=p["class_name"]), *_class_lines(p, lang)],
                   action=_("Open the class"), target=_class_target(p))


def _enrolment_removed(p, lang):
    return Content(_("You were taken off a class: %(course)s", course=pick(p, "course", lang)),
                   [_("The institute running %(name)s took you off it. Ask them if you think this is a mistake.",
                      name=p["class_name"])],
                   action=_("Your classes"), target=[("classes.mine", {}), ("catalogue.index", {})])


def _enrolment_no_show(p, lang):
    return Content(_("Marked as not attending: %(course)s", course=pick(p, "course", lang)),
                   [_("The institute running %(name)s recorded that you did not come, so the class does not "
                      "count for you. Ask them if you think this is a mistake.", name=p["class_name"])],
                   action=_("Your classes"), target=[("classes.mine", {}), ("catalogue.index", {})])


def _class_changed(p, lang):
    items = [_("%(session)s: %(when)s", session=title, when=moment_text(starts, lang))
             for title, starts, _ends in p["meetings"]]
    lines = [_("The dates or place of %(name)s changed.", name=p["class_name"]), *_where(p),
             _("Its sessions are now:")]
    return Content(_("Class changed: %(course)s", course=pick(p, "course", lang)), lines, items=items,
                   action=_("Open the class"), target=_class_target(p))


def _class_cancelled(p, lang):
    return Content(_("Class cancelled: %(course)s", course=pick(p, "course", lang)),
                   [_("%(name)s was cancelled and will not take place.", name=p["class_name"])],
                   action=_("Find another class"), target=[("catalogue.index", {}), ("classes.mine", {})])


def _assessment_target(p, *more):
    return [("skill_ratings.assessment", {"skill_assessment_id": p["assessment_id"]}), *more,
            ("skill_ratings.index", {})]


def _result_target(p, *more):
    return [("skill_ratings.result", {"external_result_id": p["result_id"]}), *more, ("skill_ratings.index", {})]


def _result_line(p, lang) -> str:
    return _("%(skill_set)s, level %(level)s", skill_set=pick(p, "skill_set", lang), level=p["level"])


def _skill_assessment_submitted(p, lang):
    return Content(_("%(name)s submitted a skill assessment for fiscal year %(fy)s",
                     name=_person(p["person_id"], lang), fy=fiscal_year_text(p, lang)),
                   [_("It waits for your confirmation: confirm each level, or adjust it and say why.")],
                   action=_("Open the assessment"), target=_assessment_target(p, ("skill_ratings.reviews", {})))


def _skill_assessment_confirmed(p, lang):
    lines = [_("%(name)s confirmed your levels; they are now your assessed levels.",
               name=_person(p["confirmed_by_id"], lang))]
    if p.get("adjusted"):
        lines.append(_("Skill sets whose level your supervisor changed: %(n)s. Their comments say why.",
                       n=p["adjusted"]))
    return Content(_("Your skill assessment for fiscal year %(fy)s was confirmed", fy=fiscal_year_text(p, lang)),
                   lines, action=_("Open the assessment"), target=_assessment_target(p))


def _external_result_submitted(p, lang):
    result = db.session.get(ExternalResult, p["result_id"])
    if result is None:  # removed with its owner's data since
        return Content(_("An external result was recorded for your verification"), [],
                       action=_("Open what waits for me"), target=[("skill_ratings.reviews", {})])
    facts = {"level": result.level, **({"skill_set_th": result.skill_set.name_th,
                                        "skill_set_en": result.skill_set.name_en} if result.skill_set else {})}
    return Content(_("%(name)s recorded an external result: %(title)s", name=_person(p["person_id"], lang),
                     title=result.title),
                   [_result_line(facts, lang), _("It waits for your verification.")],
                   action=_("Open the result"), target=_result_target(p, ("skill_ratings.reviews", {})))


def _external_result_reviewed(p, lang):
    if p["verified"]:
        return Content(_("External result verified: %(title)s", title=p["title"]),
                       [_result_line(p, lang), _("It counts now as an assessed level."), *_comment(p)],
                       action=_("Open the result"), target=_result_target(p))
    return Content(_("External result returned: %(title)s", title=p["title"]),
                   [_result_line(p, lang), _("Change what the comment asks and save it again to send it back "
                                             "to your supervisor."), *_comment(p)],
                   action=_("Open the result"), target=_result_target(p))


NOTICE_COMPOSERS = {
    "plan_submitted": _plan_submitted,
    "plan_second_level": _plan_second_level,
    "acting_for": _acting_for,
    "plan_agreed": _plan_agreed,
    "entry_verified": _entry_verified,
    "coaching_recorded": _coaching_recorded,
    "enrolment_confirmed": _enrolment_confirmed,
    "enrolment_promoted": _enrolment_promoted,
    "enrolment_removed": _enrolment_removed,
    "enrolment_no_show": _enrolment_no_show,
    "class_changed": _class_changed,
    "class_cancelled": _class_cancelled,
    "skill_assessment_submitted": _skill_assessment_submitted,
    "skill_assessment_confirmed": _skill_assessment_confirmed,
    "external_result_submitted": _external_result_submitted,
    "external_result_reviewed": _external_result_reviewed,
}
