"""course credit: the reason a credit differs from the session plan

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 18:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Existing versions get an empty reason: the form and `courses check` ask for one
    # only when the credit is next changed or checked.
    with op.batch_alter_table('course_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credit_reason', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('course_versions', schema=None) as batch_op:
        batch_op.drop_column('credit_reason')
