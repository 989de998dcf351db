"""Skill assessments and external results made through the services, for the ratings tests."""

import io
from datetime import date

from werkzeug.datastructures import FileStorage

from lms.assessment.ratings import external, services
from lms.assessment.ratings.services import LevelChoice
from lms.core import uploads
from lms.core.dates import today_in_bangkok
from lms.extensions import db
from tests.assessment.framework_factories import framework_with_levels

PDF = b"%PDF-1.4\n%%EOF\n"


def ratings_framework(**kwargs):
    """A framework in force today (4 levels; every group needs level 2 in every set)."""
    kwargs.setdefault("version_label", "ratings-test")
    kwargs.setdefault("effective_on", date(2022, 10, 1))
    return framework_with_levels(**kwargs)


def submitted_assessment(person, framework, level=1, on=None):
    """`person`'s assessment of this year, every skill set at `level`, submitted."""
    choices = {e.skill_set_id: LevelChoice(level) for e in framework.editions}
    return services.save_self_assessment(person, choices, True, on or today_in_bangkok())


def result_with_file(person, skill_set_id, level=3, issued_on=None, expires_on=None):
    """A pending external result of `person` with one PDF attached (needs `uploads`)."""
    result = external.record_result(person, external.ResultData(
        title="TPQI", issuer="สถาบันคุณวุฒิวิชาชีพ", skill_set_id=skill_set_id, level=level,
        issued_on=issued_on or today_in_bangkok(), expires_on=expires_on))
    upload, _problem = uploads.check_upload(FileStorage(io.BytesIO(PDF), "ใบรับรอง.pdf"))
    with uploads.files_removed_unless_committed(uploads.FileBatch()) as batch:
        [row] = external.attach_files(batch, result, [upload])
    db.session.flush()
    return result, row
