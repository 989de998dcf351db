"""Benchmark: the whole agency report as a PDF, and the open data as XLSX beside the package's
zip, on the generated agency of bench_documents (divisions of 500 people, two fiscal years of
per-person sums).

Times, in one process and in turn:
1. the report's data as the PDF route gathers it (drilldown + unit_report for the agency);
2. the PDF of it (template + WeasyPrint; one drill-down row per division, so pages grow with
   the divisions), the first apart (it loads WeasyPrint and derives the fonts);
3. open_data_xlsx against open_data_package(...).zip_bytes() (the same tables), with the ratio.

    .venv/bin/python bench/bench_report_pdf.py [--people 100000] [--repeat 5]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from bench.bench_dashboard import fresh_schema, make_app  # noqa: E402
from bench.bench_documents import DIVISION_SIZE, FISCAL_YEAR, TODAY, generate, summary, timed  # noqa: E402


def run(app, repeat: int) -> None:
    from lms.accounts.models import Organisation, Person
    from lms.extensions import db
    from lms.reports.drilldown import drilldown
    from lms.reports.filters import ReportFilters
    from lms.reports.open_data import open_data_package
    from lms.reports.open_data_xlsx import open_data_xlsx
    from lms.reports.report_pdf import report_pdf_bytes
    from lms.reports.sections import unit_report

    with app.test_request_context():
        agency = db.session.get(Organisation, 1)
        viewer = db.session.get(Person, 1)  # the agency's head
        filters = ReportFilters(fiscal_year=FISCAL_YEAR)

        def gathered():
            drill = drilldown(agency, filters, viewer)
            return unit_report(agency, filters, drill.total), drill

        report, drill = gathered()
        started = time.perf_counter()
        first = report_pdf_bytes(report, drill, [], TODAY)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(first)
            pdf.flush()
            info = subprocess.run(["pdfinfo", pdf.name], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        print(f"{'first PDF (loads WeasyPrint, derives fonts)':<44} {(time.perf_counter() - started) * 1000:8.1f} ms"
              f"   ({len(first) // 1024} KiB, {pages} pages, {len(drill.units)} drill-down rows)")
        summary("report data (drilldown + unit_report)", timed(gathered, repeat))
        summary("report PDF (template + WeasyPrint)", timed(lambda: report_pdf_bytes(report, drill, [], TODAY), repeat))

        xlsx = timed(lambda: open_data_xlsx(agency, FISCAL_YEAR), repeat)
        package = timed(lambda: open_data_package(agency, FISCAL_YEAR).zip_bytes(), repeat)
        summary("open data as XLSX (open_data_xlsx)", xlsx)
        summary("open data package (zip of CSV + JSON)", package)
        print(f"{'XLSX / package, medians':<44} {statistics.median(xlsx) / statistics.median(package):8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    url = os.environ.get("LMS_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite:///{folder}/bench.sqlite3"
        app = make_app(url)
        fresh_schema(app, url)
        started = time.perf_counter()
        generate(app, args.people, args.seed)
        print(f"{platform.node()} · Python {platform.python_version()} · {url.split(':', 1)[0]}"
              f" · {args.people:,} people, {-(-args.people // DIVISION_SIZE)} divisions · built in"
              f" {time.perf_counter() - started:.0f} s")
        run(app, args.repeat)


if __name__ == "__main__":
    main()
