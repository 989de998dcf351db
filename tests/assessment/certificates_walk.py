"""The route walk's values for the certificates' URL arguments (tests/core/walk.py)."""

from tests.assessment.certificate_factories import course_certificate, level_certificate, self_paced_course


def url_arguments(world) -> dict:
    course = self_paced_course(world, title_th="หลักสูตรสำหรับการเดินสำรวจ")
    mine = course_certificate(world["learner"], course)
    theirs = course_certificate(world["other_learner"], course)
    level = level_certificate(world["peer"])
    return {
        "certificate_id": [(c.id, c) for c in (mine, theirs, level)],
        # The public pages: any certificate's public id, for anyone (none is judged).
        "public_id": [(c.public_id, None) for c in (mine, theirs)],
    }
