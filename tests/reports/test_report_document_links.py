"""The report's document links when the reader may see only some heads' executive reports:
the unit's own head is asked once, the heads below only until one is found."""


import pytest

from tests import factories
from tests.reports.test_document_links import downloads

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def test_a_reader_who_may_see_only_a_head_below_is_offered_the_zip_not_the_units_report(client, login, rw, db):
    reader = factories.person(rw["agency"], name_th="ผู้อ่าน รายงาน", email="reader@report.go.th")
    rw["div1"].cio = reader  # reads the division's report, but is not above its head
    rw["team"].head = factories.person(rw["team"], supervisor=reader, name_th="หัวหน้า ทีม",
                                       email="team.head@report.go.th")  # the reader supervises her
    db.session.flush()
    login(reader)
    links = downloads(client, rw["div1"].id)
    assert "executive.pdf" not in links
    assert f"/reports/{rw['div1'].id}/executive.zip?fy=2569" in links
