"""an agency's indicators (innovations, links, open data) and budget per fiscal year; a cost
per class

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 00:00:02

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agency_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('link_kind', sa.String(length=3), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('innovation', 'link', 'open-data')", name=op.f('ck_agency_indicators_kind')),
    sa.CheckConstraint("(kind = 'link' AND link_kind IN ('G2G', 'G2B', 'G2C')) OR (kind <> 'link' AND link_kind IS NULL)",
                       name=op.f('ck_agency_indicators_link_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_agency_indicators_created_by_id_people'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_agency_indicators_organisation_id_organisations'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_indicators'))
    )
    with op.batch_alter_table('agency_indicators', schema=None) as batch_op:
        batch_op.create_index('ix_agency_indicators_organisation_year', ['organisation_id', 'fiscal_year'], unique=False)

    op.create_table('agency_budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('requested_baht', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('spent_baht', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('development', 'assessment')",
                       name=op.f('ck_agency_budgets_purpose')),
    sa.CheckConstraint('requested_baht IS NULL OR requested_baht >= 0',
                       name=op.f('ck_agency_budgets_requested_not_negative')),
    sa.CheckConstraint('spent_baht IS NULL OR spent_baht >= 0',
                       name=op.f('ck_agency_budgets_spent_not_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_agency_budgets_organisation_id_organisations'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['people.id'], name=op.f('fk_agency_budgets_updated_by_id_people'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_budgets')),
    sa.UniqueConstraint('organisation_id', 'fiscal_year', 'purpose',
                        name=op.f('uq_agency_budgets_organisation_id_fiscal_year_purpose'))
    )

    with op.batch_alter_table('course_classes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_baht', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.create_check_constraint('cost_not_negative', 'cost_baht IS NULL OR cost_baht >= 0')


def downgrade():
    with op.batch_alter_table('course_classes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_course_classes_cost_not_negative'), type_='check')
        batch_op.drop_column('cost_baht')
    op.drop_table('agency_budgets')
    with op.batch_alter_table('agency_indicators', schema=None) as batch_op:
        batch_op.drop_index('ix_agency_indicators_organisation_year')
    op.drop_table('agency_indicators')
