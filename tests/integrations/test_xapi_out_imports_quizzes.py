"""Records imported from HR and passed quizzes reach the LRS (a real Ralph) as xAPI statements:
one for each imported record, never twice; one for each passed attempt, none for a failed one."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from lms.core import events
from lms.core.dates import today_in_bangkok
from lms.development.records_import import import_records, parse_records_csv
from lms.extensions import db
from lms.integrations.xapi import outbox, sender, statements
from lms.records.models import LearningRecord
from lms.reference.models import SkillSet
from tests.assessment.quiz_factories import bank_with_questions, course_quiz, mc_question, skill_set_quiz, tf_question
from tests.assessment.test_quizzes_taking import index_of, slot_of, start
from tests.catalog.factories import published_course
from tests.integrations.test_xapi_out import ADL, configure_base, queued
from tests.integrations.xapi_helpers import out_settings, statements_of

HEADER = "external_id,email,date,hours,method,skill_sets,title,notes"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"


def import_file(*lines: str):
    parsed = parse_records_csv(("\r\n".join([HEADER, *lines]) + "\r\n").encode(), today_in_bangkok())
    assert parsed.file_problems == []
    result = import_records(parsed.rows)
    assert result.errors == []
    db.session.expire_all()  # bulk writes bypass the identity map
    return result


def hr_lines() -> list[str]:
    day = (today_in_bangkok() - timedelta(days=3)).isoformat()
    return [f"HR-1,learner@example.go.th,{day},6,training,digital-literacy;digital-governance,หลักสูตร PDPA,",
            f"HR-2,learner@example.go.th,{day},1.5,self-learning,digital-technology,อ่านคู่มือ,",
            f"HR-3,peer@example.go.th,{day},2,on-the-job,digital-literacy,ทำแดชบอร์ด,"]


def imported_ids() -> dict[str, int]:
    return dict(db.session.execute(select(LearningRecord.source_key, LearningRecord.id)
                                   .where(LearningRecord.source == "import")).all())


def test_imported_records_reach_the_lrs_once(world, configure, lrs_server):
    configure(**out_settings(lrs_server))
    assert import_file(*hr_lines()).created == 3
    ids = imported_ids()
    rows = queued()
    assert sorted(row.source for row in rows) == sorted(f"record:{record_id}" for record_id in ids.values())
    assert {row.person_id for row in rows} == {world["learner"].id, world["peer"].id}
    db.session.commit()
    assert sender.send().sent == 3

    sent = {s["id"]: s for email in ("learner@example.go.th", "peer@example.go.th")
            for s in statements_of(lrs_server, email)}
    assert {row.statement_id for row in rows} <= set(sent)
    pdpa = sent[statements.statement_id(f"record:{ids['HR-1']}")]
    base = configure_base(pdpa)
    assert pdpa["verb"]["id"] == ADL + "experienced"
    assert pdpa["object"]["id"] == f"{base}/xapi/activities/records/{ids['HR-1']}"
    assert pdpa["object"]["definition"] == {"type": "http://adlnet.gov/expapi/activities/course",
                                            "name": {"th-TH": "หลักสูตร PDPA"}}
    assert pdpa["result"] == {"completion": True, "duration": "PT6H"}
    extensions = pdpa["context"]["extensions"]
    assert extensions[f"{base}/xapi/extensions/skill-sets"] == ["digital-literacy", "digital-governance"]
    assert extensions[f"{base}/xapi/extensions/learning-method"] == {"slug": "training", "bucket": "formal"}
    dashboard = sent[statements.statement_id(f"record:{ids['HR-3']}")]
    assert dashboard["actor"]["mbox"] == "mailto:peer@example.go.th"
    assert dashboard["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/performance"

    # The same file again changes nothing, and the same ids announced again queue nothing.
    again = import_file(*hr_lines())
    assert (again.created, again.unchanged) == (0, 3)
    events.records_imported.send("import", record_ids=list(ids.values()), actor=None)
    assert len(queued()) == 3
    assert sender.send().sent == 0
    of_this_site = [s for email in ("learner@example.go.th", "peer@example.go.th")
                    for s in statements_of(lrs_server, email)
                    if f"{base}/xapi/extensions/source" in (s.get("context") or {}).get("extensions", {})]
    assert sorted(s["id"] for s in of_this_site) == sorted(row.statement_id for row in rows)


def test_a_changed_row_sends_nothing_new(world, configure, lrs_server):
    configure(**out_settings(lrs_server))
    import_file(*hr_lines())
    changed = hr_lines()
    changed[0] = changed[0].replace(",6,", ",5,")
    assert import_file(*changed).updated == 1
    assert len(queued()) == 3  # an update keeps the statement's id, which an LRS never changes


def test_nothing_is_queued_for_an_import_without_an_lrs(world, configure):
    import_file(*hr_lines())
    assert queued() == []


def test_a_large_import_queues_its_statements_in_a_few_queries(world, configure, lrs_server):
    day = today_in_bangkok() - timedelta(days=1)
    import_file(*[f"HR-{n},{'learner' if n % 2 else 'peer'}@example.go.th,{(day - timedelta(days=n)).isoformat()},"
                  f"0.5,self-learning,digital-literacy;digital-technology,รายการ {n}," for n in range(300)])
    record_ids = sorted(imported_ids().values())
    configure(**out_settings(lrs_server))
    executed = []

    def note(_connection, _cursor, statement, *_args):
        executed.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        outbox.on_records_imported("import", record_ids=record_ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert len(queued()) == 300
    assert len(executed) <= 6, executed
    [statement] = [row.statement for row in queued() if row.source == f"record:{record_ids[0]}"]
    assert statement["context"]["extensions"][statements.extension("skill-sets")] == ["digital-literacy",
                                                                                       "digital-technology"]


@pytest.fixture
def course(world):
    return published_course(world["institute"], format="self-paced", sessions=(), content="เนื้อหา")


def answer(client, attempt, right_mc: bool, right_tf: bool):
    mc, right = index_of(attempt, "multiple_choice", "กรุงเทพ")
    wrong = index_of(attempt, "multiple_choice", "เชียงใหม่")[1]
    response = client.post(f"/quizzes/attempts/{attempt.id}/submit", data={
        f"q-{mc}": str(right if right_mc else wrong),
        f"q-{slot_of(attempt, 'true_false')}": "true" if right_tf else "false"})
    assert response.status_code == 302
    db.session.refresh(attempt)
    return attempt


def test_a_passed_quiz_reaches_the_lrs_with_its_score(client, world, login, configure, lrs_server, course):
    configure(**out_settings(lrs_server))
    bank = bank_with_questions(world["institute"], world["author"], questions=(mc_question(), tf_question()))
    quiz = course_quiz(course, bank, world["author"], pass_percent=Decimal(50), shuffle_questions=False)
    db.session.commit()
    login(world["learner"])

    failed = answer(client, start(client, quiz), right_mc=False, right_tf=False)
    assert failed.passed is False and queued() == []
    passed = answer(client, start(client, quiz), right_mc=True, right_tf=False)
    assert passed.passed is True
    [row] = queued()
    assert (row.source, row.person_id) == (f"quiz:{passed.id}", world["learner"].id)
    assert sender.send().sent == 1

    [statement] = [s for s in statements_of(lrs_server, "learner@example.go.th") if s["id"] == row.statement_id]
    base = configure_base(statement)
    assert statement["verb"]["id"] == ADL + "passed"
    assert statement["object"]["id"] == f"{base}/quizzes/{quiz.id}"
    assert statement["object"]["definition"] == {"type": ASSESSMENT, "name": {"th-TH": "แบบทดสอบท้ายบท"}}
    assert statement["result"] == {"score": {"scaled": 0.5, "raw": 1, "max": 2}, "success": True, "completion": True}
    context = statement["context"]
    assert context["extensions"][f"{base}/xapi/extensions/source"] == f"quiz:{passed.id}"
    assert context["extensions"][f"{base}/xapi/extensions/skill-sets"] == []
    assert context["contextActivities"]["parent"] == [{"id": f"{base}/courses/{course.id}", "objectType": "Activity"}]


def test_a_passed_level_quiz_sends_the_attempt_and_the_level(client, world, login, configure, lrs_server):
    configure(**out_settings(lrs_server))
    skill_set = db.session.scalar(select(SkillSet).where(SkillSet.slug == "digital-literacy"))
    bank = bank_with_questions(world["institute"], world["author"], questions=(tf_question(),))
    quiz = skill_set_quiz(world["institute"], skill_set, bank, world["author"], certifies_level=2)
    db.session.commit()
    login(world["learner"])
    attempt = start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.id}/submit", data={"q-0": "true"})

    by_kind = {row.source.split(":")[0]: row for row in queued()}
    assert set(by_kind) == {"quiz", "level"}
    assert by_kind["quiz"].statement_id != by_kind["level"].statement_id
    assert sender.send().sent == 2
    sent = {s["id"]: s for s in statements_of(lrs_server, "learner@example.go.th")}
    quiz_statement, level = sent[by_kind["quiz"].statement_id], sent[by_kind["level"].statement_id]
    base = configure_base(quiz_statement)
    assert quiz_statement["object"]["id"] == f"{base}/quizzes/{quiz.id}"
    assert quiz_statement["result"]["score"] == {"scaled": 1.0, "raw": 1, "max": 1}
    assert quiz_statement["context"]["extensions"][f"{base}/xapi/extensions/skill-sets"] == ["digital-literacy"]
    assert "parent" not in quiz_statement["context"]["contextActivities"]
    assert level["object"]["id"] == f"{base}/xapi/activities/skill-sets/digital-literacy/levels/2"
