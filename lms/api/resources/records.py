"""Learning records (70 % on the job, 20 % from others, 10 % training) and 70:20:10 verdicts."""

from ..spec import blueprint

bp = blueprint("records", "Learning records (70 % on the job, 20 % from others, 10 % training) and 70:20:10 verdicts.")
