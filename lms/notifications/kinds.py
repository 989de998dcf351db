"""The kinds of notification: who they are for, and how they are delivered unless chosen otherwise."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

CHANNELS = ("email", "in_app", "off")
LEARNER, SUPERVISOR, INSTITUTE, ACCOUNT = "learner", "supervisor", "institute", "account"


@dataclass(frozen=True)
class Kind:
    slug: str
    family: str
    label: object  # a lazy string, shown on the preferences page and in the centre
    default_channel: str = "email"
    # Approvals: overdue items reach the person even if they switched the kind off.
    carries_approvals: bool = False
    # False for account security mail (a password link): e-mail only, always sent, never
    # in the notification centre, not on the preferences page, no unsubscribe link.
    in_centre: bool = True
    # True for notices of something that just happened (a plan agreed, a class cancelled):
    # sent at once, never held for a digest (lms/notifications/events.py writes them).
    immediate: bool = False


KINDS = {kind.slug: kind for kind in (
    Kind("class_tomorrow", LEARNER, _l("A class session tomorrow")),
    Kind("enrolment_closing", LEARNER, _l("Enrolment closing for a class recommended to you")),
    Kind("no_learning", LEARNER, _l("No learning recorded for a while")),
    Kind("mix_check", LEARNER, _l("Monthly 70:20:10 check")),
    Kind("plan_returned", LEARNER, _l("Your development plan was returned"), immediate=True),
    Kind("plan_agreed", LEARNER, _l("Your development plan was agreed"), immediate=True),
    Kind("record_returned", LEARNER, _l("A learning log entry was returned"), immediate=True),
    Kind("entry_verified", LEARNER, _l("A learning log entry was verified"), immediate=True),
    Kind("coaching_recorded", LEARNER, _l("Your supervisor recorded coaching with you"), immediate=True),
    Kind("enrolment_confirmed", LEARNER, _l("Your enrolment in a class, or your place on its waiting list"),
         immediate=True),
    Kind("enrolment_promoted", LEARNER, _l("You got a seat from the waiting list"), immediate=True),
    Kind("enrolment_removed", LEARNER, _l("The institute took you off a class"), immediate=True),
    Kind("enrolment_no_show", LEARNER, _l("You were marked as not having come to a class"), immediate=True),
    Kind("class_changed", LEARNER, _l("The dates or place of your class changed"), immediate=True),
    Kind("class_cancelled", LEARNER, _l("Your class was cancelled"), immediate=True),
    Kind("skill_assessment_confirmed", LEARNER, _l("Your supervisor confirmed your skill assessment"),
         immediate=True),
    Kind("external_result_reviewed", LEARNER, _l("An external result of yours was verified or returned"),
         immediate=True),
    Kind("no_agreed_plan", LEARNER, _l("No agreed plan for the coming fiscal year")),
    Kind("fiscal_year_end", LEARNER, _l("The fiscal year ends soon")),
    Kind("plan_submitted", SUPERVISOR, _l("A plan was submitted for your approval"), immediate=True),
    Kind("plan_second_level", SUPERVISOR, _l("A plan waits for your second-level approval"), immediate=True),
    Kind("skill_assessment_submitted", SUPERVISOR, _l("A skill assessment waits for your confirmation"),
         immediate=True),
    Kind("external_result_submitted", SUPERVISOR, _l("An external result waits for your verification"),
         immediate=True),
    Kind("acting_for", SUPERVISOR, _l("You were named acting supervisor"), immediate=True),
    Kind("supervisor_digest", SUPERVISOR, _l("Weekly digest for supervisors"), carries_approvals=True),
    Kind("second_level_approvals", SUPERVISOR, _l("Second-level approvals waiting"),
         carries_approvals=True),
    Kind("seats_unfilled", INSTITUTE, _l("A class starts soon with seats unfilled")),
    Kind("attendance_missing", INSTITUTE, _l("Attendance not recorded after a session")),
    Kind("account_throttled", ACCOUNT, _l("Your account was paused after many failed logins")),
    Kind("password_reset", ACCOUNT, _l("A link to reset your password"), in_centre=False),
    Kind("invitation", ACCOUNT, _l("An invitation to choose your password"), in_centre=False),
)}
# The kinds the notification centre shows and counts.
CENTRE_KINDS = tuple(slug for slug, kind in KINDS.items() if kind.in_centre)


def kinds_for(families: set[str]) -> list[Kind]:
    """The kinds of the given families a person may choose a channel for, in the order above."""
    return [kind for kind in KINDS.values() if kind.family in families and kind.in_centre]
