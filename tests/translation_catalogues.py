"""The compiled catalogues (.mo) the app reads. They are git-ignored and `make` builds them,
so the test session compiles any that is missing or older than its .po: `pytest` works
straight after `pip install -e '.[test]'`."""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[1] / "lms" / "translations"


def compile_if_stale(po_path: Path) -> bool:
    """Compile one messages.po to the .mo beside it (atomically, as `pybabel compile` would,
    leaving fuzzy entries out) when the .mo is missing or older. True when it compiled."""
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    with open(po_path, "rb") as po:
        catalog = read_po(po, locale=po_path.parents[1].name)
    fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".messages-", suffix=".mo")
    try:
        with os.fdopen(fd, "wb") as mo:
            write_mo(mo, catalog, use_fuzzy=False)
        os.chmod(tmp, 0o644)
        os.replace(tmp, mo_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


def compile_stale_catalogues() -> list[Path]:
    """Compile every language's stale catalogue; the .po files compiled."""
    return [po for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")) if compile_if_stale(po)]
