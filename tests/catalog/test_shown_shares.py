"""R1's shares are shown as the rule shows them: a failing 60.04% lecture reads 60.1%, never 60%.

1501 lecture minutes of 2500 are 60.04%: over the 60% limit, though it rounds to 60.0.
"""

import re

from tests.catalog.factories import draft_course
from tests.catalog.test_authoring_live_meter import _plan

SESSIONS = [("บรรยาย 1", "lecture", 501), ("บรรยาย 2", "lecture", 500), ("บรรยาย 3", "lecture", 500),
            ("อภิปราย", "discussion", 500), ("ฝึกปฏิบัติ", "learning-by-doing", 499)]


def _meter_figures(page: str) -> dict:
    """The figures the meter shows: bar widths, the <meter> value and the caption's shares."""
    figure = re.search(r'<figure class="lecture-meter.*?</figure>', page, re.S).group(0)
    return {
        "verdict": re.search(r'data-verdict="(\w+)"', figure).group(1),
        "bar": re.search(r'class="lecture-meter-lecture"[^>]*width="([\d.]+)"', figure).group(1),
        "meter": re.search(r'<meter[^>]*value="([\d.]+)"', figure).group(1),
        "shares": re.findall(r'lecture-meter-key-\w+">[^<]*?([\d.]+)%', figure),
        "text": re.sub(r"<[^>]+>", " ", figure),
    }


def _assert_failing_60_04(page: str) -> None:
    shown = _meter_figures(page)
    assert shown["verdict"] == "fail"
    assert shown["bar"] == shown["meter"] == "60.1"
    assert shown["shares"] == ["60.1", "39.9"]
    assert "60.0" not in shown["text"]
    # every other "60%" is the limit, never the lecture share
    assert re.findall(r"([\d.]+)%", shown["text"]) == ["60.1", "60.1", "39.9", "60", "60.1", "60"]


def test_the_live_meter_never_shows_a_failing_60_04_as_60(client, login_as):
    login_as("author")
    _assert_failing_60_04(client.post("/author/lecture-meter", data=_plan(*SESSIONS)).get_data(as_text=True))


def test_the_course_page_never_shows_a_failing_60_04_as_60(client, login_as, world):
    author = login_as("author")
    course = draft_course(world["institute"], author=author, sessions=SESSIONS)
    _assert_failing_60_04(client.get(f"/author/courses/{course.id}").get_data(as_text=True))
