"""People import: the parser, the service on a real database, and the CLI's exit codes."""

import os

import pytest
from sqlalchemy import event, func, select

from lms.accounts.models import Person
from lms.accounts.people_import import import_people, parse_people_csv
from lms.core.csv_import import in_english
from lms.core.models import AuditEvent
from lms.extensions import db as database
from tests import factories

HEADER = "email,name_th,name_en,position,organisation_code,supervisor_email,language,active"


@pytest.fixture
def orgs(db):
    ministry = factories.organisation("กระทรวงทดสอบ", kind="ministry", code="MIN")
    department = factories.organisation("กรมทดสอบ", parent=ministry, kind="department", code="DEP",
                                        is_agency=True, phase=factories.phase("develop"))
    other = factories.organisation("กรมอื่น", parent=ministry, kind="department", code="OTHER",
                                   is_agency=True)
    return {"ministry": ministry, "department": department, "other": other}


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def run_import(data: bytes, actor=None):
    parsed = parse_people_csv(data)
    assert parsed.file_problems == []
    return import_people(parsed.rows, actor=actor)


def find(email: str) -> Person | None:
    return database.session.scalar(select(Person).where(Person.email == email))


def people_count() -> int:
    return database.session.scalar(select(func.count()).select_from(Person))


def test_import_creates_people_with_organisation_and_supervisor(orgs):
    result = run_import(csv_bytes(
        "boss@example.go.th,สมศักดิ์ ใจดี,Somsak Jaidee,อธิบดี,DEP,,th,1",
        "Staff@Example.go.th , สมหญิง รักงาน ,Somying Rakngan,นักวิเคราะห์นโยบายและแผนชำนาญการ,DEP,"
        "boss@example.go.th,en,yes",
    ))

    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 0, 0, [])
    boss, staff = find("boss@example.go.th"), find("staff@example.go.th")
    assert staff.name_th == "สมหญิง รักงาน" and staff.name_en == "Somying Rakngan"
    assert staff.position == "นักวิเคราะห์นโยบายและแผนชำนาญการ"
    assert staff.organisation is orgs["department"] and staff.supervisor is boss
    assert staff.language == "en" and staff.is_active
    assert boss.supervisor is None and boss.language == "th"
    assert staff.password_hash is None and not staff.check_password("")


def test_supervisor_may_be_later_in_the_file_or_already_in_the_database(orgs):
    director = factories.person(orgs["department"], email="director@example.go.th")
    result = run_import(csv_bytes(
        "learner@example.go.th,ผู้เรียน หนึ่ง,,,DEP,head@example.go.th,,",
        "head@example.go.th,หัวหน้า กลุ่ม,,,DEP,director@example.go.th,,",
    ))

    assert result.accepted and result.created == 2
    head = find("head@example.go.th")
    assert find("learner@example.go.th").supervisor is head
    assert head.supervisor is director


def test_defaults_when_optional_columns_are_absent(orgs):
    result = run_import(csv_bytes("someone@example.go.th,ใครบางคน,DEP",
                                  header="Email,NAME_TH,organisation_code"))

    assert result.created == 1
    someone = find("someone@example.go.th")
    assert (someone.name_en, someone.position, someone.language, someone.is_active) == ("", "", "th", True)
    assert someone.supervisor is None


