"""iCalendar feeds: RFC 5545 text (CRLF, folding at 75 octets, escaping) and who sees what."""

from datetime import UTC, datetime

from lms.classes import enrolment as enrolling
from lms.classes.calendar import Event, calendar_text, escape_text, fold
from tests.catalog.factories import published_course
from tests.classes import factories

THAI_TITLE = "การวิเคราะห์ข้อมูลเพื่อนโยบาย, ระดับกลาง; ฉบับปรับปรุง \\ ภาคปฏิบัติ"


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text (RFC 5545 §3.1 unfolding)."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF (nor CR)
    return text.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


def properties(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(":", 1)) for line in unfold(text)]


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert escape_text("bell\x07 tab\t") == "bell tab\t"


def test_long_thai_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + escape_text(THAI_TITLE * 3)
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 3
    assert all(len(piece.encode("utf-8")) <= 75 for piece in physical)
    assert all(piece.startswith(" ") for piece in physical[1:])
    # A full line: the next Thai character (3 octets) would not have fitted.
    assert all(len(piece.encode("utf-8")) > 72 for piece in physical[:-1])
    assert folded.replace("\r\n ", "") == line
    short = "SUMMARY:สั้น"
    assert fold(short) == short


def test_a_calendar_has_crlf_lines_and_the_required_properties():
    event = Event(uid="class-meeting-1@example.go.th", starts_at=datetime(2027, 1, 10, 2, 0, tzinfo=UTC),
                  ends_at=datetime(2027, 1, 10, 9, 0, tzinfo=UTC), summary=THAI_TITLE,
                  location="ห้อง 1, ชั้น 2; อาคาร ก", url="https://meet.example.go.th/a,b",
                  description="บรรทัดแรก\nบรรทัดสอง")
    text = calendar_text("ปฏิทิน, ทดสอบ", [event], now=datetime(2026, 11, 24, 5, 0, 7, tzinfo=UTC))
    props = properties(text)
    assert props[0] == ("BEGIN", "VCALENDAR") and props[-1] == ("END", "VCALENDAR")
    values = dict(props)
    assert values["VERSION"] == "2.0" and values["PRODID"]
    assert values["X-WR-CALNAME"] == "ปฏิทิน\\, ทดสอบ"
    assert values["UID"] == "class-meeting-1@example.go.th"
    assert values["DTSTAMP"] == "20261124T050007Z"
    assert (values["DTSTART"], values["DTEND"]) == ("20270110T020000Z", "20270110T090000Z")
    assert values["SUMMARY"] == escape_text(THAI_TITLE)
    assert "\\, ระดับกลาง\\; ฉบับปรับปรุง \\\\ ภาค" in values["SUMMARY"]
    assert values["LOCATION"] == "ห้อง 1\\, ชั้น 2\\; อาคาร ก"
    assert values["URL"] == "https://meet.example.go.th/a,b"  # a URI, not escaped as text
    assert values["DESCRIPTION"] == "บรรทัดแรก\\nบรรทัดสอง"
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_the_class_feed_is_public_and_in_utc(client, db, world):
    version = published_course(world["institute"], title_th=THAI_TITLE).published
    cls = factories.course_class(world["institute"], version=version, online_url="https://meet.example.go.th/x",
                                 meetings=[("วันที่ 1", datetime(2027, 1, 10, 2, 0, tzinfo=UTC),
                                            datetime(2027, 1, 10, 9, 0, tzinfo=UTC)),
                                           ("วันที่ 2", datetime(2027, 1, 11, 2, 0, tzinfo=UTC),
                                            datetime(2027, 1, 11, 5, 30, tzinfo=UTC))])
    response = client.get(f"/classes/{cls.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    props = properties(response.get_data(as_text=True))
    starts = [v for k, v in props if k == "DTSTART"]
    assert starts == ["20270110T020000Z", "20270111T020000Z"]
    uids = [v for k, v in props if k == "UID"]
    assert len(set(uids)) == 2 and all(uid.startswith("class-meeting-") for uid in uids)
    summaries = [v for k, v in props if k == "SUMMARY"]
    assert all(escape_text(THAI_TITLE) in s for s in summaries)
    assert ("URL", "https://meet.example.go.th/x") in props
    assert any(k == "DESCRIPTION" and f"/classes/{cls.id}" in v for k, v in props)


def test_cancelled_or_unknown_classes_have_no_feed(client, db, world):
    cls = factories.course_class(world["institute"], is_cancelled=True)
    assert client.get(f"/classes/{cls.id}/calendar.ics").status_code == 404
    assert client.get(f"/classes/{cls.id + 1000}/calendar.ics").status_code == 404


def test_the_personal_feed_lists_the_sessions_of_seated_classes(client, db, world, app):
    seated = factories.course_class(world["institute"], capacity=1, name="รุ่นที่นั่ง")
    waiting = factories.course_class(world["institute"], capacity=1, name="รุ่นรอ")
    left = factories.course_class(world["institute"], name="รุ่นที่ถอนตัว")
    cancelled = factories.course_class(world["institute"], name="รุ่นยกเลิก")
    with app.test_request_context():
        factories.enrol(waiting, world["peer"])
        factories.enrol(seated, world["learner"])
        factories.enrol(waiting, world["learner"])
        factories.enrol(left, world["learner"])
        factories.enrol(cancelled, world["learner"])
        enrolling.withdraw(left, world["learner"])
    cancelled.is_cancelled = True
    db.session.flush()
    response = client.get(f"/calendar/{world['learner'].calendar_token}.ics")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    summaries = [v for k, v in properties(text) if k == "SUMMARY"]
    assert len(summaries) == 2 and all("รุ่นที่นั่ง" in s for s in summaries)


def test_a_wrong_token_or_an_inactive_person_has_no_feed(client, db, world):
    for token in ("not-a-token", "%00", "x%27%20OR%201=1"):
        assert client.get(f"/calendar/{token}.ics").status_code == 404
    token = world["learner"].calendar_token
    world["learner"].is_active = False
    db.session.flush()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
