#!/usr/bin/env python3
"""Show how complete the Thai catalogue is: messages, translated, and the ones still
missing or fuzzy. Exit status 1 when anything needs a translator.

    .venv/bin/python scripts/translations-status.py          # after `make translations-update`
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[1] / "lms/translations/th/LC_MESSAGES/messages.po"


def main() -> int:
    with open(PO, "rb") as po:
        catalog = read_po(po, locale="th")
    messages = [m for m in catalog if m.id]
    todo = []
    for m in messages:
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        if m.fuzzy:
            todo.append(("fuzzy", m))
        elif not all(s and s.strip() for s in strings):
            todo.append(("missing", m))
    print(f"{PO}: {len(messages)} messages, {len(messages) - len(todo)} translated, "
          f"{len(todo)} to do, {len(catalog.obsolete)} obsolete")
    for state, m in todo:
        where = ", ".join(f"{path}:{line}" for path, line in m.locations[:2])
        print(f"  {state:7} {m.id!r}  ({where})")
    return 1 if todo or catalog.fuzzy else 0


if __name__ == "__main__":
    sys.exit(main())
