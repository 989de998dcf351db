"""Access control in one place: may this person do this (to that object)?

Every view declares its permission with @require; the route-walk test reads the
declarations, so a view without one fails the suite. Objects a person may not see
answer 404 (see `visible_or_404`), pages of a role they do not have answer 403.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..rules.agreement import approvals_needed
from .database import reads_only

PUBLIC = "public"
_SUPERVISES = "lms_supervises"  # the per-request memos' names on flask.g
_REPORT_SCOPE = "lms_report_scope"


def _is_supervisor(person) -> bool:
    """Someone with active reports, or acting for a supervisor today (accounts.models.Delegation)."""
    memo = _read_only_request_memo(_SUPERVISES)
    if memo is None:
        return _supervises(person)
    found = memo.get(person.id)
    if found is None:
        found = memo[person.id] = _supervises(person)
    return found


def _supervises(person) -> bool:
    return person.supervises_anyone()


def _read_only_request_memo(name: str) -> dict | None:
    """Answers kept for the rest of a read-only request being served ({person id: supervises}),
    which the view's @require, the page and the layout's menu all ask: it writes nothing
    (core.database), so an answer cannot go stale within it. None elsewhere (form posts,
    scripts, tests' own contexts): asked afresh each time."""
    return g.setdefault(name, {}) if reads_only() else None


def _has_report_scope(person) -> bool:
    """Someone who sees an agency's or a unit's reports: the site admin (every agency), agency
    admins, and the CIO or head of any unit (§4.9.2), memoised like the supervisor role."""
    if person.is_site_admin or person.admin_of_id is not None:
        return True
    memo = _read_only_request_memo(_REPORT_SCOPE)
    if memo is None:
        return person.leads_any_unit()
    found = memo.get(person.id)
    if found is None:
        found = memo[person.id] = person.leads_any_unit()
    return found


def _views_reports_of(person, org) -> bool:
    """Reports of `org` (and everything below it): the site admin; an agency admin, CIO or
    head of that unit or of one above it."""
    if person.is_site_admin:
        return True
    if org is None:
        return False
    return any(node.id == person.admin_of_id or person.id in (node.cio_id, node.head_id)
               for node in [org, *org.ancestors()])


def _is_or_acts_for(person, supervisor_id: int | None) -> bool:
    """True when `person` is that supervisor, or acts for them today; the delegations are
    looked up only when the person is not the supervisor themself."""
    if supervisor_id is None:
        return False
    return supervisor_id == person.id or supervisor_id in person.acting_for_ids()


def _org_within(org, top) -> bool:
    """True when `org` is `top` or lies below it in the organisation tree."""
    node = org
    while node is not None:
        if node.id == top.id:
            return True
        node = node.parent
    return False


def _manages_org(person, org) -> bool:
    if person.is_site_admin:
        return True
    return person.admin_of is not None and org is not None and _org_within(org, person.admin_of)


def _manages_roles_of(person, other) -> bool:
    """An administrator may not manage someone whose roles reach beyond their own: setting
    that person's password would hand the administrator those roles."""
    if person.is_site_admin:
        return True
    if other.is_site_admin:
        return False
    if other.admin_of is not None and not _manages_org(person, other.admin_of):
        return False
    return other.institute is None or _manages_org(person, other.institute.organisation)


def _above_in_chain(person, other) -> bool:
    """True when `person` is a supervisor of `other`, directly or further up, or acts for one."""
    chain = [above.id for above in other.supervisor_chain()]
    return person.id in chain or (bool(chain) and not person.acting_for_ids().isdisjoint(chain))


def _views_development(person, owner) -> bool:
    """A person's plan, log, evidence and dashboard: theirs, and their supervisors' up the chain."""
    return person.id == owner.id or _above_in_chain(person, owner)


# The learning log's entries are learning records written by the learner (source "log");
# the learner changes them only until the supervisor has verified them.
LOG_SOURCE = "log"
EDITABLE_LOG_STATES = ("pending", "returned")


def _decides_plan(person, plan) -> bool:
    """One of the current revision's approvers: the owner's immediate supervisor, or the one
    above when more than one group is proposed (R5)."""
    supervisor = plan.person.supervisor
    if supervisor is None:
        return False
    if _is_or_acts_for(person, supervisor.id):
        return True
    second_level = supervisor.supervisor
    return (second_level is not None and _is_or_acts_for(person, second_level.id)
            and approvals_needed([g.slug for g in plan.current.target_groups], ()).needs_second_level)


def may_change_roster(person, course_class) -> bool:
    """Add learners to a class, remove them, mark no-shows: the staff of its institute."""
    return person.institute_id is not None and person.institute_id == course_class.institute_id


# Role-level permissions: person -> bool.
ROLE_PERMISSIONS: dict[str, Callable] = {
    "signed_in": lambda p: True,
    "supervise": _is_supervisor,
    "author": lambda p: p.institute_id is not None,
    "administer_agency": lambda p: p.is_site_admin or p.admin_of_id is not None,
    "administer_site": lambda p: p.is_site_admin,
    # Choosing units in a form: course authors (who opens a class), administrators.
    "pick_organisations": lambda p: p.is_site_admin or p.institute_id is not None or p.admin_of_id is not None,
    # The audit trail: site admins all of it, agency admins their subtree's (accounts.audit_queries).
    "view_audit": lambda p: p.is_site_admin or p.admin_of_id is not None,
    # Agency reports (lms.reports): site and agency admins, CIOs and heads of units.
    "view_reports": _has_report_scope,
}

# Object-level permissions: (person, obj) -> bool.
OBJECT_PERMISSIONS: dict[str, Callable] = {
    "view_person": lambda p, other: (
        p.id == other.id or _above_in_chain(p, other) or _manages_org(p, other.organisation)
    ),
    "manage_person": lambda p, other: _manages_org(p, other.organisation) and _manages_roles_of(p, other),
    "manage_organisation": _manages_org,
    # A unit's report, its drill-down and exports; its indicators and budget are recorded by
    # the same people (lms.reports). Another agency's answers 404.
    "view_unit_report": _views_reports_of,
    # An agency's indicators and budget (lms.reports): recorded for the agency the unit lies
    # in, by those who see that agency's reports; a unit in no agency has none to record.
    # A head's executive report (§4.9.7) shows their own development: those who see the unit's
    # report and may already see that person; a unit without a head has none.
    "view_executive_report": lambda p, org: (
        org.head is not None and _views_reports_of(p, org) and OBJECT_PERMISSIONS["view_person"](p, org.head)
    ),
    "record_agency_results": lambda p, org: org.agency is not None and _views_reports_of(p, org.agency),
    "view_institute": lambda p, inst: p.is_site_admin or p.institute_id == inst.id,
    # Courses and classes belong to an institute; its course authors run them.
    "edit_course": lambda p, course: p.institute_id == course.institute_id,
    "view_course": lambda p, course: (
        course.published is not None or p.institute_id == course.institute_id or p.is_site_admin
    ),
    "view_development": _views_development,
    "review_development": lambda p, owner: _above_in_chain(p, owner),
    # Plans: seen as their owner's development; changed by the owner; decided by the approvers.
    "view_plan": lambda p, plan: _views_development(p, plan.person),
    "edit_plan": lambda p, plan: plan.person_id == p.id,
    "decide_plan": lambda p, plan: plan.person_id != p.id and _decides_plan(p, plan),
    # The learning log: the immediate supervisor decides; those further up may only look.
    "view_log_entry": lambda p, record: record.source == LOG_SOURCE and _views_development(p, record.person),
    "edit_log_entry": lambda p, record: (
        record.source == LOG_SOURCE and record.person_id == p.id and record.status in EDITABLE_LOG_STATES
    ),
    "review_log_entry": lambda p, record: (
        record.source == LOG_SOURCE and record.person_id != p.id
        and _is_or_acts_for(p, record.person.supervisor_id)
    ),
    "view_evidence": lambda p, row: _views_development(p, row.record.person),
    # Coaching: the coach, the coached, and anyone above a coached person in the chain see it;
    # the coached acknowledge it; the coach deletes it until someone has acknowledged it.
    "view_coaching_session": lambda p, session: session.coach_id == p.id or any(
        _views_development(p, a.person) for a in session.attendees),
    "acknowledge_coaching_session": lambda p, session: any(a.person_id == p.id for a in session.attendees),
    "delete_coaching_session": lambda p, session: (
        session.coach_id == p.id and all(a.acknowledged_at is None for a in session.attendees)
    ),
    # An acting supervisor's delegation: the supervisor who gave it ends it.
    "end_delegation": lambda p, delegation: delegation.principal_id == p.id,
    # A signed-in browser: only its own person may end it.
    "end_session": lambda p, account_session: account_session.person_id == p.id,
    # A notification in the centre: only its own person opens it or marks it read.
    "open_notification": lambda p, notification: notification.person_id == p.id and notification.in_centre,
    "manage_class": lambda p, cls: p.institute_id == cls.institute_id,
    "change_roster": may_change_roster,
    "view_class": lambda p, cls: (
        not cls.is_cancelled or p.institute_id == cls.institute_id or p.is_site_admin
    ),
    # Skill frameworks (lms.assessment.frameworks): entries below this line only.
    # Quizzes and question banks (lms.assessment.quizzes): entries below this line only.
    # Banks and quizzes belong to an institute; its course authors write them. A published quiz
    # is taken by anyone signed in who may see its course; an attempt is its person's alone.
    "edit_question_bank": lambda p, bank: p.institute_id == bank.institute_id,
    "edit_bank_question": lambda p, question: p.institute_id == question.bank.institute_id,
    "edit_quiz": lambda p, quiz: p.institute_id == quiz.institute_id,
    "view_quiz": lambda p, quiz: p.institute_id == quiz.institute_id or (
        quiz.is_published and (quiz.course is None or quiz.course.published is not None)),
    "view_quiz_attempt": lambda p, attempt: attempt.person_id == p.id,
    # Skill ratings and external results (lms.assessment.ratings): entries below this line only.
    # A yearly skill assessment and external results are seen as their owner's development; the
    # owner changes them until the supervisor acts; the immediate (or acting) supervisor decides.
    # A draft is the owner's alone until they submit it.
    "view_skill_assessment": lambda p, a: p.id == a.person_id or (a.state != "draft" and _above_in_chain(p, a.person)),
    "edit_skill_assessment": lambda p, a: a.person_id == p.id and a.state in ("draft", "submitted"),
    "confirm_skill_assessment": lambda p, a: (
        a.person_id != p.id and a.state == "submitted" and _is_or_acts_for(p, a.person.supervisor_id)
    ),
    "view_external_result": lambda p, r: _views_development(p, r.person),
    "edit_external_result": lambda p, r: r.person_id == p.id and r.status in ("pending", "returned"),
    "review_external_result": lambda p, r: (
        r.person_id != p.id and r.status == "pending" and _is_or_acts_for(p, r.person.supervisor_id)
    ),
    "view_external_result_file": lambda p, f: _views_development(p, f.result.person),
    # Certificates (lms.assessment.certificates): entries below this line only.
    # A certificate: its holder, their supervisors up the chain, the administrators of their unit;
    # revoked by the site admin or the agency admin of the holder's unit.
    "view_certificate": lambda p, cert: (
        _views_development(p, cert.person) or _manages_org(p, cert.person.organisation)),
    "revoke_certificate": lambda p, cert: _manages_org(p, cert.person.organisation),
    # API credentials (lms.api): entries below this line only.
    # A personal token: only its owner revokes it and sees its calls. A system client: the
    # administrator who registered it, and those who manage its person's unit.
    "revoke_api_token": lambda p, t: t.kind == "personal" and t.person_id == p.id,
    "manage_api_client": lambda p, c: c.person_id == p.id or _manages_org(p, c.person.organisation),
    # Any learning record (a log entry, a completion, an import): seen as its person's development.
    "view_learning_record": lambda p, record: _views_development(p, record.person),
}


def people_seen_among(person, others) -> set[int]:
    """The ids of those of `others` (people) whom `person` may see, as can(person, "view_person",
    other) answers for each, but with every supervisor chain walked in one statement: for pages
    that ask about thousands of people (tests/reports/test_access_sets.py compares the two)."""
    others = list(others)
    if person is None or not person.is_authenticated:
        return set()
    if person.is_site_admin:
        return {other.id for other in others}
    seen = {other.id for other in others
            if other.id == person.id or _manages_org(person, other.organisation)}
    rest = [other.id for other in others if other.id not in seen]
    return seen | type(person).ids_with_any_above(rest, {person.id, *person.acting_for_ids()})


def executive_reports_among(person, units) -> set[int]:
    """The ids of those of `units` whose head's executive report `person` may have, as
    can(person, "view_executive_report", unit) answers for each (the heads asked as one set)."""
    if person is None or not person.is_authenticated:
        return set()
    Person = type(person)  # noqa: N806 (core cannot import accounts: the model is the reader's class)
    reported = [unit for unit in units if unit.head_id is not None and _views_reports_of(person, unit)]
    # The heads loaded in one statement, not one lazy load each.
    heads = db.session.scalars(select(Person).where(Person.id.in_({unit.head_id for unit in reported}))).all()
    seen = people_seen_among(person, heads)
    return {unit.id for unit in reported if unit.head_id in seen}


def roles_of(person) -> list[str]:
    """The roles a person holds, for the header and the home page."""
    if person is None or not person.is_authenticated:
        return []
    roles = ["learner"]
    if _is_supervisor(person):
        roles.append("supervisor")
    if person.institute_id is not None:
        roles.append("author")
    if person.admin_of_id is not None:
        roles.append("agency_admin")
    if person.is_site_admin:
        roles.append("site_admin")
    return roles


def can(person, permission: str, obj=None) -> bool:
    if person is None or not person.is_authenticated:
        return False
    if permission in ROLE_PERMISSIONS:
        return bool(ROLE_PERMISSIONS[permission](person))
    if permission in OBJECT_PERMISSIONS:
        return obj is not None and bool(OBJECT_PERMISSIONS[permission](person, obj))
    raise KeyError(f"unknown permission {permission!r}")


def require(permission: str):
    """Declare a view's permission: log in first, then 403 if the role is missing.

    Object permissions are declared too but checked by the view through
    `visible_or_404`, once it has loaded the object.
    """

    def decorate(view):
        if permission == PUBLIC:
            view.permission = PUBLIC
            return view

        @wraps(view)
        def guarded(*args, **kwargs):
            if permission in ROLE_PERMISSIONS and not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(guarded)
        wrapped.permission = permission
        return wrapped

    return decorate


def visible_or_404(model, object_id: int, permission: str, options=()):
    """Load an object the current person may act on, or answer 404 as if it did not exist."""
    obj = db.session.get(model, object_id, options=list(options))
    if obj is None or not can(current_user, permission, obj):
        abort(404)
    return obj


def allowed_or_403(permission: str, obj):
    """The object, when the current person may do this to it; else 403. For an object the
    person may see (checked first with `visible_or_404`) but not act on."""
    if not can(current_user, permission, obj):
        abort(403)
    return obj
