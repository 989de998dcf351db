"""How the audit trail reads to people: a translated label per kind of event, field and state.

An event stores stable names ("plan.agreed", "status": ["submitted", "agreed"]); these
tables turn them into words in the reader's language. Anything not listed here is shown
as stored, so a kind added elsewhere is never hidden.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "login.succeeded": _l("Logged in"),
    "login.failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "session.ended": _l("Signed out a browser"),
    "session.ended_elsewhere": _l("Signed out every other browser"),
    "session.ended_by_operator": _l("Signed out everywhere by an operator"),
    "person.password_changed": _l("Changed their password"),
    "person.password_reset": _l("Reset their password"),
    "person.password_set_by_invitation": _l("Chose a password from an invitation"),
    "password_reset.requested": _l("Asked for a password reset"),
    "password_reset.mailed": _l("Password reset link sent"),
    "password_reset.refused": _l("Password reset not sent"),
    "person.data_exported": _l("Personal data downloaded"),
    "reference.created": _l("Reference data added"),
    "reference.updated": _l("Reference data changed"),
    "reference.skill_sets_updated": _l("Recommended skill sets changed"),
    "person.invited": _l("Invitation sent"),
    "person.created": _l("Person added"),
    "person.updated": _l("Person changed"),
    "person.anonymised": _l("Person anonymised"),
    "organisation.created": _l("Organisation added"),
    "organisation.updated": _l("Organisation changed"),
    "institute.created": _l("Institute added"),
    "institute.updated": _l("Institute changed"),
    "people.imported": _l("People imported"),
    "records.imported": _l("Learning records imported"),
    "import.refused": _l("Import refused (nothing written)"),
    "courses.imported": _l("Course files imported"),
    "course.published": _l("Course version published"),
    "course_class.cancelled": _l("Class cancelled"),
    "course_class.cost_changed": _l("Class cost changed"),
    "agency_indicator.created": _l("Agency indicator added"),
    "agency_indicator.updated": _l("Agency indicator changed"),
    "agency_indicator.deleted": _l("Agency indicator deleted"),
    "agency_budget.updated": _l("Agency budget changed"),
    "attendance.recorded": _l("Attendance recorded"),
    "enrolment.completed": _l("Class completion recorded"),
    "enrolment.added": _l("Learner added to a class by staff"),
    "enrolment.removed": _l("Learner removed from a class by staff"),
    "enrolment.no_show": _l("Learner marked as a no-show"),
    "plan.agreed": _l("Plan agreed by the supervisor"),
    "plan.returned": _l("Plan returned by the supervisor"),
    "plan.second_level_agreed": _l("Plan agreed at the second level"),
    "plan.second_level_returned": _l("Plan returned at the second level"),
    "plan_item.deleted": _l("Plan item removed"),
    "learning_record.verified": _l("Learning record verified"),
    "learning_record.returned": _l("Learning record returned"),
    "learning_record.deleted": _l("Learning record deleted"),
    "evidence_file.deleted": _l("Evidence file removed"),
    "coaching_session.recorded": _l("Coaching recorded"),
    "coaching_session.deleted": _l("Coaching session deleted"),
    "learning_record.created": _l("Learning record added for someone else"),
    "api_token.created": _l("API token created"),
    "api_token.revoked": _l("API token revoked"),
    "api_client.registered": _l("API system registered"),
    "api_client.revoked": _l("API system revoked"),
}

OBJECT_TYPE_LABELS = {
    "people": _l("People"),
    "organisations": _l("Organisations"),
    "institutes": _l("Institutes"),
    "courses": _l("Courses"),
    "course_classes": _l("Classes"),
    "agency_indicators": _l("Agency indicators"),
    "agency_budgets": _l("Agency budgets"),
    "employment_types": _l("Employment types"),
    "target_groups": _l("Target groups"),
    "skill_sets": _l("Skill sets"),
    "phases": _l("Phases"),
    "policy_versions": _l("Policy versions"),
    "api_tokens": _l("API tokens"),
    "api_clients": _l("API systems"),
}

FIELD_LABELS = {
    "status": _l("Status"),
    "email": _l("Email"),
    "name_th": _l("Name (Thai)"),
    "name_en": _l("Name (English)"),
    "position": _l("Position"),
    "organisation": _l("Organisation"),
    "supervisor": _l("Supervisor"),
    "is_active": _l("Active"),
    "is_site_admin": _l("Site administrator"),
    "admin_of": _l("Administrator of"),
    "institute": _l("Institute"),
    "password": _l("Password"),
    "fiscal_year": _l("Fiscal year"),
    "revision": _l("Revision"),
    "plan": _l("Plan"),
    "record": _l("Record"),
    "occurred_on": _l("Date"),
    "hours": _l("Hours"),
    "planned_hours": _l("Planned hours"),
    "method": _l("Method"),
    "skill_set": _l("Skill set"),
    "horizon": _l("Horizon"),
    "target_groups": _l("Target groups"),
    "course": _l("Course"),
    "version": _l("Version"),
    "superseded": _l("Superseded version"),
    "class": _l("Class"),
    "enrolment": _l("Enrolment record"),
    "meeting": _l("Class session"),
    "present": _l("Present"),
    "absent": _l("Absent"),
    "is_cancelled": _l("Cancelled"),
    "session": _l("Coaching session"),
    "minutes": _l("Minutes"),
    "file": _l("File"),
    "size_bytes": _l("Size (bytes)"),
    "evidence_files": _l("Evidence files"),
    "bulk": _l("Verified in bulk"),
    "rows": _l("Rows"),
    "recommended_skill_sets": _l("Recommended skill sets"),
    "by": _l("By"),
    "employment_type": _l("Employment type"),
    "head": _l("Head of the unit"),
    "cio": _l("Chief Information Officer"),
    "slug": _l("Slug"),
    "in_scope_from_fiscal_year": _l("In scope from fiscal year"),
    "hr_target_group": _l("Target group (HR record)"),
    "cost_baht": _l("Cost (baht)"),
    "purpose": _l("Purpose"),
    "requested_baht": _l("Budget requested (baht)"),
    "spent_baht": _l("Budget spent (baht)"),
    "kind": _l("Kind"),  # an indicator's kind, an organisation's kind
    "link_kind": _l("Linked with"),
    "title": _l("Name"),
    "description": _l("Description"),
    "evidence_url": _l("Evidence link"),
    "reason": _l("Reason"),
    "scopes": _l("Scopes"),
    "source": _l("Source"),
    "expires_at": _l("Expires"),
}

STATE_LABELS = {
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "agreed": _l("agreed"),
    "returned": _l("returned"),
    "pending": _l("pending"),
    "verified": _l("verified"),
    "published": _l("published"),
    "superseded": _l("superseded"),
    "enrolled": _l("enrolled"),
    "waitlisted": _l("on the waiting list"),
    "completed": _l("completed"),
    "withdrawn": _l("withdrawn"),
    "removed": _l("removed by the institute"),
    "no_show": _l("no-show"),
    "development": _l("development"),
    "assessment": _l("assessment"),
    "innovation": _l("digital innovation"),
    "link": _l("data or service link"),
    "open-data": _l("open data set"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def object_type_label(object_type: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(object_type, object_type))


def value_text(value) -> str:
    """One stored value as a reader sees it."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, str) and value in STATE_LABELS:
        return str(STATE_LABELS[value])
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value)
    return str(value)


def change_lines(changes: dict | None) -> list[tuple[str, str, str | None]]:
    """(field, before, after) for each change, after None for a plain fact ({"rows": 120})."""
    lines = []
    for name, value in (changes or {}).items():
        label = str(FIELD_LABELS.get(name, name))
        if isinstance(value, list) and len(value) == 2:
            lines.append((label, value_text(value[0]), value_text(value[1])))
        else:
            lines.append((label, value_text(value), None))
    return lines
