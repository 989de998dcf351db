"""certificates and signing keys

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signing_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=10), nullable=False),
    sa.Column('private_key_pem', sa.Text(), nullable=False),
    sa.Column('public_jwk', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_signing_keys_kid'))
    )
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('course_version_id', sa.Integer(), nullable=True),
    sa.Column('skill_set_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('title_th', sa.String(length=400), nullable=False),
    sa.Column('title_en', sa.String(length=400), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revocation_reason', sa.Text(), nullable=False),
    sa.Column('signing_key_id', sa.Integer(), nullable=True),
    sa.Column('credential_jwt', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('course', 'level')", name=op.f('ck_certificates_kind')),
    sa.CheckConstraint("(kind = 'course' AND course_version_id IS NOT NULL) OR "
                       "(kind = 'level' AND skill_set_id IS NOT NULL AND level >= 1)",
                       name=op.f('ck_certificates_subject')),
    sa.ForeignKeyConstraint(['course_version_id'], ['course_versions.id'],
                            name=op.f('fk_certificates_course_version_id_course_versions')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_certificates_person_id_people'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['people.id'], name=op.f('fk_certificates_revoked_by_id_people'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signing_key_id'], ['signing_keys.id'],
                            name=op.f('fk_certificates_signing_key_id_signing_keys')),
    sa.ForeignKeyConstraint(['skill_set_id'], ['skill_sets.id'], name=op.f('fk_certificates_skill_set_id_skill_sets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('person_id', 'course_version_id',
                        name=op.f('uq_certificates_person_id_course_version_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_certificates_public_id'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('ix_certificates_person_kind', ['person_id', 'kind'], unique=False)


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_person_kind')
    op.drop_table('certificates')
    op.drop_table('signing_keys')
