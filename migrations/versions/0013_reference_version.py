"""reference version: one row whose token changes with every edit of the reference data

Each process keeps the reference data (policies, skill sets, learning methods…) in memory
and reloads it when this token is not the one it loaded (lms.reference.cache).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'reference_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_versions')),
    )
    op.bulk_insert(table, [{'id': 1, 'token': secrets.token_hex(16)}])


def downgrade():
    op.drop_table('reference_versions')
