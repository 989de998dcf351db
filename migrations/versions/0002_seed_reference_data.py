"""seed the guideline's reference data (DOMAIN.md) and the first policy version

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The data is written out here, not imported from lms/, so this migration means the
same thing forever. Later changes to names or ratios come as new migrations (or as a
site admin's edits); a new policy comes as a new policy_versions row.
"""
from datetime import date

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# slug, name_th, name_en, description_th, description_en
TARGET_GROUPS = [
    ("executive", "ผู้บริหารระดับสูง", "Executive",
     "ปลัดกระทรวง รองปลัดกระทรวง อธิบดี รองอธิบดี ผู้ว่าราชการจังหวัด รองผู้ว่าราชการจังหวัด เอกอัครราชทูต และผู้ดำรงตำแหน่งที่เทียบเท่า",
     "Heads and deputy heads of ministries and departments, provincial governors and their deputies, ambassadors, and equivalent posts."),
    ("management", "ผู้อำนวยการกอง", "Management",
     "ผู้อำนวยการกอง สำนัก ศูนย์ หรือเทียบเท่า ในตำแหน่งประเภทอำนวยการ",
     "Directors of divisions, bureaus and centres (management-type positions)."),
    ("academic", "ผู้ทำงานด้านนโยบายและงานวิชาการ", "Academic",
     "ผู้จัดทำนโยบาย ยุทธศาสตร์ แผนงบประมาณ งานวิจัย หลักสูตร และให้คำปรึกษาเชิงวิชาการ",
     "People who draft policy, strategy and budgets, do research, design curricula or give expert advice."),
    ("service", "ผู้ทำงานด้านบริการ", "Service",
     "ผู้ให้บริการประชาชน ภาคธุรกิจ หรือผู้รับบริการภายในหน่วยงาน",
     "Front-line service to citizens, businesses or internal clients."),
    ("technology", "ผู้ปฏิบัติงานเฉพาะด้านเทคโนโลยีดิจิทัล", "Technology Specialist",
     "นักวิชาการคอมพิวเตอร์ เจ้าพนักงานเครื่องคอมพิวเตอร์ และผู้ที่ได้รับมอบหมายงานด้านเทคโนโลยีดิจิทัล",
     "Computer scientists and officers, and anyone assigned technical digital work."),
    ("others", "ผู้ปฏิบัติงานอื่น", "Others",
     "ผู้ปฏิบัติงานอื่นนอกเหนือจากกลุ่มข้างต้น เช่น งานบริหารทั่วไป ศิลปะ ดนตรี นาฏศิลป์",
     "Everyone else, such as general administration, arts, music and dance."),
]

# slug, position, name_th, name_en
PHASES = [
    ("early", 1, "ระยะเริ่มต้น (ปีที่ ๑–๒)", "Early (years 1–2)"),
    ("develop", 2, "ระยะพัฒนา (ปีที่ ๓–๕)", "Develop (years 3–5)"),
    ("maturity", 3, "ระยะสมบูรณ์ (ปีที่ ๖–๑๐)", "Maturity (years 6–10)"),
]

# (group, phase): name_th, name_en, description_th, description_en
ROLES = {
    ("executive", "early"): ("ผู้กระตุ้นและสร้างความตระหนักรู้", "Digital awareness catalyst", "", ""),
    ("executive", "develop"): ("ผู้นำด้านดิจิทัลภาครัฐ", "Digital government leader", "", ""),
    ("executive", "maturity"): ("ผู้สร้างวัฒนธรรมองค์กรด้านดิจิทัลภาครัฐ", "Digital culture builder", "", ""),
    ("management", "early"): ("ผู้ปรับเปลี่ยนกระบวนงานด้านดิจิทัล", "Digital process redesigner", "", ""),
    ("management", "develop"): ("ผู้บริหารการเปลี่ยนแปลงด้านดิจิทัลระดับองค์กร", "Digital change manager", "", ""),
    ("management", "maturity"): ("ผู้ขับเคลื่อนองค์กรแห่งดิจิทัล", "Digital organisation driver", "", ""),
    ("academic", "early"): ("ผู้ใช้ข้อมูลดิจิทัลที่ทันสมัย", "Modern digital-data user", "", ""),
    ("academic", "develop"): ("ผู้ใช้ข้อมูลดิจิทัลเพื่อสนับสนุนนโยบาย", "Data user for policy", "", ""),
    ("academic", "maturity"): ("นักคิดเพื่อการขับเคลื่อนรัฐบาลดิจิทัล", "Digital government thinker", "", ""),
    ("service", "early"): ("ผู้ให้บริการดิจิทัลภาครัฐ", "Digital public-service provider", "", ""),
    ("service", "develop"): ("ผู้อำนวยความสะดวกด้านดิจิทัลภาครัฐ", "Digital service facilitator", "", ""),
    ("service", "maturity"): ("ผู้นำด้านการบริการภาครัฐ", "Public-service leader", "", ""),
    ("technology", "early"): ("ผู้พัฒนาเทคโนโลยีดิจิทัลของหน่วยงาน", "Agency technology developer", "", ""),
    ("technology", "develop"): ("ผู้ปรับเปลี่ยนเทคโนโลยีขององค์กร", "Organisational technology transformer", "", ""),
    ("technology", "maturity"): ("ผู้สร้างองค์กรอัจฉริยะ", "Smart-organisation builder", "", ""),
    ("others", "early"): ("ผู้ใช้เทคโนโลยีดิจิทัลภาครัฐ", "Digital technology user", "", ""),
    ("others", "develop"): ("ผู้รู้เท่าทันเทคโนโลยีดิจิทัล", "Digitally literate worker", "", ""),
    ("others", "maturity"): ("ผู้ใช้เทคโนโลยีดิจิทัลอย่างชาญฉลาด", "Smart digital user", "", ""),
}

