"""Classes, enrolments and completions."""

from ..spec import blueprint

bp = blueprint("classes", "Classes, enrolments and completions.")
