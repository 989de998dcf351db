"""The open-data package (§4.9.8): aggregates only, small cells suppressed, a valid Frictionless
Data Package."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from frictionless import validate
from sqlalchemy import select

from lms.accounts.models import Person
from lms.reports.open_data import DEVELOPMENT_FIELDS
from lms.reports.suppression import suppress, suppressed_unless
from tests import factories
from tests.reports.factories_documents import balanced_year, people, record, this_fiscal_year

COUNT_COLUMNS = [name for name, kind, _description, _required in DEVELOPMENT_FIELDS
                 if kind == "integer" and name != "fiscal_year"]


@pytest.fixture
def agency(world):
    """Department A with a unit of six service workers (five with a balanced year) and a unit of
    three policy workers (all with hours): one row to publish, one to suppress."""
    fiscal_year = this_fiscal_year()
    big = factories.organisation("สำนักบริการประชาชน", parent=world["dept_a"], code="SRV-A3", name_en="Citizen Services")
    small = factories.organisation("กลุ่มงานนโยบาย", parent=world["dept_a"], code="POL-A4", name_en="Policy Team")
    served = people(big, 6, "service")
    for person in served[:5]:
        balanced_year(person, fiscal_year)
    for person in people(small, 3, "academic"):
        balanced_year(person, fiscal_year, scale=3)
    return {"big": big, "small": small, "fiscal_year": fiscal_year}


def download(client, login, world, fiscal_year) -> dict[str, bytes]:
    login(world["agency_admin"])
    response = client.get(f"/reports/{world['dept_a'].id}/open-data.zip?fy={fiscal_year}")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="thaksa-dep-a-{fiscal_year}.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_the_package_is_a_valid_data_package(client, login, world, agency, tmp_path):
    files = download(client, login, world, agency["fiscal_year"])

    assert sorted(files) == ["datapackage.json", "development.csv", "units.csv"]
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["title"].startswith("ผลการพัฒนาทักษะด้านดิจิทัล") and "กรมทดสอบ ก" in descriptor["title"]
    assert descriptor["licenses"][0]["path"] == "https://www.data.go.th/pages/dga-open-government-license"
    assert descriptor["suppressed"]["threshold"] == 5
    development = next(r for r in descriptor["resources"] if r["name"] == "development")
    assert "น้อยกว่า 5 คน" in development["description"] and "fewer than 5" in development["description"]


def test_a_unit_large_enough_is_published(client, login, world, agency):
    files = download(client, login, world, agency["fiscal_year"])

    row = next(r for r in rows(files["development.csv"]) if r["unit_code"] == "SRV-A3")
    assert row["target_group"] == "service" and row["target_group_name_th"] == "ผู้ทำงานด้านบริการ"
    assert row["fiscal_year"] == str(agency["fiscal_year"])
    assert row["people_in_scope"] == "6"
    assert (row["with_counted_learning"], row["with_counted_learning_percent"]) == ("5", "83.3")
    assert (row["meeting_70_20_10"], row["meeting_70_20_10_percent"]) == ("5", "83.3")
    assert Decimal(row["counted_hours"]) == 50 and row["counted_hours_per_person"] == "8.3"
    assert (row["with_agreed_plan"], row["with_agreed_plan_percent"]) == ("", "")  # nobody: 0 < 5


def test_a_unit_of_three_people_is_suppressed(client, login, world, agency):
    files = download(client, login, world, agency["fiscal_year"])

    [row] = [r for r in rows(files["development.csv"]) if r["unit_code"] == "POL-A4"]
    assert row["target_group"] == "academic"
    figures = {name: value for name, value in row.items()
               if name not in ("fiscal_year", "unit_code", "target_group", "target_group_name_th",
                               "target_group_name_en")}
    assert figures and set(figures.values()) == {""}  # even their 90 hours: three people's


def test_no_published_count_is_under_five(client, login, world, agency):
    files = download(client, login, world, agency["fiscal_year"])

    published = rows(files["development.csv"])
    assert len(published) >= 4  # the two units, and department A's and the division's people
    for row in published:
        for column in COUNT_COLUMNS:
            assert row[column] == "" or int(row[column]) >= 5, (row["unit_code"], column, row[column])
        if row["with_counted_learning"] == "":
            assert row["counted_hours"] == row["counted_hours_per_person"] == ""


def test_no_person_can_be_found_in_any_file(client, login, world, agency, db):
    files = download(client, login, world, agency["fiscal_year"])

    everything = b"".join(files.values()).decode("utf-8")
    for person in db.session.scalars(select(Person)):
        for detail in (person.name_th, person.name_en, person.email, person.email.split("@")[0]):
            assert detail not in everything, detail
    for name in ("units.csv", "development.csv"):
        header = next(csv.reader(io.StringIO(files[name].decode("utf-8"))))
        assert not [column for column in header if column in ("id", "person", "email", "name")
                    or column.endswith(("_id", "email"))]
    units = {row["code"]: row for row in rows(files["units.csv"])}
    assert set(units) == {"DEP-A", "DIV-A1", "SRV-A3", "POL-A4"}
    assert units["DEP-A"]["parent_code"] == "" and units["SRV-A3"]["parent_code"] == "DEP-A"


def test_people_without_a_target_group_are_counted_apart(client, login, world, agency):
    extra = people(agency["big"], 5)  # no group recorded
    record(extra[0], "training", 1, agency["fiscal_year"], "digital-literacy")
    files = download(client, login, world, agency["fiscal_year"])

    row = next(r for r in rows(files["development.csv"])
               if r["unit_code"] == "SRV-A3" and r["target_group"] == "none")
    assert row["people_in_scope"] == "5" and row["with_counted_learning"] == "" and row["counted_hours"] == ""


def test_the_package_is_for_the_units_the_person_reports_on(client, login, world, agency, db):
    login(world["other_supervisor"])
    assert client.get(f"/reports/{world['dept_a'].id}/open-data.zip").status_code == 404  # no report of it
    world["dept_b"].head = world["other_supervisor"]
    db.session.flush()
    login(world["other_supervisor"])
    assert client.get(f"/reports/{world['dept_a'].id}/open-data.zip").status_code == 404


@pytest.mark.parametrize(("count", "shown"), [(None, None), (0, None), (1, None), (4, None), (5, 5), (120, 120)])
def test_suppress(count, shown):
    assert suppress(count) == shown


def test_a_figure_of_few_people_is_suppressed_however_large():
    assert suppressed_unless(Decimal("900.5"), 3) is None
    assert suppressed_unless(Decimal("900.5"), 5) == Decimal("900.5")
    assert suppressed_unless(Decimal("0"), 0) is None
