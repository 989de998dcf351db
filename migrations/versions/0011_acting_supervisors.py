"""acting supervisors: delegations, and who decided on whose behalf

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:20:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

DECIDED_FOR = ("record_reviews", "plan_decisions", "coaching_sessions")


def upgrade():
    op.create_table('delegations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('principal_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_delegations_period')),
    sa.CheckConstraint('principal_id <> delegate_id', name=op.f('ck_delegations_not_self')),
    sa.ForeignKeyConstraint(['delegate_id'], ['people.id'], name=op.f('fk_delegations_delegate_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['principal_id'], ['people.id'], name=op.f('fk_delegations_principal_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations'))
    )
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.create_index('ix_delegations_delegate_period', ['delegate_id', 'starts_on', 'ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegations_principal_id'), ['principal_id'], unique=False)
    for table in DECIDED_FOR:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('on_behalf_of_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_on_behalf_of_id_people'), 'people',
                                        ['on_behalf_of_id'], ['id'], ondelete='SET NULL')


def downgrade():
    for table in reversed(DECIDED_FOR):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_on_behalf_of_id_people'), type_='foreignkey')
            batch_op.drop_column('on_behalf_of_id')
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegations_principal_id'))
        batch_op.drop_index('ix_delegations_delegate_period')
    op.drop_table('delegations')
