"""Which learning methods a learner logs by hand: every method but training (the formal
bucket, recorded by institutes and HR imports) and coaching (recorded by the supervisor)."""

from lms.development import log
from lms.extensions import db as database
from lms.reference.models import LearningMethod


def test_the_log_offers_the_seeded_methods_but_training_and_coaching(db):
    assert [m.slug for m in log.log_methods()] == ["self-learning", "on-the-job", "learning-from-others"]


def test_a_method_an_administrator_adds_can_be_logged_unless_it_is_training(db):
    database.session.add_all([
        LearningMethod(slug="mentoring", position=6, bucket="social", name_th="การมีพี่เลี้ยง", name_en="Mentoring"),
        LearningMethod(slug="e-training", position=7, bucket="formal", name_th="การฝึกอบรมออนไลน์",
                       name_en="Online training"),
    ])
    database.session.flush()

    assert [m.slug for m in log.log_methods()] == [
        "self-learning", "on-the-job", "learning-from-others", "mentoring"]
