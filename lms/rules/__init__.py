"""The guideline's rules R1–R6, pure: plain data in, bilingual verdicts out.

Nothing here imports Flask, SQLAlchemy or the rest of the app; reference data
(method buckets, foundation skill sets, roles) and the policy version are passed
in by the caller. See DOMAIN.md §4 for the rules themselves.
"""

from .agreement import APPROVALS, SECOND_LEVEL, SUPERVISOR, AgreementVerdict, approvals_needed
from .durations import (
    MAX_RECORD_HOURS_PER_DAY,
    MAX_SESSION_MINUTES,
    InvalidDuration,
    exact_amount,
    validate_record_hours,
    validate_session_minutes,
)
from .foundation import FoundationVerdict, check_foundation
from .horizon import CURRENT, FUTURE, HORIZONS, HorizonVerdict, check_current_future
from .lecture import ACTIVE, LECTURE, SESSION_KINDS, LectureVerdict, check_lecture_cap
from .mix import BucketFigures, MixVerdict, check_mix, name_buckets
from .mix_batch import (
    MIX_ALL_WITHIN,
    MIX_EMPTY,
    bucket_within,
    half_hours,
    mix_failing,
    mix_ok,
    mix_outcome_of,
    mix_outcomes,
    mix_outcomes_in_half_hours,
)
from .phase import Role, RolesVerdict, expected_roles
from .policy import BUCKETS, Policy, PolicyError, policy_in_force
from .verdict import UnknownSlug, Verdict

__all__ = [
    "ACTIVE",
    "APPROVALS",
    "BUCKETS",
    "CURRENT",
    "FUTURE",
    "HORIZONS",
    "LECTURE",
    "MAX_RECORD_HOURS_PER_DAY",
    "MAX_SESSION_MINUTES",
    "MIX_ALL_WITHIN",
    "MIX_EMPTY",
    "SECOND_LEVEL",
    "SESSION_KINDS",
    "SUPERVISOR",
    "AgreementVerdict",
    "BucketFigures",
    "FoundationVerdict",
    "HorizonVerdict",
    "InvalidDuration",
    "LectureVerdict",
    "MixVerdict",
    "Policy",
    "PolicyError",
    "Role",
    "RolesVerdict",
    "UnknownSlug",
    "Verdict",
    "approvals_needed",
    "bucket_within",
    "check_current_future",
    "check_foundation",
    "check_lecture_cap",
    "check_mix",
    "exact_amount",
    "expected_roles",
    "half_hours",
    "mix_failing",
    "mix_ok",
    "mix_outcome_of",
    "mix_outcomes",
    "mix_outcomes_in_half_hours",
    "name_buckets",
    "policy_in_force",
    "validate_record_hours",
    "validate_session_minutes",
]
