"""The seed as the rules take it: policies, learning methods' buckets and the buckets' names,
never figures or names written here.

The seed is lms/reference/guideline.json, which migration 0002 loads into the database
(tests/reference/test_shipped_guideline.py keeps the two equal). The file is read
directly, so the rules' tests need neither an app nor a database.
"""

import dataclasses
import json
from datetime import date
from pathlib import Path

from lms.rules import Policy, name_buckets

GUIDELINE_FILE = Path(__file__).resolve().parents[2] / "lms" / "reference" / "guideline.json"
GUIDELINE = json.loads(GUIDELINE_FILE.read_text(encoding="utf-8"))


def seeded_policies() -> list[Policy]:
    """Every policy version the seed holds, oldest first."""
    names = [field.name for field in dataclasses.fields(Policy)]
    return sorted(
        (Policy(**{name: row[name] for name in names} | {"effective_on": date.fromisoformat(row["effective_on"])})
         for row in GUIDELINE["policy_versions"]),
        key=lambda policy: policy.effective_on,
    )


SEEDED = seeded_policies()[0]  # the guideline's first version, ocsc-2561
_METHODS = sorted(GUIDELINE["learning_methods"], key=lambda row: row["position"])
BUCKET_OF = {row["slug"]: row["bucket"] for row in _METHODS}  # learning method -> 70:20:10 bucket
BUCKET_NAMES = name_buckets((row["bucket"], row["name_th"], row["name_en"]) for row in _METHODS)


def seeded_policy(**changes) -> Policy:
    """The first seeded policy, with the fields a test varies replaced (and validated again)."""
    return dataclasses.replace(SEEDED, **changes)
