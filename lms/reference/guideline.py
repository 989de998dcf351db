"""The guideline's vocabulary and policy versions as shipped with the code (guideline.json).

The database is the source whenever there is one: migration 0002 seeds it with the same
data (a migration never imports lms, so it carries its own copy, and
tests/reference/test_shipped_guideline.py keeps the two equal). This copy lets
`courses check` lint course files where there is no database, such as a course
repository's CI.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

from ..rules.policy import Policy

GUIDELINE_FILE = Path(__file__).with_name("guideline.json")
POLICY_FIGURES = ("lecture_max_percent", "experiential_percent", "social_percent", "formal_percent",
                  "mix_tolerance_points", "current_percent", "future_percent")


@cache
def shipped_guideline() -> dict:
    """guideline.json as read: {kind: [row, …]} for target_groups, phases, skill_sets,
    learning_methods, session_methods and policy_versions (effective_on as ISO text)."""
    with open(GUIDELINE_FILE, encoding="utf-8") as file:
        return json.load(file)


def shipped_slugs(kind: str) -> frozenset[str]:
    """The slugs of one kind of reference row, e.g. shipped_slugs("skill_sets")."""
    return frozenset(row["slug"] for row in shipped_guideline()[kind])


def shipped_session_method_kinds() -> dict[str, str]:
    """Session-method slug -> "lecture" or "active", as R1 counts them."""
    return {row["slug"]: row["kind"] for row in shipped_guideline()["session_methods"]}


def shipped_policies() -> list[Policy]:
    """Every shipped policy version, as the rules take it."""
    return [
        Policy(version=row["version"], effective_on=date.fromisoformat(row["effective_on"]),
               **{figure: row[figure] for figure in POLICY_FIGURES})
        for row in shipped_guideline()["policy_versions"]
    ]
