"""The login lines `flask lms demo` prints: one per role, with what to try first."""

from ..accounts.demo import DemoResult
from .classes import FULL, OPEN, find_class
from .history import ACTING

# What each role of accounts.demo.LOGINS should try first ({open} and {full} are class names).
TRY_FIRST = {
    "learner": "enrol in {open}, log learning, acknowledge a coaching session, read the notifications; "
               "rate your skills (My skills), take DG-LIT-103's quiz and get its certificate",
    "supervisor": "agree or return Kanokporn's plan, verify her learning-log entry, record coaching, "
                  "confirm her skills self-assessment",
    "second-level supervisor": "agree Thanakorn's plan (two target groups: the second level decides)",
    "acting supervisor": "acting for {principal} this week: verify Duangjai's entries, decide Thiraphong's plan",
    "course author": "the institute's classes: the waiting list of {full}, one starting this week with seats free",
    "agency admin": "the department's people: supervisors, who has no agreed target group yet; the audit trail",
    "CIO": "the department's report (Reports): who is in scope, coverage, the trend; drill down to a division; "
           "download CSV, XLSX, PDF and the open-data package",
    "head of division": "the division's report and your own executive report (PDF), ready for a performance review",
    "site admin": "organisations, institutes, the guideline's reference data, the skills framework, the audit trail",
}


def login_lines(accounts: DemoResult) -> list[str]:
    """'  role  email  name: what to try first' for each demo login."""
    institute = accounts.institute
    names = {"open": _class_label(find_class(OPEN, institute)), "full": _class_label(find_class(FULL, institute)),
             "principal": accounts.people[ACTING[0]].name_en}
    width = max(len(login.role) for login in accounts.logins)
    email_width = max(len(login.email) for login in accounts.logins)
    return [f"  {login.role:<{width}}  {login.email:<{email_width}}  {accounts.people[_key(login)].name_en}: "
            f"{TRY_FIRST.get(login.role, '').format(**names)}"
            for login in accounts.logins]


def _key(login) -> str:
    return login.email.split("@")[0]


def _class_label(course_class) -> str:
    if course_class is None:
        return "a class"
    return f"{course_class.version.course.code} {course_class.version.title_en} ({course_class.name})"
