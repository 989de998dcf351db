"""Every user-visible string has Thai: the messages extracted from the code (as `pybabel
extract -F babel.cfg` does) must all be translated, without fuzzy entries, in the Thai
catalogue, with the same %(name)s placeholders; and the app really serves Thai by default
and English on request.

When a test here fails after you added or changed a string: run `make translations-update`,
translate the new entries in lms/translations/th/LC_MESSAGES/messages.po, then
`make translations` (or just run the tests: the session compiles the .mo when it is stale).
"""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.translation_catalogues import compile_if_stale

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "lms"
TRANSLATIONS = SOURCE_DIR / "translations"
THAI_PO = TRANSLATIONS / "th" / "LC_MESSAGES" / "messages.po"
THAI_MO = THAI_PO.with_suffix(".mo")

# The keywords of `make translations-update` (pybabel's defaults, which include _, gettext
# and ngettext, plus -k _l -k lazy_gettext).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

# A printf-style conversion: %(name)s, %(n)d, %s, %.1f ... and "%%", a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])")


def _placeholders(text: str) -> list[str]:
    found = []
    for match in PLACEHOLDER.finditer(text or ""):
        name, conversion = match.groups()
        if conversion == "%":
            found.append("%%")  # must stay doubled: these strings are %-formatted
        else:
            found.append(f"%({name}){conversion}" if name else f"%{conversion}")
    return sorted(found)


def _extract() -> dict[tuple[str | tuple[str, ...], str | None], list[str]]:
    """{(msgid, context): ["path:line", ...]} for every message in the code."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    messages: dict = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(SOURCE_DIR), method_map, options_map, keywords=KEYWORDS):
        if isinstance(message, (list, tuple)):
            message = tuple(message)
        messages.setdefault((message, context), []).append(f"lms/{filename}:{lineno}")
    return messages


def _read_thai():
    with open(THAI_PO, "rb") as po:
        return read_po(po, locale="th")


@pytest.fixture(scope="module")
def extracted():
    messages = _extract()
    assert messages, "no messages extracted: is babel.cfg right?"
    return messages


@pytest.fixture(scope="module")
def thai():
    return _read_thai()


def _lookup(catalog, msgid, context):
    singular = msgid[0] if isinstance(msgid, tuple) else msgid
    return catalog.get(singular, context=context)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _describe(msgid, context, where) -> str:
    shown = " | ".join(msgid) if isinstance(msgid, tuple) else msgid
    if context:
        shown = f"[{context}] {shown}"
    return f"  {shown!r}  ({', '.join(where[:3])}{' …' if len(where) > 3 else ''})"


def test_the_thai_catalogue_header(thai):
    assert str(thai.locale) == "th"
    assert thai.num_plurals == 1
    assert thai.plural_expr == "0"
    assert thai.charset.lower() == "utf-8"
    assert not thai.fuzzy, "the catalogue header is marked fuzzy"


def test_every_message_in_the_code_has_thai(extracted, thai):
    missing = []
    for (msgid, context), where in sorted(extracted.items(), key=lambda item: item[1][0]):
        message = _lookup(thai, msgid, context)
        if message is None:
            missing.append(_describe(msgid, context, where) + " not in the catalogue")
        elif message.fuzzy:
            missing.append(_describe(msgid, context, where) + " fuzzy")
        elif not all(s and s.strip() for s in _strings(message)):
            missing.append(_describe(msgid, context, where) + " empty")
    assert not missing, (
        f"{len(missing)} user-visible string(s) without Thai in {THAI_PO.relative_to(ROOT)} "
        "(run `make translations-update`, then translate them):\n" + "\n".join(missing))


def test_no_fuzzy_or_empty_entries_in_the_catalogue(thai):
    bad = [message.id for message in thai
           if message.id and (message.fuzzy or not all(s and s.strip() for s in _strings(message)))]
    assert not bad, f"fuzzy or empty entries in the Thai catalogue: {bad}"


def test_placeholders_match(extracted, thai):
    wrong = []
    for (msgid, context), where in extracted.items():
        message = _lookup(thai, msgid, context)
        if message is None or message.fuzzy:
            continue  # reported by test_every_message_in_the_code_has_thai
        # Thai has one plural form, used for every number: it follows the plural msgid.
        expected = _placeholders(msgid[-1] if isinstance(msgid, tuple) else msgid)
        for translated in _strings(message):
            if translated and _placeholders(translated) != expected:
                wrong.append(f"{_describe(msgid, context, where)}\n"
                             f"      msgid {expected} but Thai {_placeholders(translated)}: "
                             f"{translated!r}")
    assert not wrong, "placeholders differ between English and Thai:\n" + "\n".join(wrong)


# --- through the app ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def compiled_catalogue(app):
    """The .mo the app reads (tests/conftest.py compiles it when the session starts)."""
    if compile_if_stale(THAI_PO):
        from flask_babel import get_babel

        # Forget translations an earlier test may have loaded before the .mo existed.
        with app.app_context():
            get_babel(app).instance.domain_instance.cache.clear()
    return THAI_MO


def test_login_page_is_in_thai_by_default(compiled_catalogue, client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="th"' in page
    assert "เข้าสู่ระบบ" in page
    assert "Log in to Thaksa" not in page


def test_learner_home_is_in_thai_by_default_and_in_english_on_request(
        compiled_catalogue, client, login_as):
    login_as("learner")

    thai_page = client.get("/").get_data(as_text=True)
    assert '<html lang="th"' in thai_page
    assert "ปีงบประมาณ" in thai_page
    assert "การพัฒนาของฉัน" in thai_page
    assert "Fiscal year" not in thai_page

    response = client.post("/language", data={"language": "en"})
    assert response.status_code == 302

    english_page = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in english_page
    assert "Fiscal year" in english_page
    assert "My development" in english_page
    assert "ปีงบประมาณ" not in english_page

    client.post("/language", data={"language": "th"})
    assert "ปีงบประมาณ" in client.get("/").get_data(as_text=True)