# number, name_th, name_en
DIMENSIONS = [
    (1, "รู้เท่าทันและใช้เทคโนโลยีเป็น", "Aware of and able to use technology"),
    (2, "เข้าใจนโยบาย กฎหมายและมาตรฐาน", "Understand policy, law and standards"),
    (3, "ใช้ดิจิทัลเพื่อการประยุกต์และพัฒนา", "Use digital to apply and develop"),
    (4, "ใช้ดิจิทัลเพื่อการวางแผน บริหารจัดการ และนำองค์กร", "Use digital to plan, manage and lead"),
    (5, "ใช้ดิจิทัลเพื่อขับเคลื่อนการเปลี่ยนแปลงและสร้างสรรค์", "Use digital to drive change and create"),
]

# slug, dimension, position, foundation, name_th, name_en
SKILL_SETS = [
    ("digital-literacy", 1, 1, True, "ทักษะการรู้ดิจิทัล", "Digital Literacy Skill Set"),
    ("digital-governance", 2, 2, True, "ทักษะด้านกฎหมาย ธรรมาภิบาล และมาตรฐานดิจิทัล",
     "Digital Governance, Standard and Compliance Skill Set"),
    ("digital-technology", 3, 3, False, "ทักษะด้านเทคโนโลยีดิจิทัล", "Digital Technology Skill Set"),
    ("process-service-design", 3, 4, False, "ทักษะการออกแบบกระบวนงานและการบริการดิจิทัล",
     "Digital Process and Service Design Skill Set"),
    ("project-strategic-management", 4, 5, False, "ทักษะการบริหารโครงการและการบริหารเชิงกลยุทธ์",
     "Project and Strategic Management Skill Set"),
    ("digital-leadership", 4, 6, False, "ทักษะด้านภาวะผู้นำดิจิทัล", "Digital Leadership Skill Set"),
    ("digital-transformation", 5, 7, False, "ทักษะการขับเคลื่อนการเปลี่ยนแปลงสู่ดิจิทัล",
     "Digital Transformation Skill Set"),
]

# group: recommended skill sets beyond the two foundation ones (§4.7.2)
RECOMMENDED = {
    "executive": ["digital-leadership", "digital-transformation", "project-strategic-management"],
    "management": ["project-strategic-management", "digital-leadership", "process-service-design",
                   "digital-transformation"],
    "academic": ["digital-technology", "process-service-design", "project-strategic-management"],
    "service": ["process-service-design", "digital-technology"],
    "technology": ["digital-technology", "process-service-design", "project-strategic-management",
                   "digital-transformation"],
    "others": ["digital-technology"],
}

# slug, position, bucket, name_th, name_en
LEARNING_METHODS = [
    ("self-learning", 1, "experiential", "การเรียนรู้ด้วยตนเอง", "Self-learning"),
    ("on-the-job", 2, "experiential", "การเรียนรู้จากการปฏิบัติงาน (On the Job Training)",
     "On-the-job learning"),
    ("learning-from-others", 3, "social", "การเรียนรู้จากผู้อื่น", "Learning from others"),
    ("coaching", 4, "social", "การสอนงาน (Coaching and Developing Others)",
     "Coaching and developing others"),
    ("training", 5, "formal", "การเรียนรู้ด้วยการฝึกอบรม (In-class Training)", "In-class training"),
]

