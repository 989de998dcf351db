"""Small SQL helpers every module shares."""

import re

LIKE_ESCAPE = "\\"
_LIKE_SPECIAL = re.compile(r"([\\%_])")


def like_pattern(term: str) -> str:
    """'%term%' with LIKE's own characters (% _ and the escape) taken literally."""
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", term) + "%"
