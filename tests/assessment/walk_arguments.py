"""The route walk's values for the assessment pages' URL arguments (see tests/core/walk.py):
each part of lms.assessment gives its own, from tests/assessment/<part>_walk.py."""

import importlib


def assessment_url_arguments(world) -> dict:
    arguments = {}
    for part in ("frameworks", "quizzes", "ratings", "certificates"):
        try:
            module = importlib.import_module(f"tests.assessment.{part}_walk")
        except ModuleNotFoundError:
            continue
        arguments.update(module.url_arguments(world))
    return arguments
