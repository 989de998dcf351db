"""daily digest: reminder e-mail combined per person per day

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 18:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
