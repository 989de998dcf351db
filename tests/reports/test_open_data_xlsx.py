"""The open data as an Excel workbook: the package's tables with the same suppressed cells (empty),
a notes sheet saying why, nothing about any one person: suppression holds in every format."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.accounts.models import Person
from lms.reports.open_data import DEVELOPMENT_FIELDS, UNIT_FIELDS
from lms.reports.open_data_xlsx import NOTES_SHEET
from tests import factories
from tests.reports.factories_documents import balanced_year, people, this_fiscal_year

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT_COLUMNS = [name for name, kind, _description, _required in DEVELOPMENT_FIELDS
                 if kind == "integer" and name != "fiscal_year"]
FORMULA_NAME = '=HYPERLINK("http://evil.example","กดที่นี่")'


@pytest.fixture
def agency(world):
    """Department A with a unit of six service workers (five with a balanced year), a unit of
    three policy workers (all with hours) and a unit named like a formula with five people."""
    fiscal_year = this_fiscal_year()
    big = factories.organisation("สำนักบริการประชาชน", parent=world["dept_a"], code="SRV-A3", name_en="Citizen Services")
    small = factories.organisation("กลุ่มงานนโยบาย", parent=world["dept_a"], code="POL-A4", name_en="Policy Team")
    trap = factories.organisation(FORMULA_NAME, parent=world["dept_a"], code="TRAP-A5", name_en="Trap")
    served = people(big, 6, "service")
    for person in served[:5]:
        balanced_year(person, fiscal_year)
    for person in people(small, 3, "academic"):
        balanced_year(person, fiscal_year, scale=3)
    people(trap, 5, "technology")
    return {"fiscal_year": fiscal_year}


def workbook(client, login, world, fiscal_year):
    login(world["agency_admin"])
    response = client.get(f"/reports/{world['dept_a'].id}/open-data.xlsx?fy={fiscal_year}")
    assert response.status_code == 200, response.get_data()[:500]
    assert response.mimetype == XLSX_TYPE
    assert response.headers["Content-Disposition"] == f'attachment; filename="thaksa-dep-a-{fiscal_year}.xlsx"'
    return load_workbook(io.BytesIO(response.data))


def sheet_rows(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_a_sheet_per_table_with_the_packages_columns_and_a_notes_sheet_first(client, login, world, agency):
    book = workbook(client, login, world, agency["fiscal_year"])

    assert book.sheetnames == [NOTES_SHEET, "units", "development"]
    assert [cell.value for cell in book["units"][1]] == [field[0] for field in UNIT_FIELDS]
    assert [cell.value for cell in book["development"][1]] == [field[0] for field in DEVELOPMENT_FIELDS]
    notes = "\n".join(str(value) for row in book[NOTES_SHEET].iter_rows(values_only=True) for value in row if value)
    assert "น้อยกว่า 5 คน" in notes and "fewer than 5" in notes  # why some cells are empty
    assert "https://www.data.go.th/pages/dga-open-government-license" in notes
    assert "people_in_scope" in notes and "meeting_70_20_10" in notes  # every column described


def test_a_unit_of_three_people_is_empty_but_its_names(client, login, world, agency):
    book = workbook(client, login, world, agency["fiscal_year"])

    [row] = [r for r in sheet_rows(book["development"]) if r["unit_code"] == "POL-A4"]
    assert row["target_group"] == "academic" and row["fiscal_year"] == agency["fiscal_year"]
    figures = {name: value for name, value in row.items()
               if name not in ("fiscal_year", "unit_code", "target_group", "target_group_name_th",
                               "target_group_name_en")}
    assert figures and set(figures.values()) == {None}  # empty cells, even their 90 hours


def test_no_count_under_five_anywhere(client, login, world, agency):
    book = workbook(client, login, world, agency["fiscal_year"])

    published = sheet_rows(book["development"])
    assert len(published) >= 5
    for row in published:
        for column in COUNT_COLUMNS:
            assert row[column] is None or row[column] >= 5, (row["unit_code"], column, row[column])
        if row["with_counted_learning"] is None:
            assert row["counted_hours"] is None and row["counted_hours_per_person"] is None
    whole_numbers = [value for sheet in book for row in sheet.iter_rows(values_only=True) for value in row
                     if isinstance(value, int) and not isinstance(value, bool)]
    assert whole_numbers and min(whole_numbers) >= 5  # no count of 0 to 4 in any cell of any sheet


def test_the_same_values_as_the_packages_csv(client, login, world, agency):
    book = workbook(client, login, world, agency["fiscal_year"])
    response = client.get(f"/reports/{world['dept_a'].id}/open-data.zip?fy={agency['fiscal_year']}")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        files = {name.split("/", 1)[1]: archive.read(name).decode("utf-8") for name in archive.namelist()}

    for table in ("units", "development"):
        from_csv = list(csv.DictReader(io.StringIO(files[f"{table}.csv"])))
        from_xlsx = sheet_rows(book[table])
        assert len(from_xlsx) == len(from_csv)
        for xlsx_row, csv_row in zip(from_xlsx, from_csv, strict=True):
            for column, text in csv_row.items():
                value = xlsx_row[column]
                if text == "" or value is None:
                    assert text == "" and value in (None, ""), (table, column, text, value)
                elif isinstance(value, str):
                    assert value == text
                else:
                    assert Decimal(str(value)) == Decimal(text), (table, column, text, value)


def test_a_unit_named_like_a_formula_is_text(client, login, world, agency):
    book = workbook(client, login, world, agency["fiscal_year"])

    [cell] = [row[1] for row in book["units"].iter_rows(min_row=2) if row[0].value == "TRAP-A5"]
    assert cell.value == FORMULA_NAME and cell.data_type == "s"


def test_no_person_can_be_found_in_any_sheet(client, login, world, agency, db):
    book = workbook(client, login, world, agency["fiscal_year"])

    everything = "\n".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
                           for value in row if value is not None)
    for person in db.session.scalars(select(Person)):
        for detail in (person.name_th, person.name_en, person.email, person.email.split("@")[0]):
            assert detail not in everything, detail


def test_another_agencys_unit_answers_404(client, login, world, agency):
    login(world["agency_admin"])
    assert client.get(f"/reports/{world['dept_b'].id}/open-data.xlsx").status_code == 404
    assert client.get(f"/reports/{world['dept_a'].id}/open-data.xlsx?fy=2400").status_code == 400