def test_a_file_with_bad_rows_writes_nothing_and_reports_each_row(orgs):
    factories.person(orgs["department"], email="known@example.go.th")
    before = people_count()
    data = csv_bytes(
        "good@example.go.th,ดี มาก,,,DEP,known@example.go.th,th,1",   # line 2
        "not-an-email,ชื่อ ไทย,,,DEP,,,",                               # line 3
        "noname@example.go.th,,,,DEP,,,",                               # line 4
        "twice@example.go.th,ซ้ำ หนึ่ง,,,DEP,,,",                        # line 5
        "",                                                              # line 6: blank, skipped
        "twice@example.go.th,ซ้ำ สอง,,,DEP,,,",                          # line 7
        "org@example.go.th,หน่วย ผิด,,,NOPE,,,",                         # line 8
        "sup@example.go.th,หัวหน้า ผิด,,,DEP,ghost@example.go.th,,",     # line 9
        "self@example.go.th,ตัว เอง,,,DEP,self@example.go.th,,",         # line 10
        "values@example.go.th,ค่า ผิด,,,DEP,,fr,maybe",                   # line 11
        "long@example.go.th," + "ก" * 201 + ",,,DEP,,,",                 # line 12
    )

    result = run_import(data)

    assert not result.accepted
    assert [error.line for error in result.errors] == [3, 4, 5, 7, 8, 9, 10, 11, 12]
    reasons = {error.line: in_english(error.reasons) for error in result.errors}
    assert reasons[3][0].startswith('email "not-an-email" is not a valid address')
    assert reasons[4] == ("name_th (the Thai name) is empty",)
    assert reasons[5] == ("email twice@example.go.th is also on line(s) 7",)
    assert reasons[7] == ("email twice@example.go.th is also on line(s) 5",)
    assert reasons[8] == ('unknown organisation_code "NOPE"',)
    assert reasons[9] == ('unknown supervisor_email "ghost@example.go.th": '
                          "nobody in the file or the database has it",)
    assert reasons[10] == ("a person cannot supervise themselves",)
    assert reasons[11] == ('language "fr" must be th or en',
                           'active "maybe" must be one of 1, 0, yes, no, true, false')
    assert reasons[12] == ("name_th is longer than 200 characters (201)",)
    assert people_count() == before
    assert find("good@example.go.th") is None


def test_reimport_updates_changed_fields_and_creates_no_duplicates(orgs):
    first = csv_bytes(
        "boss@example.go.th,สมศักดิ์ ใจดี,Somsak Jaidee,อธิบดี,DEP,,,",
        "staff@example.go.th,สมหญิง รักงาน,,นักวิชาการคอมพิวเตอร์ปฏิบัติการ,DEP,boss@example.go.th,,",
        "other@example.go.th,สมชาย ทำงาน,,,DEP,boss@example.go.th,,",
    )
    assert run_import(first).created == 3
    count = people_count()

    again = run_import(first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    changed = run_import(csv_bytes(
        "boss@example.go.th,สมศักดิ์ ใจดี,Somsak Jaidee,อธิบดี,DEP,,,",
        "staff@example.go.th,สมหญิง รักงาน,,นักวิชาการคอมพิวเตอร์ชำนาญการ,OTHER,,,no",
        "other@example.go.th,สมชาย ทำงาน,,,DEP,staff@example.go.th,,",
    ))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 2, 1)
    assert people_count() == count
    staff = find("staff@example.go.th")
    assert staff.position == "นักวิชาการคอมพิวเตอร์ชำนาญการ"
    assert staff.organisation is orgs["other"] and staff.supervisor is None and not staff.is_active
    assert find("other@example.go.th").supervisor is staff


def test_empty_language_and_active_keep_what_an_existing_person_has(orgs):
    existing = factories.person(orgs["department"], email="keep@example.go.th", name_th="คง เดิม",
                                language="en", is_active=False)
    result = run_import(csv_bytes(f"keep@example.go.th,คง เดิม,{existing.name_en},{existing.position},DEP,,,"))

    assert (result.updated, result.unchanged) == (0, 1)
    assert existing.language == "en" and existing.is_active is False


def test_utf8_with_bom_is_read(orgs):
    result = run_import(csv_bytes("bom@example.go.th,มี บอม,,,DEP,,,", bom=True))

    assert result.created == 1 and find("bom@example.go.th").name_th == "มี บอม"


def test_not_utf8_is_refused_with_its_line_and_column():
    data = HEADER.encode() + b"\r\n" + "a@example.go.th,caf\xe9,,,DEP,,,".encode("latin-1") + b"\r\n"

    parsed = parse_people_csv(data)

    assert parsed.rows == []
    assert parsed.file_problems == [
        "line 2, column 2 (name_th): the file is not UTF-8 text (byte 20 of the line is 0xE9); in Excel "
        "choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file"]


