"""The CSV reader both imports share (lms.core.csv_import): what offices' files look like."""

import pytest

from lms.core.csv_import import MAX_CSV_BYTES, SAVE_AS_UTF8, read_csv

COLUMNS = ("email", "name_th", "organisation_code", "notes")
REQUIRED = ("email", "name_th", "organisation_code")
ROWS = ["a@example.go.th,สมชาย ใจดี,DEP,", "b@example.go.th,สมหญิง รักงาน,DEP,ย้ายมาจากกรมอื่น"]


def read(data):
    return read_csv(data, COLUMNS, REQUIRED)


def csv_text(*rows: str, header: str = "email,name_th,organisation_code,notes", separator: str = ",") -> str:
    return "\r\n".join([header.replace(",", separator), *rows]) + "\r\n"


def test_utf8_with_and_without_a_byte_order_mark_reads_the_same():
    plain = read(csv_text(*ROWS).encode("utf-8"))
    with_bom = read(csv_text(*ROWS).encode("utf-8-sig"))

    assert plain == with_bom
    names, rows, problems = plain
    assert problems == [] and names == list(COLUMNS)
    assert rows == [(2, ["a@example.go.th", "สมชาย ใจดี", "DEP", ""]),
                    (3, ["b@example.go.th", "สมหญิง รักงาน", "DEP", "ย้ายมาจากกรมอื่น"])]


def test_an_excel_windows_874_file_is_refused_with_how_to_save_it_as_utf8():
    data = csv_text(*ROWS).encode("cp874")  # what Excel's plain "CSV (Comma delimited)" writes on Thai Windows

    names, rows, problems = read(data)

    assert rows == []
    assert problems == [
        "line 2, column 2 (name_th): the file is in the Thai Windows-874 (TIS-620) encoding, as Excel saves a "
        f"plain 'CSV (Comma delimited)' file, not UTF-8; {SAVE_AS_UTF8}"]
    assert "Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'" in SAVE_AS_UTF8


def test_a_byte_that_is_not_utf8_is_named_by_line_column_and_byte():
    data = csv_text(ROWS[0]).encode() + "c@example.go.th,Jos\xe9,DEP,\r\n".encode("latin-1")

    _names, rows, problems = read(data)

    assert rows == []
    assert problems == [f"line 3, column 2 (name_th): the file is not UTF-8 text (byte 20 of the line is 0xE9); "
                        f"{SAVE_AS_UTF8}"]


def test_utf16_from_excel_unicode_text_is_refused():
    _names, rows, problems = read(csv_text(*ROWS).encode("utf-16"))

    assert rows == [] and problems == [
        f"line 1: the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8; {SAVE_AS_UTF8}"]


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_or_tab_separated_files_are_recognised_from_the_header(separator):
    rows = [ROWS[0].replace(",", separator), f'b@example.go.th{separator}"ชื่อ; มีอัฒภาค"{separator}DEP{separator}']

    names, read_rows, problems = read(csv_text(*rows, separator=separator).encode())

    assert problems == [] and names == list(COLUMNS)
    assert read_rows == [(2, ["a@example.go.th", "สมชาย ใจดี", "DEP", ""]),
                         (3, ["b@example.go.th", "ชื่อ; มีอัฒภาค", "DEP", ""])]


def test_missing_and_renamed_columns_are_named_with_the_expected_header():
    _names, rows, problems = read(csv_text(header="E-mail,name_th,org_code").encode())

    assert rows == []
    assert problems == [
        "header: unknown column(s) e-mail (column 1, did you mean email?), "
        "org_code (column 3, did you mean organisation_code?); "
        "the columns are email, name_th, organisation_code, notes",
        "header: missing required column(s) email, organisation_code; the expected header is "
        "email,name_th,organisation_code,notes (required: email, name_th, organisation_code)",
    ]


def test_a_quote_never_closed_is_reported_on_the_line_it_opens():
    data = csv_text(ROWS[0], 'b@example.go.th,"ไม่ปิด,DEP,', *[ROWS[0]] * 3).encode() + b"x" * 200_000

    _names, rows, problems = read(data)

    assert rows == []
    assert problems == ["line 3: the file cannot be read as CSV (field larger than field limit (131072)); "
                        "look for a double quote (\") that is never closed"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    row = (ROWS[1] + "\r\n").encode()
    path.write_bytes(csv_text().encode() + row * (50_000_000 // len(row)))  # 50 MB

    with path.open("rb") as file:
        _names, rows, problems = read(file)
        assert file.tell() == 0  # not a byte read

    assert rows == []
    assert problems == ["the file is too large (47.7 MB, more than the 32 MB an import reads); split it into "
                        "smaller files, each with the header row, and import them one after another"]
    assert MAX_CSV_BYTES == 32 * 1024 * 1024


def test_the_limit_comes_from_the_config_and_also_holds_for_bytes_and_pipes(app, tmp_path):
    path = tmp_path / "small.csv"
    path.write_bytes(csv_text(*ROWS).encode())
    app.config["CSV_IMPORT_MAX_BYTES"] = 100
    try:
        with app.app_context():
            assert read(path.read_bytes())[2][0].startswith("the file is too large (")
            with path.open("rb") as file:
                assert read(_Pipe(file))[2][0].startswith("the file is too large (more than the ")
    finally:
        del app.config["CSV_IMPORT_MAX_BYTES"]


class _Pipe:
    """A stream whose size is unknown until it has been read (standard input)."""

    def __init__(self, file):
        self.file = file

    def read(self, size=-1):
        return self.file.read(size)


def test_a_header_of_many_thousand_columns_gives_short_messages():
    header = ",".join(["email", "name_th", "organisation_code"] + [f"x{n}" for n in range(100_000)] + [""] * 100_000)

    _names, rows, problems = read(csv_text(header=header).encode())

    assert rows == []
    assert problems == [
        "header: no name for column(s) 100004, 100005, 100006, 100007, 100008, 100009, 100010, 100011, 100012, "
        "100013 and 99990 more",
        "header: unknown column(s) x0 (column 4), x1 (column 5), x2 (column 6), x3 (column 7), x4 (column 8), "
        "x5 (column 9), x6 (column 10), x7 (column 11), x8 (column 12), x9 (column 13) and 99990 more; "
        "the columns are email, name_th, organisation_code, notes",
    ]


def test_unnamed_and_repeated_columns_are_named_by_position():
    _names, rows, problems = read(csv_text(header="email,name_th,,organisation_code,email").encode())

    assert rows == []
    assert problems == ["header: no name for column(s) 3",
                        "header: column(s) named more than once: email (columns 1, 5)"]
