"""Development plans and their verdicts (R2–R6)."""

from ..spec import blueprint

bp = blueprint("plans", "Development plans and their verdicts (R2–R6).")
