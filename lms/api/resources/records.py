"""Learning records (70 % on the job, 20 % from others, 10 % training) and 70:20:10 verdicts.

A record posted here is a learning-log entry, made by the log's own services (lms.development.
log): pending until the person's supervisor verifies it on the verification pages, and counted
in the 70:20:10 sums only then (or at once, where the site counts pending records too).
"""

from decimal import Decimal

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ...accounts.models import Person
from ...accounts.services import find_person_by_email
from ...core.access import can, visible_or_404
from ...core.audit import record_event
from ...core.dates import fiscal_year_bounds
from ...development import log
from ...extensions import db
from ...records.models import RECORD_SOURCES, RECORD_STATES, LearningRecord
from ...records.services import my_records_query
from ...reference.guideline import shipped_guideline, shipped_slugs
from ...rules import MAX_RECORD_HOURS_PER_DAY
from ..auth import ApiError, requires
from ..pagination import PageArguments, page, page_schema
from ..spec import blueprint, scoped
from . import person_asked_for

bp = blueprint("records", "Learning records (70 % on the job, 20 % from others, 10 % training) and 70:20:10 verdicts.")

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The fiscal years (B.E.) a query may name; which of them can be judged is the dashboards' call.
FISCAL_YEARS = validate.Range(2500, 2700)
# What the document lists as the methods one may log: the shipped ones the log offers (not
# training, not coaching: lms.development.log.log_methods). The database decides (409).
_SHIPPED_LOGGED = sorted(row["slug"] for row in shipped_guideline()["learning_methods"]
                         if row["bucket"] != log.NOT_LOGGED_BUCKET and row["slug"] != "coaching")


class RecordSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    person_email = fields.String(attribute="person.email")
    date = fields.Date(attribute="occurred_on", metadata={"description": "The day of the learning."})
    hours = fields.Float()
    method = fields.String(attribute="method.slug", metadata={"description": "The learning method's slug."})
    bucket = fields.String(attribute="method.bucket", validate=validate.OneOf(("experiential", "social", "formal")),
                           metadata={"description": "The 70:20:10 bucket the method counts toward."})
    skill_sets = fields.Function(lambda record: [s.slug for s in record.skill_sets],
                                 metadata={"type": "array", "items": {"type": "string"}})
    title = fields.String()
    source = fields.String(validate=validate.OneOf(RECORD_SOURCES),
                           metadata={"description": "What wrote it: a class, a self-paced course, the learning log, "
                                                    "coaching, an import."})
    status = fields.String(validate=validate.OneOf(RECORD_STATES), metadata={
        "description": "pending: waits for the supervisor; verified: counts; returned: sent back with a comment."})
    created_at = fields.DateTime()
    reviewed_at = fields.DateTime(allow_none=True)


RecordPage = page_schema(RecordSchema, "RecordPage")


class RecordListArguments(PageArguments):
    person_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1), metadata={
        "description": "Whose records: someone whose development the caller may see (default: the caller)."})
    fiscal_year = fields.Integer(load_default=None, validate=FISCAL_YEARS, metadata={
        "description": "Buddhist Era; the fiscal year runs from 1 October to 30 September."})
    status = fields.String(load_default=None, validate=validate.OneOf(RECORD_STATES))


class NewRecordSchema(Schema):
    person_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1), metadata={
        "description": "For whom, when not the caller: someone whose unit the caller administers."})
    email = fields.Email(load_default=None, validate=validate.Length(max=254), metadata={
        "description": "For whom, by email (instead of person_id)."})
    date = fields.Date(required=True, metadata={
        "description": "The day of the learning: not in the future, nor before the previous fiscal year."})
    hours = fields.Float(required=True, validate=validate.Range(0, MAX_RECORD_HOURS_PER_DAY, min_inclusive=False),
                         metadata={"exclusiveMinimum": 0,
                                   "description": "More than 0, at most two decimal places; at most 24 in one day, "
                                                  "counting the person's other records of the day."})
    method = fields.String(required=True, validate=validate.Regexp(SLUG), metadata={
        "enum": _SHIPPED_LOGGED, "description": "A learning method the log offers (not training or coaching, "
                                                "which reach the record another way)."})
    skill_sets = fields.List(
        fields.String(validate=validate.Regexp(SLUG), metadata={"enum": sorted(shipped_slugs("skill_sets"))}),
        required=True, validate=validate.Length(min=1, max=20), metadata={
            "description": "Slugs of the skill sets developed (those the database offers; retired ones are refused)."})
    title = fields.String(required=True, validate=[validate.Length(min=1, max=300), validate.Regexp(r"\S")],
                          metadata={"description": "What the person did."})
    notes_md = fields.String(required=True, validate=[validate.Length(min=1, max=20_000), validate.Regexp(r"\S")],
                             metadata={"description": "What the person learned (Markdown)."})


