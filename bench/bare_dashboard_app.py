"""The floor for bench/bench_pages.py: a bare Flask + sqlite3 app that runs the SQL statements a
Thaksa page ran (captured by the benchmark, with their parameters) and renders a trivial template.

What Thaksa costs above this app is Python: routing, sign-in, building statements, rendering.

    LMS_BARE_DATABASE=FILE.sqlite3 LMS_BARE_STATEMENTS=FILE.json \\
        .venv/bin/gunicorn -w 2 bench.bare_dashboard_app:app

The statements file is JSON: {"path": [[sql, [parameters…]], …], …}, one list per page path.
"""

import json
import os
import sqlite3

from flask import Flask, abort, render_template_string, request

app = Flask(__name__)
with open(os.environ["LMS_BARE_STATEMENTS"], encoding="utf-8") as file:
    STATEMENTS = {path: [(sql, tuple(params)) for sql, params in statements]
                  for path, statements in json.load(file).items()}
DATABASE = os.environ["LMS_BARE_DATABASE"]
PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{{ path }}</title></head>
<body><h1>{{ path }}</h1><table>{% for rows in results %}<tr><td>{{ loop.index }}</td>
<td>{{ rows|length }}</td><td>{{ rows[0] if rows else "" }}</td></tr>{% endfor %}</table></body></html>"""
_connection = None


def connection() -> sqlite3.Connection:
    """One connection per worker process, set up as Thaksa sets up its own."""
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE, timeout=10, isolation_level=None)
        _connection.execute("PRAGMA foreign_keys=ON")
        _connection.execute("PRAGMA journal_mode=WAL")
        _connection.execute("PRAGMA synchronous=NORMAL")
    return _connection


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def page(path):
    statements = STATEMENTS.get(request.full_path.rstrip("?"))
    if statements is None:
        abort(404)
    db = connection()
    results = [db.execute(sql, params).fetchall() for sql, params in statements]
    if db.in_transaction:
        db.rollback()  # the captured BEGIN: a read ends as Thaksa's does
    return render_template_string(PAGE, path=path, results=results)