# slug, position, kind, name_th, name_en
SESSION_METHODS = [
    ("lecture", 1, "lecture", "การบรรยาย", "Lecture"),
    ("discussion", 2, "active", "การแลกเปลี่ยนความคิดเห็น", "Discussion"),
    ("learning-by-doing", 3, "active", "การทดลองหรือฝึกปฏิบัติ", "Learning by doing"),
    ("case-study", 4, "active", "กรณีศึกษา", "Case study"),
    ("assignment", 5, "active", "การจัดทำผลงานส่วนบุคคลหรือกลุ่ม", "Individual or group assignment"),
]

FIRST_POLICY = {
    "version": "ocsc-2561",
    # The guideline covers fiscal years 2561–2565; FY 2561 began on 1 October 2017.
    "effective_on": date(2017, 10, 1),
    "title_th": "แนวทางการพัฒนาทักษะด้านดิจิทัลของข้าราชการและบุคลากรภาครัฐ (ก.พ.) ปีงบประมาณ ๒๕๖๑–๒๕๖๕",
    "title_en": "OCSC guideline on digital skills for government personnel, FY 2561–2565",
    "lecture_max_percent": 60,
    "experiential_percent": 70,
    "social_percent": 20,
    "formal_percent": 10,
    "mix_tolerance_points": 10,
    "current_percent": 70,
    "future_percent": 30,
}


def _table(name, *columns):
    return sa.table(name, *[sa.column(c) for c in columns])


def upgrade():
    conn = op.get_bind()
    groups = _table("target_groups", "id", "slug", "position", "name_th", "name_en",
                    "description_th", "description_en")
    op.bulk_insert(groups, [
        {"id": i, "slug": s, "position": i, "name_th": th, "name_en": en,
         "description_th": dth, "description_en": den}
        for i, (s, th, en, dth, den) in enumerate(TARGET_GROUPS, start=1)
    ])
    phases = _table("phases", "id", "slug", "position", "name_th", "name_en")
    op.bulk_insert(phases, [
        {"id": pos, "slug": s, "position": pos, "name_th": th, "name_en": en}
        for s, pos, th, en in PHASES
    ])
    group_id = {s: i for i, (s, *_rest) in enumerate(TARGET_GROUPS, start=1)}
    phase_id = {s: pos for s, pos, *_rest in PHASES}
    roles = _table("expected_roles", "target_group_id", "phase_id", "name_th", "name_en",
                   "description_th", "description_en")
    op.bulk_insert(roles, [
        {"target_group_id": group_id[g], "phase_id": phase_id[p], "name_th": th, "name_en": en,
         "description_th": dth, "description_en": den}
        for (g, p), (th, en, dth, den) in ROLES.items()
    ])
    dimensions = _table("skill_dimensions", "id", "number", "name_th", "name_en")
    op.bulk_insert(dimensions, [
        {"id": n, "number": n, "name_th": th, "name_en": en} for n, th, en in DIMENSIONS
    ])
    skill_sets = _table("skill_sets", "id", "slug", "position", "dimension_id", "name_th",
                        "name_en", "is_foundation")
    op.bulk_insert(skill_sets, [
        {"id": pos, "slug": s, "position": pos, "dimension_id": dim, "name_th": th,
         "name_en": en, "is_foundation": foundation}
        for s, dim, pos, foundation, th, en in SKILL_SETS
    ])
    skill_id = {s: pos for s, _dim, pos, *_rest in SKILL_SETS}
    links = _table("group_skill_sets", "target_group_id", "skill_set_id")
    op.bulk_insert(links, [
        {"target_group_id": group_id[g], "skill_set_id": skill_id[s]}
        for g, slugs in RECOMMENDED.items() for s in slugs
    ])
    methods = _table("learning_methods", "slug", "position", "bucket", "name_th", "name_en")
    op.bulk_insert(methods, [
        {"slug": s, "position": pos, "bucket": b, "name_th": th, "name_en": en}
        for s, pos, b, th, en in LEARNING_METHODS
    ])
    session_methods = _table("session_methods", "slug", "position", "kind", "name_th", "name_en")
    op.bulk_insert(session_methods, [
        {"slug": s, "position": pos, "kind": k, "name_th": th, "name_en": en}
        for s, pos, k, th, en in SESSION_METHODS
    ])
    policies = _table("policy_versions", *FIRST_POLICY)
    op.bulk_insert(policies, [FIRST_POLICY])
    if conn.dialect.name == "postgresql":
        # Explicit ids above leave the sequences behind: move them past the rows.
        for table in ("target_groups", "phases", "skill_dimensions", "skill_sets"):
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))


def downgrade():
    for table in ("policy_versions", "session_methods", "learning_methods", "group_skill_sets",
                  "skill_sets", "skill_dimensions", "expected_roles", "phases", "target_groups"):
        op.execute(f"DELETE FROM {table}")
