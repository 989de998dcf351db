"""Benchmark: the JSON API as an HR system and a training portal use it.

Builds a fresh database (SQLite in a temporary folder, or the PostgreSQL URL given), an agency
with a division and its administrator, and a system client; obtains a client-credentials
token, then times, in the app's own process (Flask's test client, no network):

- PUT /api/v1/people with N new people (created), the same body again (unchanged), and with
  every position changed (updated);
- reading them all back, 200 a page, by cursor;
- POST /api/v1/checks/session-plan (R1 as a service), one call.

Prints the minimum and median of each over the rounds; the figures go in docs/performance.md.

    .venv/bin/python bench/bench_api.py [--people 1000] [--rounds 3] [--db postgresql+psycopg://…]
"""

import argparse
import base64
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout


def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _world(app):
    from lms.accounts.models import Organisation, Person
    from lms.api.tokens import register_client
    from lms.extensions import db

    with app.app_context():
        agency = Organisation(code="BENCH-AG", name_th="กรมทดสอบ", name_en="Bench agency", is_agency=True)
        division = Organisation(code="BENCH-DIV", name_th="กองทดสอบ", name_en="Bench division", parent=agency)
        admin = Person(email="admin@bench.example.go.th", name_th="ผู้ดูแล ทดสอบ", organisation=agency,
                       admin_of=agency)
        db.session.add_all([agency, division, admin])
        db.session.flush()
        client, secret = register_client(admin, "bench HR", ["people:write", "courses:read"])
        db.session.commit()
        return client.client_id, secret


def _token(http, client_id: str, secret: str) -> str:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    answer = http.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                       headers={"Authorization": f"Basic {pair}"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["access_token"]


def _people(round_no: int, count: int, position: str) -> list[dict]:
    return [{"email": f"p{round_no}-{n}@bench.example.go.th", "name_th": f"ข้าราชการ ทดสอบ{n}",
             "position": position, "organisation_code": "BENCH-DIV"} for n in range(count)]


def run(url: str, people: int, rounds: int) -> dict[str, list[float]]:
    from flask_migrate import upgrade

    from lms import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-api",
                      "API_CALLS_PER_MINUTE": 1_000_000})
    with app.app_context():
        upgrade()
    client_id, secret = _world(app)
    http = app.test_client()
    headers = {"Authorization": f"Bearer {_token(http, client_id, secret)}"}
    figures: dict[str, list[float]] = {"create": [], "unchanged": [], "update": [], "read all": [], "R1 check": []}
    for round_no in range(rounds):
        rows = _people(round_no, people, "นักวิเคราะห์")
        for name, body in (("create", rows), ("unchanged", rows),
                           ("update", _people(round_no, people, "นักวิชาการ"))):
            seconds, answer = _timed(lambda body=body: http.put("/api/v1/people", json={"people": body},
                                                                  headers=headers))
            assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
            figures[name].append(seconds)

        def read_all():
            cursor, seen = None, 0
            while True:
                page = http.get("/api/v1/people?limit=200" + (f"&cursor={cursor}" if cursor else ""),
                                headers=headers).get_json()
                seen += len(page["items"])
                cursor = page["next_cursor"]
                if cursor is None:
                    return seen

        seconds, seen = _timed(read_all)
        figures["read all"].append(seconds)
        plan = {"sessions": [{"method": "lecture", "minutes": 120}, {"method": "discussion", "minutes": 60}]}
        seconds, answer = _timed(lambda plan=plan: http.post("/api/v1/checks/session-plan", json=plan,
                                                             headers=headers))
        assert answer.status_code == 200
        figures["R1 check"].append(seconds)
        print(f"round {round_no + 1}: {seen} people read back", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", default="", help="a PostgreSQL URL (default: a new SQLite file)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or f"sqlite:///{folder}/bench-api.sqlite3"
        figures = run(url, options.people, options.rounds)
    print(f"\n{options.people} people a call, {options.rounds} rounds, {url.split(':')[0]}")
    for name, values in figures.items():
        print(f"  {name:<10} min {min(values) * 1000:8.1f} ms   median {statistics.median(values) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
