"""lms.rules stays pure: only the standard library and its own modules."""

import ast
import sys
from pathlib import Path

import lms.rules

RULES_DIR = Path(lms.rules.__file__).parent


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")


def test_rules_import_only_the_standard_library_and_each_other():
    offenders = []
    for path in sorted(RULES_DIR.glob("*.py")):
        for name in imported_modules(path):
            if name.startswith("."):
                continue
            if name.split(".")[0] not in sys.stdlib_module_names:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []
    assert len(list(RULES_DIR.glob("*.py"))) >= 8  # the scan really looked at the package


def test_every_public_function_has_a_docstring():
    missing = [name for name in lms.rules.__all__
               if callable(getattr(lms.rules, name)) and not getattr(lms.rules, name).__doc__]
    assert missing == []
