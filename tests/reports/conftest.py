"""The report's hand-worked world (factories_report.build_report_world), seen from inside fiscal
year 2569: modules ask for it with `pytestmark = pytest.mark.usefixtures("in_fiscal_year_2569")`."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.reports.factories_report import build_report_world


@pytest.fixture
def in_fiscal_year_2569():
    with time_machine.travel(datetime(2026, 8, 15, 3, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def rw(db):  # noqa: ARG001 (the rolled-back session)
    return build_report_world()
