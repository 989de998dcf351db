"""The learner dashboard with hours awaiting verification, returned entries, and fixes shown
only where a bucket fails the rule ("a clearer day")."""

import re
from datetime import date

from lms.development.mix import mix_verdict
from tests.development.test_dashboard import _plan, in_fiscal_year_2569, page  # noqa: F401
from tests.development.test_mix import add_record


def english(person):
    from lms.extensions import db

    person.language = "en"
    db.session.flush()
    return person


def test_pending_entries_show_their_hours_and_the_mix_once_verified(client, login_as):
    learner = english(login_as("learner"))
    add_record(learner, "on-the-job", 4, date(2026, 1, 5), status="pending")
    add_record(learner, "learning-from-others", 1, date(2026, 1, 6), status="pending")
    add_record(learner, "training", 1, date(2026, 1, 7), status="pending")

    html = page(client, "/dashboard/?fy=2569")

    assert "No learning recorded yet" not in html and 'id="empty-state"' not in html
    assert 'id="waiting-state"' in html and "No verified learning yet" in html
    assert "Waiting for verification: 6 h" in html
    projected = html.split('id="projected-mix">')[1].split("</span>")[0]
    assert "Once they are verified:" in projected and "66.7:16.7:16.7" in projected
    assert html.split('data-projected="experiential">')[1].startswith("66.7%<")
    assert "add 0" not in html.lower()
    assert 'id="pending-count">3<' in html


def test_pending_hours_already_counted_are_said_to_count(client, login_as, app):
    learner = english(login_as("learner"))
    add_record(learner, "on-the-job", 7, date(2026, 1, 5), status="pending")
    app.config["COUNT_ONLY_VERIFIED_RECORDS"] = False
    try:
        html = page(client, "/dashboard/?fy=2569")
    finally:
        app.config["COUNT_ONLY_VERIFIED_RECORDS"] = True
    assert "Waiting for verification: 7 h" in html and "They already count toward the mix" in html
    assert 'id="projected-mix"' not in html and 'id="waiting-state"' not in html


def test_a_bucket_within_tolerance_is_never_told_to_add_hours(client, login_as):
    learner = english(login_as("learner"))
    # 65:25:10 is within ±10 everywhere, though the exact 70:20:10 would want more experiential hours.
    add_record(learner, "on-the-job", 13, date(2026, 2, 1))
    add_record(learner, "coaching", 5, date(2026, 2, 2))
    add_record(learner, "training", 2, date(2026, 2, 3))
    assert mix_verdict(learner, 2569).bucket("experiential").add_hours > 0  # the exact-mix figure

    html = page(client, "/dashboard/?fy=2569")

    assert "alert-success" in html and "add " not in html.split('id="mix-table"')[1].split("</table>")[0]
    assert html.count('data-within="yes"') == 3 and ">Meets<" in html
    assert not re.search(r">\s*(Yes|No)\s*<", html)


def test_only_the_failing_buckets_show_the_rules_fix(client, login_as):
    learner = english(login_as("learner"))
    # 50:20:30: experiential under, formal over, social within (the rule's fix still tops it up).
    add_record(learner, "self-learning", 5, date(2026, 2, 1))
    add_record(learner, "coaching", 2, date(2026, 2, 2))
    add_record(learner, "training", 3, date(2026, 2, 3))
    assert mix_verdict(learner, 2569).bucket("social").add_hours == 4

    html = page(client, "/dashboard/?fy=2569")

    cells = {b: html.split(f'data-add="{b}">')[1].split("</td>")[0] for b in ("experiential", "social", "formal")}
    assert cells == {"experiential": "add 16 h", "social": "—",
                     "formal": "above its share: add to the others"}
    assert ">Does not meet<" in html and ">Meets<" in html


def test_returned_entries_are_flagged_with_links(client, login_as):
    learner = english(login_as("learner"))
    first = add_record(learner, "on-the-job", 2, date(2026, 3, 1), status="returned")
    second = add_record(learner, "self-learning", 3, date(2026, 3, 2), status="returned")
    add_record(learner, "training", 1, date(2026, 3, 3))

    html = page(client, "/dashboard/?fy=2569")

    flag = html.split('id="returned"')[1].split("</div>")[0]
    assert "2 entries were returned" in flag and "resubmit them" in flag
    assert f'href="/log/{first.id}"' in flag and f'href="/log/{second.id}"' in flag
    assert flag.index(f"/log/{second.id}") < flag.index(f"/log/{first.id}")  # newest first


def test_the_first_plan_is_the_original_and_revisions_count_from_the_second(client, login_as):
    learner = english(login_as("learner"))
    _plan(learner, 2569, [("agreed", [("digital-literacy", "on-the-job", 20)]),
                          ("draft", [("digital-literacy", "on-the-job", 30)])])
    html = page(client, "/dashboard/?fy=2569")
    assert "Showing the original plan, agreed." in html and "Revision 2" not in html


def test_the_fiscal_year_shows_the_common_era_first_in_english(client, login_as):
    english(login_as("learner"))
    html = page(client, "/dashboard/?fy=2569")
    assert "Fiscal year 2026 (B.E. 2569):" in html
    assert '<option value="2569" selected>2026 (B.E. 2569)</option>' in html