def test_missing_and_unknown_columns_are_reported():
    parsed = parse_people_csv(csv_bytes("a@example.go.th,ชื่อ,x", header="email,name_th,supervisor"))

    assert parsed.rows == []
    assert parsed.file_problems == [
        "header: unknown column(s) supervisor (column 3, did you mean supervisor_email?); the columns are "
        "email, name_th, name_en, position, organisation_code, supervisor_email, language, active, target_group, "
        "employment_type, citizen_id_hash",
        "header: missing required column(s) organisation_code; the expected header is "
        "email,name_th,name_en,position,organisation_code,supervisor_email,language,active,target_group,"
        "employment_type,citizen_id_hash (required: email, name_th, organisation_code)",
    ]


def test_a_quoted_value_over_two_lines_reports_the_line_it_starts_on(orgs):
    data = csv_bytes('a@example.go.th,"ชื่อ\nยาว",,,NOPE,,,', "b@example.go.th,บี,,,NOPE,,,")

    result = run_import(data)

    assert [error.line for error in result.errors] == [2, 4]


def test_supervisor_cycle_within_the_file_is_reported_on_each_row(orgs):
    result = run_import(csv_bytes(
        "a@example.go.th,เอ,,,DEP,b@example.go.th,,",
        "b@example.go.th,บี,,,DEP,c@example.go.th,,",
        "c@example.go.th,ซี,,,DEP,a@example.go.th,,",
        "d@example.go.th,ดี,,,DEP,a@example.go.th,,",
    ))

    chain = "supervisor cycle: a@example.go.th → b@example.go.th → c@example.go.th → a@example.go.th"
    assert [(error.line, in_english(error.reasons)) for error in result.errors] == [
        (2, (chain,)), (3, (chain,)), (4, (chain,))]


def test_supervisor_cycle_through_the_database_is_refused(orgs):
    top = factories.person(orgs["department"], email="top@example.go.th")
    middle = factories.person(orgs["department"], top, email="middle@example.go.th")
    factories.person(orgs["department"], middle, email="bottom@example.go.th")

    # top would report to bottom, who reports (in the database) to middle, who reports to top.
    result = run_import(csv_bytes("top@example.go.th,บน,,,DEP,bottom@example.go.th,,"))

    assert [(error.line, in_english(error.reasons)) for error in result.errors] == [(2, (
        "supervisor cycle: top@example.go.th → bottom@example.go.th → middle@example.go.th → top@example.go.th",
    ))]
    assert top.supervisor is None


def test_an_agency_administrator_imports_only_into_their_agency(orgs):
    admin = factories.person(orgs["department"], admin_of=orgs["department"])
    outsider = factories.person(orgs["other"], email="outsider@example.go.th")

    result = run_import(csv_bytes(
        "in@example.go.th,ใน กรม,,,DEP,,,",
        "out@example.go.th,นอก กรม,,,OTHER,,,",
        f"{outsider.email},คน นอก,,,DEP,,,",
    ), actor=admin)

    assert [(error.line, in_english(error.reasons)) for error in result.errors] == [
        (3, ('organisation "OTHER" is not one you administer',)),
        (4, ("outsider@example.go.th is not a person you administer",)),
    ]


def write_file(tmp_path, data: bytes):
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    return str(path)


def test_cli_imports_and_exits_0(app, orgs, tmp_path):
    path = write_file(tmp_path, csv_bytes("cli@example.go.th,ผ่าน คำสั่ง,,,DEP,,,"))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["lms", "people", "import", path])
    again = runner.invoke(args=["lms", "people", "import", path])

    assert first.exit_code == 0, first.output
    assert first.output.strip() == "created 1, updated 0, unchanged 0"
    assert again.output.strip() == "created 0, updated 0, unchanged 1"
    assert find("cli@example.go.th") is not None


