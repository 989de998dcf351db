"""The 70:20:10 buckets are named by the learning methods that count toward them, as the
reference data names those methods."""

from sqlalchemy import select

from lms.extensions import db as database
from lms.reference.guideline import shipped_guideline
from lms.reference.models import LearningMethod
from lms.reference.services import bucket_names
from lms.rules import name_buckets


def test_the_names_are_made_of_the_seeded_methods(db):
    methods = sorted(shipped_guideline()["learning_methods"], key=lambda row: row["position"])
    assert bucket_names() == name_buckets((m["bucket"], m["name_th"], m["name_en"]) for m in methods)
    assert bucket_names()["formal"] == ("การเรียนรู้ด้วยการฝึกอบรม (In-class Training)", "In-class training")


def test_renaming_a_method_renames_its_bucket(db):
    training = database.session.scalar(select(LearningMethod).where(LearningMethod.slug == "training"))
    training.name_en = "Classroom training"
    database.session.flush()

    assert bucket_names()["formal"][1] == "Classroom training"
