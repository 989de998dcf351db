"""reference wording: Arabic digits in phase names and the policy title; CE years in English

Thaksa writes Arabic digits throughout. Rows still holding the seeded text are rewritten;
a name an administrator changed is left alone.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:40:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

PHASES = (
    ("early", "ระยะเริ่มต้น (ปีที่ ๑–๒)", "ระยะเริ่มต้น (ปีที่ 1–2)"),
    ("develop", "ระยะพัฒนา (ปีที่ ๓–๕)", "ระยะพัฒนา (ปีที่ 3–5)"),
    ("maturity", "ระยะสมบูรณ์ (ปีที่ ๖–๑๐)", "ระยะสมบูรณ์ (ปีที่ 6–10)"),
)
POLICY = "ocsc-2561"
TITLE_TH = ("แนวทางการพัฒนาทักษะด้านดิจิทัลของข้าราชการและบุคลากรภาครัฐ (ก.พ.) ปีงบประมาณ ๒๕๖๑–๒๕๖๕",
            "แนวทางการพัฒนาทักษะด้านดิจิทัลของข้าราชการและบุคลากรภาครัฐ (ก.พ.) ปีงบประมาณ 2561–2565")
TITLE_EN = ("OCSC guideline on digital skills for government personnel, FY 2561–2565",
            "OCSC guideline on digital skills for government personnel, FY 2018–2022 (B.E. 2561–2565)")

phases = sa.table("phases", sa.column("slug", sa.String), sa.column("name_th", sa.String))
policies = sa.table("policy_versions", sa.column("version", sa.String), sa.column("title_th", sa.String),
                    sa.column("title_en", sa.String))


def _rewrite(old_index: int, new_index: int) -> None:
    for slug, *names in PHASES:
        op.execute(phases.update().where(phases.c.slug == slug, phases.c.name_th == names[old_index])
                   .values(name_th=names[new_index]))
    for column, values in (("title_th", TITLE_TH), ("title_en", TITLE_EN)):
        op.execute(policies.update().where(policies.c.version == POLICY, policies.c[column] == values[old_index])
                   .values({column: values[new_index]}))


def upgrade():
    _rewrite(0, 1)


def downgrade():
    _rewrite(1, 0)