def test_cli_dry_run_writes_nothing(app, orgs, tmp_path):
    path = write_file(tmp_path, csv_bytes("dry@example.go.th,ลอง ดู,,,DEP,,,"))

    result = app.test_cli_runner().invoke(args=["lms", "people", "import", "--dry-run", path])

    assert result.exit_code == 0
    assert "would have created 1, updated 0, unchanged 0" in result.output
    assert find("dry@example.go.th") is None


def test_cli_rejects_bad_rows_with_exit_code_1(app, orgs, tmp_path):
    path = write_file(tmp_path, csv_bytes("ok@example.go.th,ดี,,,DEP,,,", "bad@example.go.th,,,,NOPE,,,"))

    result = app.test_cli_runner().invoke(args=["lms", "people", "import", path])

    assert result.exit_code == 1
    assert ('line 3: name_th (the Thai name) is empty; unknown organisation_code "NOPE"'
            in result.stderr.splitlines())
    assert "Rejected" in result.stderr and "nothing was imported" in result.stderr
    assert find("ok@example.go.th") is None


def test_cli_rejects_a_bad_header_with_exit_code_1(app, db, tmp_path):
    path = write_file(tmp_path, csv_bytes("x@example.go.th", header="email"))

    result = app.test_cli_runner().invoke(args=["lms", "people", "import", path])

    assert result.exit_code == 1
    assert "header: missing required column(s) name_th, organisation_code" in result.stderr


def test_an_invalid_supervisor_address_is_reported_once(orgs):
    result = run_import(csv_bytes("a@example.go.th,เอ,,,DEP,boss@,,"))

    assert len(result.errors) == 1 and len(result.errors[0].reasons) == 1
    assert in_english(result.errors[0].reasons)[0].startswith('supervisor_email "boss@" is not a valid address')


def test_statements_do_not_grow_with_the_rows(orgs):
    def statements_for(data: bytes) -> int:
        executed = []

        def listen(*args):
            executed.append(args[2])

        engine_connection = database.session.connection()
        event.listen(engine_connection, "before_cursor_execute", listen)
        try:
            assert run_import(data).accepted
        finally:
            event.remove(engine_connection, "before_cursor_execute", listen)
        return len(executed)

    def tree(count: int, prefix: str) -> bytes:
        # Everyone reports to the person on the next line, so every supervisor is new too.
        return csv_bytes(*(f"{prefix}{i}@example.go.th,คน {i},,,DEP,"
                           + (f"{prefix}{i + 1}@example.go.th" if i + 1 < count else "") + ",,"
                           for i in range(count)))

    small, large = statements_for(tree(5, "s")), statements_for(tree(500, "l"))
    assert large <= small + 2, (small, large)
    again = statements_for(tree(500, "l"))
    assert again <= small


# ---------------------------------------------------------------- files as offices produce them (CLI)

ROW = "excel@example.go.th,สมใจ นำเข้า,,,DEP,,,"
TOO_BIG_ROW = "big@example.go.th,ใหญ่ มาก,,,DEP,,,\r\n".encode()


def events(kind: str = "people.imported") -> list[AuditEvent]:
    return list(database.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)))


