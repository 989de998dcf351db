"""What the privacy part exports and erases of a person's skill assessments and external results."""

import os

from sqlalchemy import func, select

from lms.assessment.ratings.models import ExternalResult, ExternalResultFile
from lms.assessment.ratings.personal_data import erase_ratings_text_and_files, ratings_export
from lms.core.uploads import remove_files, stored_path
from lms.extensions import db

from .ratings_factories import ratings_framework, result_with_file, submitted_assessment


def test_export_then_erase_keeps_the_levels_and_removes_text_and_files(world, uploads):
    framework = ratings_framework()
    learner = world["learner"]
    assessment = submitted_assessment(learner, framework, level=2)
    assessment.ratings[0].self_comment = "ความเห็นส่วนตัว"
    result, stored = result_with_file(learner, framework.editions[0].skill_set_id, level=2)
    theirs, their_file = result_with_file(world["other_learner"], framework.editions[0].skill_set_id)
    db.session.flush()

    exported = ratings_export(learner)
    [year] = exported["skill_assessments"]
    assert year["state"] == "submitted" and year["ratings"][0]["own_comment"] == "ความเห็นส่วนตัว"
    [external] = exported["external_results"]
    assert external["title"] == "TPQI" and external["files"][0]["name"] == "ใบรับรอง.pdf"

    paths = erase_ratings_text_and_files(learner)
    assert paths == [stored_path(stored.stored_name)]
    db.session.expire_all()
    assert assessment.ratings[0].self_comment == "" and assessment.ratings[0].self_level == 2
    assert result.title == "—" and result.level == 2
    assert db.session.scalar(select(func.count()).select_from(ExternalResultFile)) == 1  # theirs stays
    assert db.session.get(ExternalResult, theirs.id).title == "TPQI"
    remove_files(paths)
    assert not os.path.exists(paths[0]) and os.path.exists(stored_path(their_file.stored_name))
