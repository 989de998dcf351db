"""The report offers only the documents its reader may have: a head's executive report when
the unit has a head the reader may see, a zip when any head below is, the PDF and open data."""


import pytest

from tests import factories

pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")


def downloads(client, org_id) -> str:
    response = client.get(f"/reports/{org_id}?fy=2569")
    assert response.status_code == 200
    return response.get_data(as_text=True).split('id="report-downloads"')[1].split("</div>")[0]


def test_a_headed_division_offers_its_heads_report_the_pdf_and_open_data(client, login, rw):
    login(rw["cio"])  # the head's supervisor: may see her
    links = downloads(client, rw["div1"].id)
    unit = rw["div1"].id
    for document in ("executive.pdf?fy=2569", "executive.zip?fy=2569", "report.pdf?fy=2569",
                     "open-data.zip?fy=2569", "open-data.xlsx?fy=2569"):
        assert f"/reports/{unit}/{document}" in links


def test_a_unit_without_heads_offers_no_executive_report(client, login, rw):
    login(rw["cio"])
    links = downloads(client, rw["team"].id)
    assert "executive.pdf" not in links and "executive.zip" not in links
    assert f"/reports/{rw['team'].id}/report.pdf" in links


def test_a_reader_who_may_not_see_the_head_is_not_offered_her_report(client, login, rw, db):
    reader = factories.person(rw["agency"], name_th="ผู้อ่าน รายงาน", email="reader@report.go.th")
    rw["div1"].cio = reader  # reads the division's report, but is not above its head
    db.session.flush()
    login(reader)
    links = downloads(client, rw["div1"].id)
    assert "executive.pdf" not in links and "executive.zip" not in links
    assert client.get(f"/reports/{rw['div1'].id}/executive.pdf").status_code == 404
