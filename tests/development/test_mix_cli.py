"""`flask lms mix`: the dashboard's verdict on the command line."""

import json
from datetime import date

import pytest

from lms.development.mix import mix_verdict
from tests.development.test_mix import add_record


@pytest.fixture
def run(app, db):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["lms", "mix", *args])


@pytest.fixture
def learner(world):
    learner = world["learner"]
    add_record(learner, "on-the-job", 10, date(2025, 10, 1))
    add_record(learner, "training", 10, date(2026, 9, 30))
    add_record(learner, "coaching", 3, date(2026, 1, 1), status="pending")
    return learner


def test_text_shows_each_bucket_and_the_fix(run, learner):
    result = run("--email", "LEARNER@example.go.th", "--fy", "2569", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Fiscal year 2569 (2025-10-01 to 2026-09-30)" in lines[1] and "verified records only" in lines[1]
    experiential = next(line for line in lines if line.startswith("experiential")).split()
    assert experiential[:6] == ["experiential", "10", "50", "70", "no", "60"]
    social = next(line for line in lines if line.startswith("social")).split()
    assert social[:6] == ["social", "0", "0", "20", "no", "20"]
    assert lines[-1] == "OUTSIDE: " + mix_verdict(learner, 2569).message_en


def test_text_in_thai_by_default(run, learner):
    result = run("--email", learner.email, "--fy", "2569")
    assert result.exit_code == 0
    assert mix_verdict(learner, 2569).message_th in result.output


def test_json_is_the_verdict(run, learner):
    result = run("--email", learner.email, "--fy", "2569", "--json", "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    verdict = mix_verdict(learner, 2569)
    assert data["verdict"] == json.loads(json.dumps(verdict.as_dict()))
    assert data["message"] == verdict.message_en
    assert data["hours_by_method"] == {"on-the-job": "10.00", "training": "10.00"}
    assert data["fiscal_year"] == 2569 and data["start"] == "2025-10-01" and data["verified_only"] is True
    assert [b["share"] for b in data["verdict"]["buckets"]] == [50, 0, 50]


def test_nothing_recorded(run, world):
    result = run("--email", world["peer"].email, "--fy", "2569", "--json")
    data = json.loads(result.output)
    assert data["verdict"]["empty"] is True and data["verdict"]["buckets"][0]["share"] is None


def test_unknown_email_exits_2(run, world):
    result = run("--email", "nobody@example.go.th", "--fy", "2569")
    assert result.exit_code == 2
    assert "nobody@example.go.th" in result.output and "Traceback" not in result.output


def test_a_year_before_any_policy_exits_2(run, learner):
    result = run("--email", learner.email, "--fy", "2550")
    assert result.exit_code == 2 and "No policy version is in force" in result.output
