"""A person's target groups in SQL (R5), one rule for every module that asks.

A person's groups are those agreed in their development plan (person_target_groups, written
when a plan is agreed or by an administrator). Until any are agreed, the group HR records for
their position (Person.hr_target_group_id) counts. lms.classes.eligibility applies the same
rule to one loaded person (groups_for_enrolment); these are its set-based forms: a condition
("in one of these groups") and a join (each person with each of their groups).
"""

from typing import NamedTuple

from sqlalchemy import ColumnElement, Join, Select, and_, exists, func, or_, outerjoin, select

from .models import Person, person_target_groups

_agreed = person_target_groups.c


class PeopleWithGroups(NamedTuple):
    """People outer-joined to their agreed groups: one row per agreed group, or one row without.

    `target_group` is, on a row, the person's target group by the rule: the agreed group of
    the row, else HR's (NULL for a person with neither). `rank` is how many of the person's
    groups come before the row's: 0 on one row of each person, so the rows where it is 0
    count everyone once, and those where it is 1 count the people in more than one group.
    """

    join: Join
    target_group: ColumnElement
    rank: ColumnElement


def people_with_groups(people: Select) -> PeopleWithGroups:
    """Person (to be narrowed to `people` by the caller's own conditions) joined to the agreed
    groups of `people` (a select of person ids), ranked by a window over those pairs alone."""
    ranked = (select(_agreed.person_id, _agreed.target_group_id, (func.row_number().over(
        partition_by=_agreed.person_id, order_by=_agreed.target_group_id) - 1).label("rank"))
        .where(_agreed.person_id.in_(people.correlate(None))).subquery("agreed_groups"))
    return PeopleWithGroups(outerjoin(Person, ranked, ranked.c.person_id == Person.id),
                            func.coalesce(ranked.c.target_group_id, Person.hr_target_group_id),
                            func.coalesce(ranked.c.rank, 0))


def in_target_groups(group_ids):
    """The condition "the person (Person) is in one of these target groups": agreed ones, or
    HR's until any are agreed. `group_ids` is a list or an expanding bind parameter."""
    agreed = _agreed.person_id == Person.id
    return or_(exists().where(agreed, _agreed.target_group_id.in_(group_ids)),
               and_(~exists().where(agreed), Person.hr_target_group_id.in_(group_ids)))
