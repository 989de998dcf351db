"""A person's target groups in SQL (R5), one rule for every module that asks.

A person's groups are those agreed in their development plan (person_target_groups, written
when a plan is agreed or by an administrator). Until any are agreed, the group HR records for
their position (Person.hr_target_group_id) counts. lms.classes.eligibility applies the same
rule to one loaded person (groups_for_enrolment); these are its set-based forms: a condition
("in one of these groups"), a join (each person with each of their groups) and, for counting
each person once over that join, the people it repeats.
"""

from sqlalchemy import Select, Subquery, and_, exists, func, or_, outerjoin, select

from .models import Person, person_target_groups

_agreed = person_target_groups.c

# People outer-joined to their agreed groups: one row per agreed group, or one row without.
PEOPLE_WITH_GROUPS = outerjoin(Person, person_target_groups, _agreed.person_id == Person.id)
# On a row of PEOPLE_WITH_GROUPS, the person's target group by the rule: the agreed group of
# the row, else HR's; NULL for a person with neither.
TARGET_GROUP = func.coalesce(_agreed.target_group_id, Person.hr_target_group_id)


def extra_groups(people: Select) -> Subquery:
    """(person_id, extra) for each of `people` (a select of person ids) in more than one
    target group, `extra` being how many beyond the first: how many more rows than one such
    a person has in PEOPLE_WITH_GROUPS. Only agreement gives several groups (HR records one)."""
    return (select(_agreed.person_id, (func.count() - 1).label("extra"))
            .where(_agreed.person_id.in_(people.correlate(None)))
            .group_by(_agreed.person_id).having(func.count() > 1).subquery("extra_groups"))


def in_target_groups(group_ids):
    """The condition "the person (Person) is in one of these target groups": agreed ones, or
    HR's until any are agreed. `group_ids` is a list or an expanding bind parameter."""
    agreed = _agreed.person_id == Person.id
    # Correlated on Person only: a statement joining PEOPLE_WITH_GROUPS may use it too.
    return or_(exists().where(agreed, _agreed.target_group_id.in_(group_ids)).correlate(Person),
               and_(~exists().where(agreed).correlate(Person), Person.hr_target_group_id.in_(group_ids)))
