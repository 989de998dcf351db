"""employment types (who §4.4 puts in scope, from which fiscal year) and heads of units

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 00:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# §4.4: FY 2561–2562 ordinary civil servants; FY 2563 all civilian civil servants;
# FY 2564–2565 all government personnel. (slug, Thai, English, in scope from FY B.E.)
EMPLOYMENT_TYPES = (
    ("civil-servant", "ข้าราชการพลเรือนสามัญ", "Ordinary civil servant", 2561),
    ("other-civil-servant", "ข้าราชการฝ่ายพลเรือนประเภทอื่น", "Other civilian civil servant", 2563),
    ("government-employee", "พนักงานราชการ", "Government employee", 2564),
    ("permanent-employee", "ลูกจ้างประจำ", "Permanent employee", 2564),
    ("temporary-employee", "ลูกจ้างชั่วคราว", "Temporary employee", 2564),
    ("other-personnel", "บุคลากรภาครัฐอื่น", "Other government personnel", 2564),
)


def upgrade():
    table = op.create_table('employment_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('in_scope_from_fiscal_year', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_types')),
    sa.UniqueConstraint('slug', name=op.f('uq_employment_types_slug'))
    )
    # No ids given: the site admin adds types later, and PostgreSQL's sequence must not
    # hand out an id the seed already took.
    op.bulk_insert(table, [
        {"slug": slug, "position": number, "name_th": th, "name_en": en, "in_scope_from_fiscal_year": year}
        for number, (slug, th, en, year) in enumerate(EMPLOYMENT_TYPES, start=1)
    ])
    # New reference rows: every worker's copy of the reference data is stale (reference.cache).
    op.execute(sa.text("UPDATE reference_versions SET token = :token").bindparams(token=secrets.token_hex(16)))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employment_type_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_people_employment_type_id_employment_types'),
                                    'employment_types', ['employment_type_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_organisations_head_id_people'), 'people',
                                    ['head_id'], ['id'], ondelete='SET NULL', use_alter=True)


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organisations_head_id_people'), type_='foreignkey')
        batch_op.drop_column('head_id')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_people_employment_type_id_employment_types'), type_='foreignkey')
        batch_op.drop_column('employment_type_id')
    op.drop_table('employment_types')
