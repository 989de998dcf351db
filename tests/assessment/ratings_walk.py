"""The route walk's values for lms.assessment.ratings (see tests/core/walk.py)."""

from datetime import date


def url_arguments(world) -> dict:
    from tests.assessment.ratings_factories import ratings_framework, result_with_file, submitted_assessment

    # A label and a day of its own: another part's walk may add its framework versions too.
    framework = ratings_framework(version_label="walk-ratings", effective_on=date(2001, 10, 1))
    skill_set_id = framework.editions[0].skill_set_id
    on = date(2002, 1, 1)
    assessments = [submitted_assessment(world[k], framework, on=on) for k in ("learner", "other_learner")]
    mine, my_file = result_with_file(world["learner"], skill_set_id, level=1, issued_on=on)
    theirs, their_file = result_with_file(world["other_learner"], skill_set_id, level=1, issued_on=on)
    return {
        "skill_assessment_id": [(a.id, a) for a in assessments],
        "external_result_id": [(mine.id, mine), (theirs.id, theirs)],
        "result_file_id": [(my_file.id, my_file), (their_file.id, their_file)],
    }