REFUSED_FILES = {
    # case: (the file's bytes, what stderr must say)
    "excel windows-874": (lambda: csv_bytes(ROW).decode().encode("cp874"),
                          "line 2, column 2 (name_th): the file is in the Thai Windows-874 (TIS-620) encoding, as "
                          "Excel saves a plain 'CSV (Comma delimited)' file, not UTF-8; in Excel choose File → "
                          "Save As → 'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file"),
    "malformed utf-8": (lambda: csv_bytes(ROW, "x@example.go.th,abXcd,,,DEP,,,").replace(b"abXcd", b"ab\xffcd"),
                        "line 3, column 2 (name_th): the file is not UTF-8 text (byte 19 of the line is 0xFF)"),
    "50 MB": (lambda: csv_bytes() + TOO_BIG_ROW * (50_000_000 // len(TOO_BIG_ROW)),
              "the file is too large (47.7 MB, more than the 32 MB an import reads)"),
    "missing columns": (lambda: csv_bytes("excel@example.go.th,สมใจ นำเข้า", header="email,name_th"),
                        "header: missing required column(s) organisation_code; the expected header is "
                        "email,name_th,name_en,position,organisation_code,supervisor_email,language,active"),
    "renamed column": (lambda: csv_bytes(ROW, header=HEADER.replace("organisation_code", "org")),
                       "header: unknown column(s) org (column 5); the columns are email, name_th, name_en"),
}


@pytest.mark.parametrize("case", REFUSED_FILES)
def test_cli_refuses_a_file_it_cannot_read_safely_and_writes_nothing(app, orgs, tmp_path, case):
    data, message = REFUSED_FILES[case]
    path = write_file(tmp_path, data())
    database.session.commit()  # into the test's outer transaction
    people_before = people_count()

    result = app.test_cli_runner().invoke(args=["lms", "people", "import", path])

    assert result.exit_code == 1
    assert message in result.stderr
    assert f"Rejected {path}: nothing was imported." in result.stderr
    assert people_count() == people_before and events() == []


@pytest.mark.parametrize("data", [
    csv_bytes(ROW, bom=True),
    csv_bytes(ROW.replace(",", ";"), header=HEADER.replace(",", ";")),
], ids=["utf-8 with BOM", "semicolon-separated"])
def test_cli_imports_a_bom_or_semicolon_file_and_audits_it_once(app, orgs, tmp_path, data):
    path = write_file(tmp_path, data)

    result = app.test_cli_runner().invoke(args=["lms", "people", "import", path])

    assert result.exit_code == 0, result.output
    assert find("excel@example.go.th").name_th == "สมใจ นำเข้า"
    [event] = events()
    assert (event.actor_id, event.actor_label) == (None, "cli")
    assert event.changes == {"file": path, "created": 1, "updated": 0, "unchanged": 0}


def test_a_rejected_import_leaves_only_its_refusal_and_a_dry_run_nothing(app, orgs, tmp_path):
    database.session.commit()  # the command's rollback keeps the organisations
    runner = app.test_cli_runner()
    bad = write_file(tmp_path, csv_bytes(ROW, "bad@example.go.th,,,,NOPE,,,"))
    assert runner.invoke(args=["lms", "people", "import", bad]).exit_code == 1
    assert runner.invoke(args=["lms", "people", "import", "--dry-run", bad]).exit_code == 1
    good = write_file(tmp_path, csv_bytes(ROW))
    assert runner.invoke(args=["lms", "people", "import", "--dry-run", good]).exit_code == 0
    assert events() == [] and find("excel@example.go.th") is None
    [refused] = events("import.refused")  # the administrator's home page lists it
    assert (refused.object_type, refused.actor_label) == ("people", "cli")
    assert refused.changes == {"file": os.path.basename(bad), "problems": 1}

    assert runner.invoke(args=["lms", "people", "import", good]).exit_code == 0
    assert len(events()) == 1


def test_a_person_marked_inactive_by_hr_is_signed_out_and_dated_for_retention(orgs):
    from lms.accounts.sessions import active_sessions, start_session

    leaving = factories.person(orgs["department"], email="leaving@example.go.th", name_th="ลา ออก")
    start_session(leaving, remember=True, address="10.0.0.1", user_agent="Browser")
    assert leaving.deactivated_at is None and len(active_sessions(leaving)) == 1

    result = run_import(csv_bytes(
        f"leaving@example.go.th,ลา ออก,,{leaving.position},DEP,,,0",
        "gone@example.go.th,ไป แล้ว,,,DEP,,,0",
    ))

    assert (result.created, result.updated) == (1, 1)
    assert not leaving.is_active and leaving.deactivated_at is not None
    assert active_sessions(leaving) == []
    assert find("gone@example.go.th").deactivated_at is not None

    run_import(csv_bytes(f"leaving@example.go.th,ลา ออก,,{leaving.position},DEP,,,1"))
    assert leaving.is_active and leaving.deactivated_at is None
