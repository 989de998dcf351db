"""Agency report figures per unit and fiscal year."""

from ..spec import blueprint

bp = blueprint("reports", "Agency report figures per unit and fiscal year.")
