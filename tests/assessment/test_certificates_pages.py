"""A person's certificates: the printable PDF with its QR code, who may see them, and their
revocation by an administrator."""

import subprocess

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from lms.assessment.certificates.credential import verification_url
from lms.core.audit import AuditEvent
from tests.assessment.certificate_factories import course_certificate, level_certificate, self_paced_course
from tests.reports.factories_documents import pdf_text


@pytest.fixture
def cert(world, db):
    return course_certificate(world["learner"], self_paced_course(world))


def test_the_pdf_has_the_name_course_id_date_and_a_qr_code_to_the_verification_page(client, login, world, cert,
                                                                                    tmp_path):
    login(world["learner"])
    response = client.get(f"/certificates/{cert.id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="certificate-{cert.public_id}.pdf"'
    text = pdf_text(response.data, tmp_path)
    assert "สมชาย ผู้เรียน" in text and "สุขอนามัยไซเบอร์" in text and cert.public_id in text
    assert str(cert.issued_on.year + 543) in text  # the date in the Buddhist Era
    url = verification_url(cert.public_id)
    assert url in text.replace("\n", "")
    pages = subprocess.run(["pdfinfo", "-"], input=response.data, capture_output=True, check=True).stdout.decode()
    assert "Pages:           1" in pages and "841.89 x 595.276 pts (A4)" in pages  # one A4 landscape page
    # the QR code, read off the printed page, leads to the public verification page
    (tmp_path / "c.pdf").write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "page")],
                   check=True)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [code.text for code in codes] == [url]


def test_the_certificate_page_links_its_downloads_and_verification(client, login, world, cert):
    login(world["learner"])
    html = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert f"/certificates/{cert.id}/certificate.pdf" in html and f"/certificates/{cert.id}/credential.json" in html
    assert verification_url(cert.public_id) in html and "<svg" in html
    assert 'id="revoke"' not in html  # the holder cannot revoke


@pytest.mark.parametrize("role,status", [
    ("learner", 200), ("supervisor", 200), ("director", 200), ("agency_admin", 200), ("site_admin", 200),
    ("peer", 404), ("other_supervisor", 404), ("author", 404)])
def test_who_sees_a_certificate_and_its_downloads(client, login, world, cert, role, status):
    login(world[role])
    for path in ("", "/certificate.pdf", "/credential.jwt", "/credential.json"):
        assert client.get(f"/certificates/{cert.id}{path}").status_code == status, path


def test_my_certificates_lists_only_mine(client, login, world, db):
    course = self_paced_course(world)
    mine = course_certificate(world["learner"], course)
    theirs = course_certificate(world["peer"], course)
    level = level_certificate(world["learner"])
    login(world["learner"])
    html = client.get("/certificates/").get_data(as_text=True)
    assert f'id="certificate-{mine.id}"' in html and f'id="certificate-{level.id}"' in html
    assert f'id="certificate-{theirs.id}"' not in html


def test_the_agency_admin_revokes_with_a_reason_and_verification_then_says_revoked(client, login, world, cert, db):
    login(world["agency_admin"])
    assert 'id="revoke"' in client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    response = client.post(f"/certificates/{cert.id}/revoke", data={"reason": "ออกให้ผิดคน"})
    assert response.status_code == 302
    assert cert.revoked_at is not None and cert.revocation_reason == "ออกให้ผิดคน"
    assert cert.revoked_by_id == world["agency_admin"].id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "certificate.revoked"))
    assert event.object_id == cert.id and event.changes == {"reason": "ออกให้ผิดคน"}
    client.post("/logout")
    page = client.get(f"/certificates/verify/{cert.public_id}").get_data(as_text=True)
    assert 'data-status="revoked"' in page and "ออกให้ผิดคน" in page
    answer = client.post("/certificates/api/verify", data=cert.credential_jwt).get_json()
    assert answer["valid"] is False and answer["checks"]["revocation"] is False and answer["errors"] == ["revoked"]
    assert answer["checks"]["signature"] is True


def test_revoking_needs_a_reason_and_saves_nothing_without_one(client, login, world, cert):
    login(world["site_admin"])
    response = client.post(f"/certificates/{cert.id}/revoke", data={"reason": "   "})
    assert response.status_code == 400
    assert "ระบุเหตุผล" in response.get_data(as_text=True) or "Give the reason" in response.get_data(as_text=True)
    assert cert.revoked_at is None and cert.revocation_reason == ""


@pytest.mark.parametrize("role,status", [("learner", 403), ("supervisor", 403), ("other_supervisor", 404)])
def test_holders_and_supervisors_cannot_revoke_others_get_404(client, login, world, cert, role, status):
    login(world[role])
    assert client.post(f"/certificates/{cert.id}/revoke", data={"reason": "ลอง"}).status_code == status
    assert cert.revoked_at is None


def test_an_agency_admin_of_another_unit_gets_404(client, login, world, db):
    theirs = course_certificate(world["other_learner"], self_paced_course(world))
    login(world["agency_admin"])
    assert client.get(f"/certificates/{theirs.id}").status_code == 404
    assert client.post(f"/certificates/{theirs.id}/revoke", data={"reason": "ลอง"}).status_code == 404
    assert theirs.revoked_at is None


@pytest.fixture
def site_admin(login, world):
    login(world["site_admin"])


def test_revoking_without_a_csrf_token_is_refused(client, site_admin, cert, csrf):
    response = client.post(f"/certificates/{cert.id}/revoke", data={"reason": "ออกให้ผิดคน"})
    assert response.status_code == 400
    assert cert.revoked_at is None
