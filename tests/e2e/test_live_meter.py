"""The lecture meter follows the session plan as the author types, before anything is saved."""

from playwright.sync_api import expect

from tests.e2e.test_institute_path import DISCUSSION, LECTURE, R1_FIX, _fill_session


def test_meter_updates_while_typing(page, live_server, log_in, th):
    log_in(page, "author")
    page.goto(live_server("/author/courses/new"))
    rows = page.locator("tr.session-row")
    _fill_session(rows.nth(0), "บรรยายภาพรวม", LECTURE, 140, th)
    _fill_session(rows.nth(1), "อภิปรายกลุ่ม", DISCUSSION, 60, th)
    meter = page.locator("#lecture-meter-slot figure.lecture-meter")
    expect(meter).to_have_attribute("data-verdict", "fail")
    expect(meter).to_contain_text(R1_FIX)

    rows.nth(0).get_by_label(th("Minutes"), exact=True).fill("120")
    rows.nth(1).get_by_label(th("Minutes"), exact=True).fill("80")
    expect(meter).to_have_attribute("data-verdict", "ok")
    assert page.url.endswith("/author/courses/new")  # nothing was submitted


# The page's first fetch (the meter's first question) is answered two seconds late, after
# the answers to later questions: a slow server, or a slow network, does that.
FIRST_ANSWER_LATE = """
window.lateAnswerShown = false;
const realFetch = window.fetch;
let calls = 0;
window.fetch = function (...args) {
  const answer = realFetch(...args);
  if (++calls !== 1) { return answer; }
  return answer.then((response) => new Promise((resolve) => setTimeout(() => {
    resolve(response);
    setTimeout(() => { window.lateAnswerShown = true; }, 200);
  }, 2000)));
};
"""


def test_a_late_answer_to_an_earlier_plan_does_not_replace_the_meter(page, live_server, log_in, th):
    log_in(page, "author")
    page.add_init_script(FIRST_ANSWER_LATE)
    page.goto(live_server("/author/courses/new"))
    rows = page.locator("tr.session-row")
    _fill_session(rows.nth(0), "บรรยายภาพรวม", LECTURE, 140, th)  # asks about a half-typed plan
    _fill_session(rows.nth(1), "อภิปรายกลุ่ม", DISCUSSION, 60, th)
    meter = page.locator("#lecture-meter-slot figure.lecture-meter")
    expect(meter).to_contain_text(R1_FIX)
    page.wait_for_function("() => window.lateAnswerShown")
    expect(meter).to_contain_text(R1_FIX)
