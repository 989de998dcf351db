"""people: the citizen-ID hash that links an OpenID Connect sign-in (OIDC_LINK_CLAIM)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 08:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    # A UNIQUE constraint: SQLite and PostgreSQL both let any number of rows hold NULL.
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('citizen_id_hash', sa.String(length=128), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_people_citizen_id_hash'), ['citizen_id_hash'])


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_people_citizen_id_hash'), type_='unique')
        batch_op.drop_column('citizen_id_hash')
