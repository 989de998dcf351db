"""Records import: the parser, the service on a real database, the CLI's exit codes."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select, text

from lms.core.csv_import import in_english
from lms.core.dates import today_in_bangkok
from lms.core.models import AuditEvent
from lms.development.cli import refresh_statistics
from lms.development.records_import import RowError, import_records, parse_date, parse_records_csv
from lms.extensions import db as database
from lms.records.models import LearningRecord
from lms.records.services import record_learning
from lms.reference.models import LearningMethod

HEADER = "external_id,email,date,hours,method,skill_sets,title,notes"
TODAY = date(2026, 11, 24)


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def run_import(data: bytes, today: date = TODAY):
    parsed = parse_records_csv(data, today)
    assert parsed.file_problems == []
    result = import_records(parsed.rows)
    database.session.expire_all()  # bulk writes bypass the identity map
    return result


def imported(key: str) -> LearningRecord | None:
    return database.session.scalar(select(LearningRecord).where(
        LearningRecord.source == "import", LearningRecord.source_key == key))


def imported_count() -> int:
    return database.session.scalar(select(func.count()).select_from(LearningRecord).where(
        LearningRecord.source == "import"))


def test_import_creates_verified_records(world):
    result = run_import(csv_bytes(
        'HR-1,Learner@Example.go.th ,2026-11-20,6,training,digital-literacy; digital-governance,'
        '"หลักสูตร PDPA, รุ่น 2",อบรมภายนอก',
        "HR-2,peer@example.go.th,2569-11-21,1.5,self-learning,digital-technology,อ่านคู่มือ,",
    ))
    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 0, 0, [])
    first, second = imported("HR-1"), imported("HR-2")
    assert first.person_id == world["learner"].id and first.status == "verified"
    assert (first.occurred_on, first.hours, first.method.slug) == (date(2026, 11, 20), Decimal("6"), "training")
    assert first.title == "หลักสูตร PDPA, รุ่น 2" and first.notes_md == "อบรมภายนอก"
    assert [s.slug for s in first.skill_sets] == ["digital-literacy", "digital-governance"]
    assert first.reviewed_at is not None and first.reviewed_by_id is None
    assert second.occurred_on == date(2026, 11, 21)  # a Buddhist Era year


def test_importing_again_changes_nothing_and_a_changed_row_updates(world):
    data = csv_bytes("HR-1,learner@example.go.th,2026-11-20,6,training,digital-literacy,อบรม,")
    run_import(data)
    again = run_import(data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = run_import(csv_bytes(
        "HR-1,learner@example.go.th,2026-11-19,7,training,digital-governance,อบรม (แก้),หมายเหตุ",
        "HR-2,learner@example.go.th,2026-11-19,1,training,digital-governance,อีกวิชา,"))
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 0)
    record = imported("HR-1")
    assert (record.occurred_on, record.hours, record.title) == (date(2026, 11, 19), Decimal("7"), "อบรม (แก้)")
    assert [s.slug for s in record.skill_sets] == ["digital-governance"] and record.updated_at is not None
    assert imported_count() == 2


def test_every_bad_row_is_listed_and_nothing_is_written(world):
    result = run_import(csv_bytes(
        "HR-1,learner@example.go.th,2026-11-20,6,training,digital-literacy,ดี,",
        "HR-2,nobody@example.go.th,2026-11-31,25,dancing,digital-literacy;flying,,",
        ",learner@example.go.th,24/11/2569,abc,training,,ชื่อ,",
        "HR-4,learner@example.go.th,2026-12-01,1.255,training,digital-literacy,อนาคต,",
        "HR-1,peer@example.go.th,2026-11-20,1,training,digital-literacy,ซ้ำ,",
    ))
    assert imported_count() == 0
    reasons = {error.line: " | ".join(in_english(error.reasons)) for error in result.errors}
    assert sorted(reasons) == [2, 3, 4, 5, 6]
    assert 'external_id "HR-1" is also on line(s) 6' in reasons[2]
    for expected in ('unknown email "nobody@example.go.th"', 'date "2026-11-31" is not a day',
                     "cannot be more than 24 hours", 'unknown method "dancing"', "unknown skill set(s) flying",
                     "title is empty"):
        assert expected in reasons[3]
    for expected in ("external_id is empty", 'date "24/11/2569" must be yyyy-mm-dd', "hours: Learning hours must be",
                     "skill_sets is empty"):
        assert expected in reasons[4]
    assert 'date "2026-12-01" is in the future' in reasons[5] and "more than 2 decimal places" in reasons[5]
    assert 'external_id "HR-1" is also on line(s) 2' in reasons[6]


def test_a_day_over_24_hours_counts_existing_records_and_names_the_figures(world):
    training = database.session.scalar(select(LearningMethod).where(LearningMethod.slug == "training"))
    record_learning(world["learner"], method=training, hours=Decimal("20"), occurred_on=date(2026, 11, 20),
                    title="คลาส", source="class", source_key="enrolment:1", status="verified")
    result = run_import(csv_bytes(
        "HR-1,learner@example.go.th,2026-11-20,3,training,digital-literacy,ก,",
        "HR-2,learner@example.go.th,2026-11-20,2,training,digital-literacy,ข,",
        "HR-3,peer@example.go.th,2026-11-20,24,training,digital-literacy,ค,",
    ))
    assert [error.line for error in result.errors] == [2, 3]
    assert result.errors[0].reasons == (
        "learner@example.go.th would have 25 hours on 2026-11-20: 20 already recorded and 5 in this file "
        "(line(s) 2, 3); more than 24 hours in one day",)
    assert imported_count() == 0


def test_an_updated_record_is_not_counted_twice_in_its_day(world):
    run_import(csv_bytes("HR-1,learner@example.go.th,2026-11-20,20,training,digital-literacy,ก,"))
    result = run_import(csv_bytes("HR-1,learner@example.go.th,2026-11-20,22,training,digital-literacy,ก,"))
    assert result.errors == [] and result.updated == 1


def test_an_external_id_of_another_person_is_refused(world):
    run_import(csv_bytes("HR-1,learner@example.go.th,2026-11-20,2,training,digital-literacy,ก,"))
    result = run_import(csv_bytes("HR-1,peer@example.go.th,2026-11-20,2,training,digital-literacy,ก,"))
    assert result.errors == [RowError(2, (
        "external_id \"HR-1\" is already used for another person's record; external ids are unique per "
        "source system",))]


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-24", date(2026, 11, 24)), ("2569-11-24", date(2026, 11, 24)), ("2567-02-29", date(2024, 2, 29)),
    ("2026-2-3", date(2026, 2, 3)), ("2566-02-29", None), ("1999-12-31", None), ("2569-11-25", None),
    ("24 พ.ย. 2569", None), ("2026/11/24", None),
])
def test_dates_in_either_era(text, expected):
    assert parse_date(text, TODAY)[0] == expected


def test_a_bad_header_is_reported_before_any_row(db):
    parsed = parse_records_csv(csv_bytes("x", header="external_id;email;date"), TODAY)
    assert parsed.file_problems == [
        "header: missing required column(s) hours, method, skill_sets, title; the expected header is "
        "external_id,email,date,hours,method,skill_sets,title,notes "
        "(required: external_id, email, date, hours, method, skill_sets, title)"]
    assert parse_records_csv(b"", TODAY).file_problems == ["the file is empty: a header row is required"]
    assert "not UTF-8" in parse_records_csv(csv_bytes("HR-1").replace(b"HR", b"\xa1\xa2"), TODAY).file_problems[0]
    missing = parse_records_csv(csv_bytes(header="external_id,email,notes,notes"), TODAY).file_problems
    assert "header: column(s) named more than once: notes (columns 3, 4)" in missing
    assert any(problem.startswith("header: missing required column(s) date, hours, method, skill_sets, title;")
               for problem in missing)


def test_bom_and_column_order_and_blank_lines(world):
    result = run_import(csv_bytes(
        "ภาษาไทย,learner@example.go.th,HR-9,2,2026-11-20,on-the-job,digital-literacy", "",
        header="Title , EMAIL,external_id,hours,date,method,skill_sets", bom=True))
    assert result.created == 1 and imported("HR-9").title == "ภาษาไทย"


def test_a_large_file_takes_few_statements(world, db):
    lines = [f"HR-{n},{('learner' if n % 2 else 'peer')}@example.go.th,"
             f"{(TODAY - timedelta(days=n // 2 % 300)).isoformat()},0.5,self-learning,"
             f"digital-literacy;digital-technology,รายการ {n}," for n in range(3000)]
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        result = run_import(csv_bytes(*lines))
        again = run_import(csv_bytes(*lines))
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert (result.created, again.unchanged) == (3000, 3000)
    assert len(statements) < 60


def test_cli_imports_and_exits_0_then_changes_nothing(app, world, tmp_path):
    path = tmp_path / "records.csv"
    day = (today_in_bangkok() - timedelta(days=1)).isoformat()
    path.write_bytes(csv_bytes(f"HR-1,learner@example.go.th,{day},2,training,digital-literacy,อบรม,"))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lms", "records", "import", str(path)])
    again = runner.invoke(args=["lms", "records", "import", str(path)])
    assert first.exit_code == 0 and "created 1, updated 0, unchanged 0" in first.output
    assert again.exit_code == 0 and "created 0, updated 0, unchanged 1" in again.output
    assert imported("HR-1") is not None


def test_cli_dry_run_and_rejection(app, world, tmp_path):
    database.session.commit()  # into the test's outer transaction: the command's rollback keeps the world
    runner = app.test_cli_runner()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    day = (today_in_bangkok() - timedelta(days=1)).isoformat()
    good.write_bytes(csv_bytes(f"HR-1,learner@example.go.th,{day},2,training,digital-literacy,อบรม,"))
    bad.write_bytes(csv_bytes(f"HR-1,learner@example.go.th,{day},2,training,digital-literacy,อบรม,",
                              f"HR-2,x@example.go.th,{day},2,training,digital-literacy,อบรม,"))
    dry = runner.invoke(args=["lms", "records", "import", "--dry-run", str(good)])
    assert dry.exit_code == 0 and "Dry run, nothing written: would have created 1" in dry.output
    rejected = runner.invoke(args=["lms", "records", "import", str(bad)])
    assert rejected.exit_code == 1
    assert 'line 3: unknown email "x@example.go.th"' in rejected.output
    assert "Rejected" in rejected.output and "1 bad row(s) of 2; nothing was imported." in rejected.output
    assert runner.invoke(args=["lms", "records", "import", str(tmp_path / "missing.csv")]).exit_code == 2
    assert imported_count() == 0


def test_statistics_are_refreshed_after_an_import_on_postgresql_and_left_alone_on_sqlite(world, db):
    run_import(csv_bytes("HR-1,learner@example.go.th,2026-11-20,2,training,digital-literacy,ก,",
                         "HR-2,peer@example.go.th,2026-11-20,3,training,digital-literacy,ข,"))
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        refresh_statistics()
    finally:
        event.remove(database.engine, "before_cursor_execute", note)

    if database.session.get_bind().dialect.name == "postgresql":
        assert "ANALYZE learning_records" in statements
        # The planner now knows the table's size (it counted the rows this transaction wrote).
        estimated = database.session.scalar(text(  # the table on the search path (a worker's schema)
            "SELECT reltuples FROM pg_class WHERE oid = 'learning_records'::regclass"))
        assert estimated == database.session.scalar(select(func.count()).select_from(LearningRecord))
    else:
        assert statements == []  # SQLite keeps no planner statistics to refresh
    assert imported_count() == 2  # and the imported rows are untouched


# ---------------------------------------------------------------- files as offices produce them (CLI)

def row_of(key: str = "HR-X") -> str:
    day = (today_in_bangkok() - timedelta(days=1)).isoformat()
    return f"{key},learner@example.go.th,{day},2,training,digital-literacy,อบรมการใช้ข้อมูล,"


def events(kind: str = "records.imported") -> list[AuditEvent]:
    return list(database.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)))


def records_count() -> int:
    return database.session.scalar(select(func.count()).select_from(LearningRecord))


REFUSED_FILES = {
    # case: (the file's bytes, what stderr must say)
    "excel windows-874": (lambda: csv_bytes(row_of()).decode().encode("cp874"),
                          "line 2, column 7 (title): the file is in the Thai Windows-874 (TIS-620) encoding, as "
                          "Excel saves a plain 'CSV (Comma delimited)' file, not UTF-8; in Excel choose File → "
                          "Save As → 'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file"),
    "malformed utf-8": (lambda: csv_bytes(row_of(), row_of("HR-BAD")).replace(b"HR-BAD", b"HR-\xc3("),
                        "line 3, column 1 (external_id): the file is not UTF-8 text (byte 4 of the line is 0xC3)"),
    "50 MB": (lambda: csv_bytes() + f"{row_of()}\r\n".encode() * (50_000_000 // len(f"{row_of()}\r\n".encode())),
              "the file is too large (47.7 MB, more than the 32 MB an import reads)"),
    "missing columns": (lambda: csv_bytes("HR-1,learner@example.go.th", header="external_id,email"),
                        "header: missing required column(s) date, hours, method, skill_sets, title; the expected "
                        "header is external_id,email,date,hours,method,skill_sets,title,notes"),
    "renamed column": (lambda: csv_bytes(row_of(), header=HEADER.replace("skill_sets", "skillset")),
                       "header: unknown column(s) skillset (column 6, did you mean skill_sets?)"),
}


@pytest.mark.parametrize("case", REFUSED_FILES)
def test_cli_refuses_a_file_it_cannot_read_safely_and_writes_nothing(app, world, tmp_path, case):
    data, message = REFUSED_FILES[case]
    path = tmp_path / "records.csv"
    path.write_bytes(data())
    database.session.commit()  # into the test's outer transaction
    before = records_count()

    result = app.test_cli_runner().invoke(args=["lms", "records", "import", str(path)])

    assert result.exit_code == 1
    assert message in result.stderr
    assert f"Rejected {path}: nothing was imported." in result.stderr
    assert records_count() == before and events() == []


@pytest.mark.parametrize("separator, bom", [(",", True), (";", False)], ids=["utf-8 with BOM", "semicolon-separated"])
def test_cli_imports_a_bom_or_semicolon_file_and_audits_it_once(app, world, tmp_path, separator, bom):
    path = tmp_path / "records.csv"
    path.write_bytes(csv_bytes(row_of().replace(",", separator), header=HEADER.replace(",", separator), bom=bom))

    result = app.test_cli_runner().invoke(args=["lms", "records", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert imported("HR-X").title == "อบรมการใช้ข้อมูล"
    [event] = events()
    assert (event.actor_id, event.actor_label) == (None, "cli")
    assert event.changes == {"file": str(path), "created": 1, "updated": 0, "unchanged": 0}


def test_a_rejected_or_dry_run_import_leaves_no_audit_event(app, world, tmp_path):
    database.session.commit()  # the command's rollback keeps the world
    runner = app.test_cli_runner()
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(csv_bytes(row_of(), row_of("HR-Y").replace("learner@", "nobody@")))
    good.write_bytes(csv_bytes(row_of()))
    assert runner.invoke(args=["lms", "records", "import", str(bad)]).exit_code == 1
    assert runner.invoke(args=["lms", "records", "import", "--dry-run", str(good)]).exit_code == 0
    assert events() == [] and imported_count() == 0

    assert runner.invoke(args=["lms", "records", "import", str(good)]).exit_code == 0
    assert len(events()) == 1
