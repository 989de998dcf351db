"""Who may enrol in a class and when, and, when someone may not, why and what fixes it.

A refusal is a `Refusal`: the reason in the reader's language and a link to what fixes it
(the person's plan, the course's other classes, their classes). Pages show both; the
enrol route flashes both.

Target groups (R5): a person's groups are those agreed in their development plan (written
to person_target_groups when a plan is agreed, or set by an administrator). Until any are
agreed, the group HR records for their position counts, so that a new person can enrol in
the classes of their own job group before their first plan is agreed.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from ..core.dates import format_date, today_in_bangkok
from ..core.i18n import current_language
from .models import CourseClass


@dataclass(frozen=True)
class Refusal:
    """Why something about enrolment cannot be done, and the page that fixes it (if any)."""

    message: str
    fix_label: str = ""
    fix_endpoint: str = ""
    fix_args: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

    @property
    def fix_url(self) -> str:
        return url_for(self.fix_endpoint, **self.fix_args) if self.fix_endpoint else ""

    def __html__(self) -> str:
        """The reason and its link, escaped, as a page or a flashed message shows them."""
        if not self.fix_endpoint:
            return str(Markup.escape(self.message))
        return str(Markup('{} <a class="alert-link refusal-fix" href="{}">{}</a>').format(
            self.message, self.fix_url, self.fix_label))


def _other_classes(course_class: CourseClass, message: str) -> Refusal:
    return Refusal(message, _("See the other classes of this course"), "catalogue.course",
                   {"course_id": course_class.version.course_id})


def _your_plan(message: str, label: str) -> Refusal:
    return Refusal(message, label, "plans.mine")


def cancelled_refusal(course_class: CourseClass) -> Refusal:
    return _other_classes(course_class, _("This class has been cancelled."))


def window_problem(course_class: CourseClass, today: date | None = None) -> Refusal | None:
    """Why the enrolment window does not allow enrolling or withdrawing today, or None."""
    today = today or today_in_bangkok()
    if today < course_class.enrol_opens_on:
        return _other_classes(course_class, _("Enrolment opens on %(day)s.", day=format_date(
            course_class.enrol_opens_on, current_language())))
    if today > course_class.enrol_closes_on:
        return _other_classes(course_class, _("Enrolment closed on %(day)s.", day=format_date(
            course_class.enrol_closes_on, current_language())))
    return None


def groups_for_enrolment(person) -> tuple[list, str]:
    """The target groups enrolment goes by, and where they come from: "agreed" (the plan's,
    or an administrator's), "hr" (HR's record, until any are agreed) or "none"."""
    if person.target_groups:
        return list(person.target_groups), "agreed"
    if person.hr_target_group is not None:
        return [person.hr_target_group], "hr"
    return [], "none"


def _names(groups) -> str:
    return ", ".join(group.name for group in groups)


def group_problem(course_class: CourseClass, person) -> Refusal | None:
    """Why the class's target groups leave `person` out, or None (no groups: anyone)."""
    if not course_class.target_groups:
        return None
    mine, source = groups_for_enrolment(person)
    wanted = _names(course_class.target_groups)
    if {group.id for group in mine} & {group.id for group in course_class.target_groups}:
        return None
    n = len(course_class.target_groups)
    if source == "none":
        return _your_plan(ngettext(
            "This class is for the target group %(wanted)s, and your target group is not set: ask your "
            "administrator to set it, or propose your group in your development plan.",
            "This class is for the target groups %(wanted)s, and your target group is not set: ask your "
            "administrator to set it, or propose your group in your development plan.", n, wanted=wanted),
            _("Your development plan"))
    if source == "hr":
        return _your_plan(ngettext(
            "This class is for the target group %(wanted)s; HR records your target group as %(mine)s and "
            "no plan of yours is agreed yet. If your work fits this group, propose it in your plan.",
            "This class is for the target groups %(wanted)s; HR records your target group as %(mine)s and "
            "no plan of yours is agreed yet. If your work fits one of them, propose it in your plan.",
            n, wanted=wanted, mine=_names(mine)), _("Your development plan"))
    return _your_plan(ngettext(
        "This class is for the target group %(wanted)s; your plan agreed %(mine)s. To take this class, "
        "revise your plan.",
        "This class is for the target groups %(wanted)s; your plan agreed %(mine)s. To take this class, "
        "revise your plan.", n, wanted=wanted, mine=_names(mine)), _("Revise your plan"))


def in_organisations(course_class: CourseClass, person) -> bool:
    """Whether the person works in one of the class's organisations or a unit below them
    (no organisations: anyone)."""
    if not course_class.organisations:
        return True
    org = person.organisation
    mine = {org.id, *(unit.id for unit in org.ancestors())} if org is not None else set()
    return bool(mine & {unit.id for unit in course_class.organisations})


def eligibility_problem(course_class: CourseClass, person) -> Refusal | None:
    """Why `person` may not enrol in the class (target group, organisation), or None.

    An empty list of groups or organisations means anyone; an organisation includes the
    units below it. When both are set, a person must match both.
    """
    problem = group_problem(course_class, person)
    if problem is not None:
        return problem
    if not in_organisations(course_class, person):
        names = ", ".join(unit.name for unit in course_class.organisations)
        return _other_classes(course_class, _("This class is for people of %(names)s (and the units "
                                              "below them).", names=names))
    return None
