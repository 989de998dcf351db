"""The route walk's machinery, shared by the access walk and the fuzz walk: a value for
every URL argument of every route, and the URLs a rule makes of them."""


def url_arguments(world, group_id):
    """Every value each URL argument takes in the walk: mine, others', out of reach.

    Each value comes with the object its view's permission is judged on (None for role
    permissions), so the walk can say what every person should get.
    """
    from lms.accounts.models import Delegation
    from lms.classes.models import Enrolment
    from lms.core.dates import today_in_bangkok
    from lms.extensions import db
    from lms.notifications.kinds import KINDS
    from lms.notifications.services import notify, unsubscribe_token
    from tests.api.walk_arguments import api_url_arguments
    from tests.assessment.walk_arguments import assessment_url_arguments
    from tests.catalog.factories import draft_course, published_course
    from tests.classes.factories import course_class
    from tests.development.log_factories import coaching_session_for, entry_with_file
    from tests.development.plan_factories import draft_plan, submitted_plan
    from tests.reports.factories_indicators import indicator

    people = [world[k] for k in ("learner", "peer", "supervisor", "other_learner", "site_admin")]
    courses = [published_course(world["institute"], format="self-paced", sessions=()),
               draft_course(world["institute"]), draft_course(world["other_institute"])]
    classes = [course_class(world["institute"]), course_class(world["other_institute"])]
    roster = [Enrolment(course_class=c, person=world[k], status="enrolled")
              for c, k in zip(classes, ("peer", "other_learner"), strict=True)]
    db.session.add_all(roster)
    db.session.flush()
    plans = [draft_plan(world["learner"]), draft_plan(world["peer"]),
             submitted_plan(world["other_learner"])]
    mine, my_file = entry_with_file(world["learner"])
    theirs, their_file = entry_with_file(world["other_learner"])
    sessions = [coaching_session_for(world["supervisor"], world["learner"]),
                coaching_session_for(world["other_supervisor"], world["other_learner"])]
    notifications = [notify(world[k], "mix_check", payload={"fy": 2569, "message_th": "ผสม"})
                     for k in ("learner", "other_learner")]
    delegations = [Delegation(principal_id=world[a].id, delegate_id=world[b].id, starts_on=today_in_bangkok(),
                              ends_on=today_in_bangkok()) for a, b in (("supervisor", "director"),
                                                                        ("other_supervisor", "site_admin"))]
    db.session.add_all(delegations)
    # Heads of units (the executive report; a headless unit's answers 404: tests/reports).
    world["dept_a"].head, world["division"].head = world["director"], world["supervisor"]
    world["dept_b"].head, world["ministry"].head = world["other_supervisor"], world["director"]
    db.session.flush()
    my_indicator, their_indicator = indicator(world["dept_a"]), indicator(world["dept_b"])
    return {
        "person_id": [(p.id, p) for p in people],
        "org_id": [(world[k].id, world[k]) for k in ("dept_a", "division", "dept_b", "ministry")],
        "institute_id": [(world[k].id, world[k]) for k in ("institute", "other_institute")],
        "group_id": [(group_id, None)],
        "kind,row_id": [(("target-groups", group_id), None)],
        "course_id": [(c.id, c) for c in courses],
        "class_id": [(c.id, c) for c in classes],
        "class_id,enrolment_id": [((e.class_id, e.id), e.course_class) for e in roster],
        "calendar_token": [(world["learner"].calendar_token, None)],
        "plan_id": [(p.id, p) for p in plans],
        "record_id": [(mine.id, mine), (theirs.id, theirs)],
        "evidence_id": [(my_file.id, my_file), (their_file.id, their_file)],
        "session_id": [(s.id, s) for s in sessions],
        "item_id,plan_id": [((p.current.items[0].id, p.id), p) for p in plans],
        "notification_id": [(n.id, n) for n in notifications],
        "delegation_id": [(d.id, d) for d in delegations],
        "token": [(unsubscribe_token(world["learner"].id, next(iter(KINDS))), None)],
        # An agency's indicator under its own agency's unit, and under another's (404 for all).
        "indicator_id,org_id": [((my_indicator.id, world["dept_a"].id), world["dept_a"]),
                                ((their_indicator.id, world["dept_b"].id), world["dept_b"]),
                                ((their_indicator.id, world["dept_a"].id), None)],
        **assessment_url_arguments(world),
        **api_url_arguments(world),
    }


def fill(rule, values: dict) -> str:
    """The rule's path with each argument replaced by its value."""
    path = rule.rule
    for name, value in values.items():
        for converter in ("", "int:", "path:"):
            path = path.replace(f"<{converter}{name}>", str(value))
    return path


def urls_for(rule, arguments):
    """(url, object) for every value the walk has for the rule's arguments."""
    names = sorted(rule.arguments)
    if not names:
        yield rule.rule, None
        return
    key = ",".join(names)
    if key not in arguments:
        raise AssertionError(f"the walk has no values for {key!r} ({rule.rule}): add them to url_arguments")
    for value, obj in arguments[key]:
        values = value if isinstance(value, tuple) else (value,)
        yield fill(rule, dict(zip(names, values, strict=True))), obj
