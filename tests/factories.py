"""Plain factory functions: rows with sensible defaults, flushed, never committed."""

import itertools

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from lms.accounts.models import Institute, Organisation, Person
from lms.extensions import db
from lms.reference.models import Phase

TEST_PASSWORD = "correct horse battery"
# A cheap hash for tests: the real default (scrypt) is deliberately slow.
_TEST_HASH = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
_seq = itertools.count(1)


def phase(slug: str) -> Phase:
    return db.session.scalar(select(Phase).where(Phase.slug == slug))


def organisation(name_th=None, parent=None, **fields) -> Organisation:
    n = next(_seq)
    org = Organisation(code=fields.pop("code", f"ORG{n}"), name_th=name_th or f"หน่วยงาน {n}",
                       name_en=fields.pop("name_en", f"Unit {n}"), parent=parent, **fields)
    db.session.add(org)
    db.session.flush()
    return org


def institute(organisation=None, **fields) -> Institute:
    n = next(_seq)
    inst = Institute(code=fields.pop("code", f"INST{n}"),
                     name_th=fields.pop("name_th", f"สถาบันฝึกอบรม {n}"),
                     name_en=fields.pop("name_en", f"Training institute {n}"),
                     organisation=organisation, **fields)
    db.session.add(inst)
    db.session.flush()
    return inst


def person(organisation=None, supervisor=None, **fields) -> Person:
    n = next(_seq)
    p = Person(email=fields.pop("email", f"person{n}@example.go.th"),
               name_th=fields.pop("name_th", f"บุคคล ทดสอบ{n}"),
               name_en=fields.pop("name_en", f"Person Test{n}"),
               position=fields.pop("position", "นักวิเคราะห์นโยบายและแผน"),
               organisation=organisation, supervisor=supervisor,
               password_hash=fields.pop("password_hash", _TEST_HASH), **fields)
    db.session.add(p)
    db.session.flush()
    return p


def build_world() -> dict:
    """A ministry with two departments; a person in each role, and outsiders to test access.

    ministry ─ department A (agency, phase develop) ─ division A1
             └ department B (agency)
    director (A) supervises supervisor (A1), who supervises learner and peer (A1);
    other_supervisor (B) supervises other_learner (B).
    """
    ministry = organisation("กระทรวงทดสอบ", kind="ministry", code="MIN")
    dept_a = organisation("กรมทดสอบ ก", parent=ministry, kind="department", code="DEP-A",
                          is_agency=True, phase=phase("develop"))
    division = organisation("กองทดสอบ ก1", parent=dept_a, kind="division", code="DIV-A1")
    dept_b = organisation("กรมทดสอบ ข", parent=ministry, kind="department", code="DEP-B",
                          is_agency=True, phase=phase("early"))
    director = person(dept_a, name_th="สมศักดิ์ ผู้อำนวยการ", email="director@example.go.th")
    supervisor = person(division, director, name_th="สมหญิง หัวหน้า", email="supervisor@example.go.th")
    learner = person(division, supervisor, name_th="สมชาย ผู้เรียน", email="learner@example.go.th")
    peer = person(division, supervisor, name_th="สมใจ เพื่อนร่วมงาน", email="peer@example.go.th")
    other_supervisor = person(dept_b, name_th="วิชัย หัวหน้าอื่น", email="other.sup@example.go.th")
    other_learner = person(dept_b, other_supervisor, name_th="วิไล ผู้เรียนอื่น",
                           email="other.learner@example.go.th")
    inst = institute(dept_a, code="INST-A")
    other_inst = institute(dept_b, code="INST-B")
    author = person(dept_a, name_th="อรุณ ผู้สอน", email="author@example.go.th", institute=inst)
    agency_admin = person(dept_a, name_th="อนันต์ ผู้ดูแลกรม", email="agency.admin@example.go.th",
                          admin_of=dept_a)
    site_admin = person(ministry, name_th="ศิริ ผู้ดูแลระบบ", email="site.admin@example.go.th",
                        is_site_admin=True)
    return {
        "ministry": ministry, "dept_a": dept_a, "division": division, "dept_b": dept_b,
        "institute": inst, "other_institute": other_inst,
        "director": director, "supervisor": supervisor, "learner": learner, "peer": peer,
        "other_supervisor": other_supervisor, "other_learner": other_learner,
        "author": author, "agency_admin": agency_admin, "site_admin": site_admin,
    }
