"""question banks and quizzes

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_banks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institute_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_question_banks_created_by_id_people'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institute_id'], ['institutes.id'], name=op.f('fk_question_banks_institute_id_institutes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_banks'))
    )
    with op.batch_alter_table('question_banks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_banks_institute_id'), ['institute_id'], unique=False)

    op.create_table('bank_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_format', sa.String(length=10), nullable=False),
    sa.Column('default_mark', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('general_feedback', sa.Text(), nullable=False),
    sa.Column('shuffle', sa.Boolean(), nullable=False),
    sa.Column('case_sensitive', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('multiple_choice', 'multiple_answer', 'true_false', 'short_answer', 'numeric')",
                       name=op.f('ck_bank_questions_kind')),
    sa.CheckConstraint("text_format IN ('plain', 'markdown')", name=op.f('ck_bank_questions_text_format')),
    sa.CheckConstraint('default_mark > 0', name=op.f('ck_bank_questions_default_mark_positive')),
    sa.ForeignKeyConstraint(['bank_id'], ['question_banks.id'], name=op.f('fk_bank_questions_bank_id_question_banks'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_questions'))
    )
    with op.batch_alter_table('bank_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_questions_bank_id'), ['bank_id'], unique=False)

    op.create_table('quizzes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institute_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('skill_set_id', sa.Integer(), nullable=True),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('draw_count', sa.Integer(), nullable=True),
    sa.Column('shuffle_questions', sa.Boolean(), nullable=False),
    sa.Column('shuffle_choices', sa.Boolean(), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('attempts_limit', sa.Integer(), nullable=True),
    sa.Column('pass_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('required_for_completion', sa.Boolean(), nullable=False),
    sa.Column('certifies_level', sa.Integer(), nullable=True),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(course_id IS NULL) <> (skill_set_id IS NULL)', name=op.f('ck_quizzes_course_or_skill_set')),
    sa.CheckConstraint('draw_count IS NULL OR draw_count > 0', name=op.f('ck_quizzes_draw_count_positive')),
    sa.CheckConstraint('time_limit_minutes IS NULL OR time_limit_minutes > 0',
                       name=op.f('ck_quizzes_time_limit_positive')),
    sa.CheckConstraint('attempts_limit IS NULL OR attempts_limit > 0', name=op.f('ck_quizzes_attempts_limit_positive')),
    sa.CheckConstraint('pass_percent >= 0 AND pass_percent <= 100', name=op.f('ck_quizzes_pass_percent_range')),
    sa.CheckConstraint('certifies_level IS NULL OR (certifies_level >= 1 AND skill_set_id IS NOT NULL)',
                       name=op.f('ck_quizzes_certifies_level_of_skill_set')),
    sa.ForeignKeyConstraint(['bank_id'], ['question_banks.id'], name=op.f('fk_quizzes_bank_id_question_banks')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quizzes_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_quizzes_created_by_id_people'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institute_id'], ['institutes.id'], name=op.f('fk_quizzes_institute_id_institutes')),
    sa.ForeignKeyConstraint(['skill_set_id'], ['skill_sets.id'], name=op.f('fk_quizzes_skill_set_id_skill_sets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quizzes'))
    )
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quizzes_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quizzes_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quizzes_institute_id'), ['institute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quizzes_skill_set_id'), ['skill_set_id'], unique=False)

    op.create_table('quiz_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('responses', sa.JSON(), nullable=False),
    sa.Column('slot_scores', sa.JSON(), nullable=False),
    sa.Column('score', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('max_score', sa.Numeric(precision=9, scale=4), nullable=False),
    sa.Column('percent', sa.Numeric(precision=7, scale=4), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_quiz_attempts_person_id_people'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quiz_id'], ['quizzes.id'], name=op.f('fk_quiz_attempts_quiz_id_quizzes'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempts')),
    sa.UniqueConstraint('quiz_id', 'person_id', 'number', name=op.f('uq_quiz_attempts_quiz_id_person_id_number'))
    )
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_person_quiz', ['person_id', 'quiz_id'], unique=False)


def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_person_quiz')
    op.drop_table('quiz_attempts')
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        for column in ('skill_set_id', 'institute_id', 'course_id', 'bank_id'):
            batch_op.drop_index(batch_op.f(f'ix_quizzes_{column}'))
    op.drop_table('quizzes')
    with op.batch_alter_table('bank_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_questions_bank_id'))
    op.drop_table('bank_questions')
    with op.batch_alter_table('question_banks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_banks_institute_id'))
    op.drop_table('question_banks')
