"""skill ratings and external results

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('skill_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'confirmed')", name=op.f('ck_skill_assessments_state')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_skill_assessments_person_id_people'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['framework_id'], ['skill_frameworks.id'],
                            name=op.f('fk_skill_assessments_framework_id_skill_frameworks')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['people.id'],
                            name=op.f('fk_skill_assessments_confirmed_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_assessments')),
    sa.UniqueConstraint('person_id', 'fiscal_year', name=op.f('uq_skill_assessments_person_id_fiscal_year'))
    )
    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.create_index('ix_skill_assessments_state', ['state'], unique=False)

    op.create_table('skill_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('skill_set_id', sa.Integer(), nullable=False),
    sa.Column('self_level', sa.Integer(), nullable=False),
    sa.Column('self_comment', sa.Text(), nullable=False),
    sa.Column('supervisor_level', sa.Integer(), nullable=True),
    sa.Column('supervisor_comment', sa.Text(), nullable=False),
    sa.CheckConstraint('self_level >= 0', name=op.f('ck_skill_ratings_self_level_not_negative')),
    sa.CheckConstraint('supervisor_level IS NULL OR supervisor_level >= 0',
                       name=op.f('ck_skill_ratings_supervisor_level_not_negative')),
    sa.ForeignKeyConstraint(['assessment_id'], ['skill_assessments.id'],
                            name=op.f('fk_skill_ratings_assessment_id_skill_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_set_id'], ['skill_sets.id'], name=op.f('fk_skill_ratings_skill_set_id_skill_sets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_ratings')),
    sa.UniqueConstraint('assessment_id', 'skill_set_id', name=op.f('uq_skill_ratings_assessment_id_skill_set_id'))
    )

    op.create_table('external_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('skill_set_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'verified', 'returned')", name=op.f('ck_external_results_status')),
    sa.CheckConstraint('level >= 1', name=op.f('ck_external_results_level_positive')),
    sa.CheckConstraint('expires_on IS NULL OR expires_on >= issued_on',
                       name=op.f('ck_external_results_expires_after_issued')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_external_results_person_id_people'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_set_id'], ['skill_sets.id'],
                            name=op.f('fk_external_results_skill_set_id_skill_sets')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['people.id'],
                            name=op.f('fk_external_results_reviewed_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_results'))
    )
    with op.batch_alter_table('external_results', schema=None) as batch_op:
        batch_op.create_index('ix_external_results_person_status', ['person_id', 'status'], unique=False)

    op.create_table('external_result_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['result_id'], ['external_results.id'],
                            name=op.f('fk_external_result_files_result_id_external_results'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_result_files')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_external_result_files_stored_name'))
    )
    with op.batch_alter_table('external_result_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_result_files_result_id'), ['result_id'], unique=False)


def downgrade():
    with op.batch_alter_table('external_result_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_result_files_result_id'))
    op.drop_table('external_result_files')
    with op.batch_alter_table('external_results', schema=None) as batch_op:
        batch_op.drop_index('ix_external_results_person_status')
    op.drop_table('external_results')
    op.drop_table('skill_ratings')
    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_skill_assessments_state')
    op.drop_table('skill_assessments')