@bp.route("/records")
@scoped(bp, "records:read")
@bp.arguments(RecordListArguments, location="query")
@bp.response(200, RecordPage)
@requires("records:read", "signed_in")
def list_records(arguments):
    """A person's learning records, by id: the caller's, or someone's whose development they may see."""
    statement = my_records_query(person_asked_for(arguments["person_id"]))
    if arguments["fiscal_year"] is not None:
        first, last = fiscal_year_bounds(arguments["fiscal_year"])
        statement = statement.where(LearningRecord.occurred_on >= first, LearningRecord.occurred_on <= last)
    if arguments["status"] is not None:
        statement = statement.where(LearningRecord.status == arguments["status"])
    return page(statement, LearningRecord.id, arguments)


@bp.route("/records/<int:record_id>")
@scoped(bp, "records:read")
@bp.response(200, RecordSchema)
@requires("records:read", "view_learning_record")
def get_record(record_id):
    """One learning record of someone whose development the caller may see."""
    return visible_or_404(LearningRecord, record_id, "view_learning_record")


@bp.route("/records", methods=["POST"])
@scoped(bp, "records:write")
@bp.arguments(NewRecordSchema)
@bp.response(201, RecordSchema)
@requires("records:write", "signed_in")
def create_record(body):
    """Record learning as a learning-log entry, pending the supervisor's verification.

    For the caller, or for someone in a unit the caller administers (named by person_id or
    email). It appears in the supervisor's verification queue and counts once verified."""
    person = _for_whom(body)
    hours_text = format(Decimal(str(body["hours"])), "f")  # as typed: 1.5, not 1.5000000001
    skill_set_ids, skill_set_problem = _skill_set_ids(body["skill_sets"])
    data = log.EntryData(occurred_on=body["date"], hours_text=hours_text, method_slug=body["method"],
                         skill_set_ids=skill_set_ids, title=body["title"].strip(), notes_md=body["notes_md"])
    problems = log.entry_problems(person, data)
    if skill_set_problem:
        problems["skill_sets"] = [skill_set_problem]
    if "hours" in problems and person.id != current_user.id:
        hours, _problem = log.parse_hours(data.hours_text)
        if hours is not None:  # the day's total, said of the person rather than to "you"
            problems["hours"] = [log.day_total_problem(person, data.occurred_on, hours, name=person.name)]
    if "method" in problems:
        problems["method"] = [_("The log takes no learning method %(slug)s. Known: %(known)s.", slug=body["method"],
                                known=", ".join(m.slug for m in log.log_methods()))]
    if problems:  # every refusal at once, in the form's order
        raise ApiError(409, " ".join(message for field in ("occurred_on", "hours", "method", "skill_sets", "title")
                                     for message in problems.get(field, ())))
    record = log.create_entry(person, data)
    if person.id != current_user.id:  # someone's record written by another: in the audit trail
        record_event("learning_record.created", person, changes={
            "record": record.id, "occurred_on": record.occurred_on, "hours": record.hours,
            "method": record.method, "status": record.status})
    db.session.commit()
    return record


def _for_whom(body) -> Person:
    """The person the record is for: the caller, or someone they manage (404 for someone they
    may not see, 403 for someone they see but do not administer: a supervisor's report)."""
    person = current_user._get_current_object()
    by_id = db.session.get(Person, body["person_id"]) if body["person_id"] is not None else None
    by_email = find_person_by_email(body["email"]) if body["email"] is not None else None
    named = [found for found in (by_id, by_email) if found is not None]
    if (body["person_id"] is not None and by_id is None) or (body["email"] is not None and by_email is None):
        raise ApiError(404, _("No such person, or not one whose records you may write."))
    if len(named) == 2 and by_id.id != by_email.id:
        raise ApiError(409, _("person_id and email name two different people: name one person."))
    if named and named[0].id != person.id:
        person = named[0]
        if not can(current_user, "view_person", person):
            raise ApiError(404, _("No such person, or not one whose records you may write."))
        if not can(current_user, "manage_person", person):
            raise ApiError(403, _("You may record learning for yourself, or for people in the units you "
                                  "administer."))
    if not person.is_active:
        raise ApiError(409, _("%(name)s's account is not active: no learning can be recorded for them.",
                              name=person.name))
    return person


def _skill_set_ids(slugs: list[str]) -> tuple[list[int], str | None]:
    """The ids of the skill sets offered for an entry, by slug, and a message naming any other."""
    offered = {s.slug: s.id for s in log.all_skill_sets()}
    unknown = sorted(set(slugs) - set(offered))
    problem = None
    if unknown:
        problem = _("Unknown or retired skill sets: %(slugs)s. Known: %(known)s.",
                    slugs=", ".join(unknown), known=", ".join(sorted(offered)))
    return sorted({offered[slug] for slug in slugs if slug in offered}), problem


from . import records_mix  # noqa: E402, F401  (its routes are on this blueprint)
