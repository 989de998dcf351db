"""sums of learning records per person and fiscal year (by method and skill set) and per month,
for agency reports

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 00:00:01

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('person_year_hours',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('learning_method_id', sa.Integer(), nullable=False),
    sa.Column('skill_set_key', sa.Integer(), nullable=False),
    sa.Column('verified_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('pending_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_year_hours_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'fiscal_year', 'learning_method_id', 'skill_set_key', name=op.f('pk_person_year_hours'))
    )
    op.create_table('person_month_hours',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('verified_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('pending_hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_month_hours_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'fiscal_year', 'month', name=op.f('pk_person_month_hours'))
    )


def downgrade():
    op.drop_table('person_month_hours')
    op.drop_table('person_year_hours')
