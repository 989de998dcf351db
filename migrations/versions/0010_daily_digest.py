"""daily digest: reminder e-mail combined per person per day

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 18:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

AWAITING_DIGEST = "awaiting_digest"


def upgrade():
    op.create_table('notification_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('cadence', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("cadence IN ('daily', 'weekly')", name=op.f('ck_notification_digests_cadence')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_notification_digests_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digests')),
    sa.UniqueConstraint('person_id', 'day', name=op.f('uq_notification_digests_person_id_day'))
    )
    op.create_table('digest_preferences',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('cadence', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("cadence IN ('daily', 'weekly')", name=op.f('ck_digest_preferences_cadence')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_digest_preferences_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_digest_preferences'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        # Mail already written had its own outbox row: nothing waits for a digest yet.
        batch_op.add_column(sa.Column('awaiting_digest', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_digest_id_notification_digests'),
                                    'notification_digests', ['digest_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_notifications_awaiting_digest', ['person_id'], unique=False,
                              sqlite_where=sa.text(AWAITING_DIGEST), postgresql_where=sa.text(AWAITING_DIGEST))
        batch_op.create_index(batch_op.f('ix_notifications_digest_id'), ['digest_id'], unique=False)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.alter_column('notification_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_messages_digest_id'), ['digest_id'])
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_digest_id_notification_digests'),
                                    'notification_digests', ['digest_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_one_source'),
                                         '(notification_id IS NULL) <> (digest_id IS NULL)')


def downgrade():
    # Digest e-mails have no single notification to hang on: they go with the digests.
    op.execute("DELETE FROM outbox_messages WHERE digest_id IS NOT NULL")
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_one_source'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_digest_id_notification_digests'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_outbox_messages_digest_id'), type_='unique')
        batch_op.alter_column('notification_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('digest_id')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_digest_id'))
        batch_op.drop_index('ix_notifications_awaiting_digest',
                            sqlite_where=sa.text(AWAITING_DIGEST), postgresql_where=sa.text(AWAITING_DIGEST))
        batch_op.drop_constraint(batch_op.f('fk_notifications_digest_id_notification_digests'), type_='foreignkey')
        batch_op.drop_column('digest_id')
        batch_op.drop_column('awaiting_digest')  # reminders still waiting stay in the centre only
    op.drop_table('digest_preferences')
    op.drop_table('notification_digests')
