"""class rosters: staff removals and no-shows; the target group HR records for a person

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 18:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OLD_STATES = "status IN ('enrolled', 'waitlisted', 'withdrawn', 'completed')"
NEW_STATES = "status IN ('enrolled', 'waitlisted', 'withdrawn', 'completed', 'removed', 'no_show')"


def upgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_enrolments_status'), type_='check')
        batch_op.create_check_constraint('status', NEW_STATES)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hr_target_group_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_people_hr_target_group_id_target_groups'),
                                    'target_groups', ['hr_target_group_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_people_hr_target_group_id_target_groups'), type_='foreignkey')
        batch_op.drop_column('hr_target_group_id')
    op.execute("UPDATE enrolments SET status = 'withdrawn' WHERE status IN ('removed', 'no_show')")
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_enrolments_status'), type_='check')
        batch_op.create_check_constraint('status', OLD_STATES)
