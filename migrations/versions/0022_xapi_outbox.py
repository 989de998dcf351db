"""xAPI: the statement outbox, received statements and fetch watermarks

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('xapi_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=80), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('statement', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name=op.f('ck_xapi_statements_status')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_xapi_statements_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_statements')),
    sa.UniqueConstraint('statement_id', name=op.f('uq_xapi_statements_statement_id'))
    )
    op.create_index(op.f('ix_xapi_statements_person_id'), 'xapi_statements', ['person_id'], unique=False)
    op.create_index('ix_xapi_statements_status_next_attempt_at', 'xapi_statements', ['status', 'next_attempt_at'],
                    unique=False)
    op.create_table('xapi_received_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=300), nullable=False),
    sa.Column('verb_id', sa.String(length=300), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('statement', sa.JSON(), nullable=False),
    sa.CheckConstraint("outcome IN ('recorded', 'refused')", name=op.f('ck_xapi_received_statements_outcome')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_xapi_received_statements_person_id_people'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['record_id'], ['learning_records.id'],
                            name=op.f('fk_xapi_received_statements_record_id_learning_records'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_received_statements')),
    sa.UniqueConstraint('statement_id', name=op.f('uq_xapi_received_statements_statement_id'))
    )
    op.create_index(op.f('ix_xapi_received_statements_person_id'), 'xapi_received_statements', ['person_id'],
                    unique=False)
    op.create_index(op.f('ix_xapi_received_statements_record_id'), 'xapi_received_statements', ['record_id'],
                    unique=False)
    op.create_index('ix_xapi_received_statements_outcome_received_at', 'xapi_received_statements',
                    ['outcome', 'received_at'], unique=False)
    op.create_table('xapi_fetch_watermarks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lrs_url', sa.String(length=500), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ids_at_last', sa.JSON(), nullable=False),
    sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_fetch_watermarks')),
    sa.UniqueConstraint('lrs_url', name=op.f('uq_xapi_fetch_watermarks_lrs_url'))
    )


def downgrade():
    op.drop_table('xapi_fetch_watermarks')
    op.drop_index('ix_xapi_received_statements_outcome_received_at', table_name='xapi_received_statements')
    op.drop_index(op.f('ix_xapi_received_statements_record_id'), table_name='xapi_received_statements')
    op.drop_index(op.f('ix_xapi_received_statements_person_id'), table_name='xapi_received_statements')
    op.drop_table('xapi_received_statements')
    op.drop_index('ix_xapi_statements_status_next_attempt_at', table_name='xapi_statements')
    op.drop_index(op.f('ix_xapi_statements_person_id'), table_name='xapi_statements')
    op.drop_table('xapi_statements')
