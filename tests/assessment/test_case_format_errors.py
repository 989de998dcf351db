"""A CASE file that cannot be imported gives no framework and says why: every problem found
(up to a cap), each naming the object, its field and, where known, its line."""

import copy
import json

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.assessment.case_format import dump_case, framework_to_case
from lms.assessment.case_model import MAX_FILE_BYTES, MAX_ITEMS, MAX_PROBLEMS
from tests.assessment.test_case_format import BASE, SAMPLE, read, small_framework


@pytest.fixture
def english(app):
    with app.test_request_context(), force_locale("en"):
        yield


def package() -> dict:
    return framework_to_case(small_framework(), base_uri=BASE)


def problems(data, **options) -> list[str]:
    result = read(data, **options)
    assert result.framework is None and not result.ok and result.errors
    return [str(problem) for problem in result.errors]


def item(pkg: dict, code: str) -> dict:
    return next(i for i in pkg["CFItems"] if i.get("humanCodingScheme") == code)


def association(pkg: dict, origin: str, kind: str = "isChildOf") -> dict:
    origin_id = item(pkg, origin)["identifier"]
    return next(a for a in pkg["CFAssociations"]
                if a["originNodeURI"]["identifier"] == origin_id and a["associationType"] == kind)


# --- The file as a whole ---------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_unread(english):
    assert problems(b" " * (MAX_FILE_BYTES + 1)) == [
        "The file is larger than 5 MB; split it into smaller files."]


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xff\xfe{}", "The file is not UTF-8 text."),
    (b'{\n  "CFDocument": {,\n}', 'Line 2: The file is not valid JSON (column 18).'),
    (b'{"CFDocument": {}, "CFDocument": {}}', "The file gives the field CFDocument twice in one object."),
    (b'{"CFDocument": NaN}', "The file is not a CASE package that Thaksa can read."),
    (b"[" * 100_000 + b"]" * 100_000, "The file is not a CASE package that Thaksa can read."),
    (b"[]", "CFPackage: CFPackage must be an object."),
    (b"{}", "CFPackage: CFDocument is missing."),
    (b'{"CFDocument": [], "CFItems": {}}', "CFPackage: CFItems must be a list."),
])
def test_what_is_not_a_case_package_says_so(english, data, expected):
    assert expected in problems(data)


def test_too_many_items_are_refused_before_reading_them(english):
    pkg = package()
    pkg["CFItems"] = pkg["CFItems"] * (MAX_ITEMS // len(pkg["CFItems"]) + 1)
    assert problems(pkg) == ["The file has more than 5000 items or 20000 associations; split it into smaller files."]


def test_rubrics_are_refused_not_dropped(english):
    pkg = package() | {"CFRubrics": [{"identifier": "x"}]}
    assert problems(pkg) == [
        "CFPackage: rubrics are not imported; give proficiency levels as CFItems of type Proficiency Level."]


def test_a_package_without_skill_sets_is_refused(english):
    pkg = package()
    pkg["CFItems"], pkg["CFAssociations"] = [], []
    assert problems(pkg) == ["The file has no CFItem of type Skill Set."]


def test_problems_stop_at_the_cap_with_a_note(english):
    pkg = package()
    pkg["CFItems"] += [{"identifier": "not a uuid"}] * MAX_PROBLEMS
    found = problems(pkg)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1] == "More problems were found; fix these first and try again."


# --- The document ----------------------------------------------------------------------------

def test_document_fields_are_required_and_typed(english):
    pkg = package()
    document = pkg["CFDocument"]
    identifier = document["identifier"]
    del document["creator"]
    document.update(title="  ", version=2569, lastChangeDateTime="2026-12-02T09:00:00",
                    statusStartDate="1 ต.ค. 2569", description="x" * 301)
    place = f"CFDocument {identifier}"
    assert problems(dump_case(pkg)) == [
        f"Line 3: {place}: creator is missing.",
        f"Line 3: {place}: title must not be empty.",
        f"Line 3: {place}: lastChangeDateTime must be a date and time with a time zone, such as "
        "2026-12-02T09:00:00+07:00.",
        f"Line 3: {place}: version must be text.",
        f"Line 3: {place}: description is longer than 300 characters.",
        f"Line 3: {place}: statusStartDate must be a date such as 2026-12-02.",
    ]


def test_a_document_identifier_must_be_a_uuid(english):
    pkg = package()
    pkg["CFDocument"]["identifier"] = "framework-2569"
    assert "CFDocument: identifier must be a UUID." in problems(pkg)


# --- Items -----------------------------------------------------------------------------------

def test_item_fields_are_required_and_typed(english):
    pkg = package()
    level = item(pkg, "digital-literacy.1")
    identifier = level["identifier"]
    del level["uri"]
    level.update(fullStatement="", alternativeLabel=["Beginner"])
    pkg["CFItems"].append("not an item")
    place = f"CFItem {identifier} (digital-literacy.1)"
    data = dump_case(pkg)
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if identifier in text)
    found = problems(data)
    assert f"Line {line}: {place}: fullStatement must not be empty." in found
    assert f"Line {line}: {place}: uri is missing." in found
    assert f"Line {line}: {place}: alternativeLabel must be text." in found
    assert "CFItem 8: CFItems must be an object." in found


def test_an_unmapped_item_type_is_refused_item_by_item(english):
    pkg = package()
    unit = copy.deepcopy(item(pkg, "cyber-security"))
    unit.update(identifier="0d9f4a52-5a53-4a57-9a5c-7a1f3f0e2b11", CFItemType="Unit of Competence",
                humanCodingScheme="ICT-CS-001")
    pkg["CFItems"].append(unit)
    assert problems(pkg) == [
        "CFItem 0d9f4a52-5a53-4a57-9a5c-7a1f3f0e2b11 (ICT-CS-001): CFItemType Unit of Competence is not one "
        "Thaksa imports (Skill Set, Proficiency Level, Required Levels)."]


def test_an_identifier_used_twice_is_refused(english):
    pkg = package()
    first, second = pkg["CFItems"][0], pkg["CFItems"][1]
    second["identifier"] = first["identifier"].upper()
    found = problems(pkg)
    assert (f"CFItem {first['identifier']} (digital-literacy.1): identifier {first['identifier']} is already used "
            f"by CFItem {first['identifier']} (digital-literacy).") in found


def test_skill_set_slugs_come_from_human_coding_scheme(english):
    pkg = package()
    item(pkg, "cyber-security")["humanCodingScheme"] = "Cyber Security"
    found = problems(pkg)
    assert any(p.endswith("(Cyber Security): humanCodingScheme Cyber Security must be a slug of lowercase letters, "
                          "digits and hyphens (at most 60).") for p in found)
    pkg = package()
    item(pkg, "cyber-security")["humanCodingScheme"] = "digital-literacy"
    assert any("skill set digital-literacy is already given by CFItem" in p for p in problems(pkg))


@pytest.mark.parametrize(("keywords", "expected"), [
    (["dimension:0"], "dimension:0 must give a dimension from 1 to 99."),
    (["dimension:one"], "dimension:one must give a dimension from 1 to 99."),
    (["dimension:1", "dimension:2"], "conceptKeywords gives more than one dimension."),
    ([1], "conceptKeywords must be a list of texts."),
])
def test_dimension_keywords_are_checked(english, keywords, expected):
    pkg = package()
    item(pkg, "digital-literacy")["conceptKeywords"] = keywords
    assert any(p.endswith("(digital-literacy): " + expected) for p in problems(pkg))


# --- Levels ----------------------------------------------------------------------------------

def test_levels_are_numbered_from_one_without_gaps(english):
    pkg = package()
    item(pkg, "digital-literacy.1")["listEnumeration"] = "3"
    assert any(p.endswith("(digital-literacy): levels must be numbered from 1 without gaps; 1 is missing.")
               for p in problems(pkg))
    pkg = package()
    item(pkg, "digital-literacy.2")["listEnumeration"] = "1"
    assert any("(digital-literacy): level 1 is given twice, by CFItem" in p for p in problems(pkg))


@pytest.mark.parametrize(("enumeration", "expected"), [
    ("11", "the level number must be from 1 to 10 (listEnumeration)."),
    ("0", "the level number must be from 1 to 10 (listEnumeration)."),
    ("II", "listEnumeration must be a whole number."),
    (None, "the level number must be from 1 to 10 (listEnumeration)."),
])
def test_a_level_number_is_a_small_whole_number(english, enumeration, expected):
    pkg = package()
    level = item(pkg, "cyber-security.1")
    del level["listEnumeration"]
    association(pkg, "cyber-security.1").pop("sequenceNumber")
    if enumeration is not None:
        level["listEnumeration"] = enumeration
    assert any(p.endswith("(cyber-security.1): " + expected) for p in problems(pkg))


def test_a_level_belongs_to_exactly_one_skill_set(english):
    pkg = package()
    pkg["CFAssociations"].remove(association(pkg, "cyber-security.1"))
    assert any(p.endswith("(cyber-security.1): belongs to no skill set (isChildOf is missing).")
               for p in problems(pkg))
    pkg = package()
    twice = copy.deepcopy(association(pkg, "cyber-security.1"))
    twice["identifier"] = "5b1f0d1e-8a57-4c0b-9f6c-2d3e4f5a6b7c"
    twice["destinationNodeURI"] = association(pkg, "digital-literacy.1")["destinationNodeURI"]
    pkg["CFAssociations"].append(twice)
    assert any(p.endswith("(cyber-security.1): has more than one parent (isChildOf).") for p in problems(pkg))


# --- Associations ----------------------------------------------------------------------------

def test_association_fields_are_required_and_typed(english):
    pkg = package()
    child = association(pkg, "digital-literacy")
    identifier = child["identifier"]
    child.update(sequenceNumber="1")
    del child["originNodeURI"]
    place = f"CFAssociation {identifier} (isChildOf)"
    found = problems(pkg)
    assert f"{place}: sequenceNumber must be a whole number." in found
    assert f"{place}: originNodeURI is missing." in found


@pytest.mark.parametrize(("kind", "origin", "destination", "expected"), [
    ("exactMatchOf", "digital-literacy", "cyber-security",
     "associationType exactMatchOf is not one Thaksa imports (isChildOf, isRelatedTo)."),
    ("isChildOf", "digital-literacy.1", "document", "a Proficiency Level must be a child of Skill Set."),
    ("isChildOf", "cyber-security", "digital-literacy", "a Skill Set must be a child of CFDocument."),
    ("isRelatedTo", "digital-literacy", "cyber-security.1",
     "isRelatedTo must lead from a Required Levels item to a Proficiency Level."),
    ("isChildOf", "document", "digital-literacy", "the CFDocument cannot be the origin of an association."),
])
def test_associations_thaksa_cannot_map_are_refused(english, kind, origin, destination, expected):
    pkg = package()
    node = {code: {"title": "x", "identifier": item(pkg, code)["identifier"], "uri": "https://x.example/"}
            for code in (origin, destination) if code != "document"}
    node["document"] = {"title": "x", "identifier": pkg["CFDocument"]["identifier"], "uri": "https://x.example/"}
    identifier = "7c0a3d57-1f3e-4b8e-9a0c-5e2d1f4a6b8c"
    pkg["CFAssociations"].append({
        "identifier": identifier, "uri": f"{BASE}/CFAssociations/{identifier}", "associationType": kind,
        "originNodeURI": node[origin], "destinationNodeURI": node[destination],
        "lastChangeDateTime": "2026-12-02T00:00:00Z"})
    assert problems(pkg) == [f"CFAssociation {identifier} ({kind}): {expected}"]


def test_an_association_must_point_into_the_file(english):
    pkg = package()
    child = association(pkg, "digital-literacy.2")
    child["destinationNodeURI"]["identifier"] = "00000000-0000-4000-8000-000000000000"
    assert (f"CFAssociation {child['identifier']} (isChildOf): destinationNodeURI points to "
            "00000000-0000-4000-8000-000000000000, which is not in the file.") in problems(pkg)


# --- Required levels -------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "expected"), [
    ("executive", "humanCodingScheme must name a target group and a phase, such as executive.early."),
    ("director.early", "director is not a target group."),
    ("executive.year-1", "year-1 is not a phase."),
    ("others.develop", "the required levels of others.develop are already given by CFItem"),
])
def test_required_levels_name_a_known_group_and_phase(english, code, expected):
    pkg = package()
    item(pkg, "executive.early")["humanCodingScheme"] = code
    assert any(expected in p for p in problems(pkg))


def test_a_skill_set_is_required_once_per_group_and_phase(english):
    pkg = package()
    again = copy.deepcopy(association(pkg, "executive.early", "isRelatedTo"))
    again["identifier"] = "2e4c6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e7a"
    again["destinationNodeURI"] = association(pkg, "digital-literacy.1")["originNodeURI"]
    pkg["CFAssociations"].append(again)
    assert any("(executive.early): skill set digital-literacy is required twice" in p for p in problems(pkg))


# --- In Thai ---------------------------------------------------------------------------------

def test_problems_read_in_thai_and_name_the_item(app):
    pkg = json.loads(SAMPLE.read_bytes())
    pkg["CFItems"][0]["listEnumeration"] = "ห้า"
    data = dump_case(pkg)
    with app.test_request_context(), force_locale("th"):
        found = problems(data)
    identifier = pkg["CFItems"][0]["identifier"]
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if identifier in text)
    assert found == [f"บรรทัดที่ {line}: CFItem {identifier} (DIGITAL-LITERACY-L1): listEnumeration ต้องเป็นจำนวนเต็ม"]


# --- Whatever the file holds, the answer is a framework or problems, never a crash ------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.text(max_size=8)
    | st.sampled_from(["", " ", "2026-12-02", "2026-12-02T00:00:00Z", "isChildOf", "isRelatedTo", "Skill Set",
                       "Proficiency Level", "Required Levels", "executive.early", "1", "dimension:2", "foundation"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_change_to_a_good_file_gives_a_framework_or_problems(english, data):
    pkg = package()
    objects = [pkg, pkg["CFDocument"], *pkg["CFItems"], *pkg["CFAssociations"],
               *(a[end] for a in pkg["CFAssociations"] for end in ("originNodeURI", "destinationNodeURI"))]
    for _ in range(data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from(objects))
        key = data.draw(st.sampled_from(sorted(target)) | st.text(max_size=5))
        if data.draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = data.draw(json_values)
    # Identifiers point at each other: also move one onto another object's.
    if data.draw(st.booleans()):
        source, target = data.draw(st.sampled_from(objects)), data.draw(st.sampled_from(objects))
        if isinstance(source.get("identifier"), str):
            target["identifier"] = source["identifier"]
    result = read(dump_case(pkg))
    assert (result.framework is None) == bool(result.errors)
    assert all(str(problem) for problem in result.errors) and len(result.errors) <= MAX_PROBLEMS + 1
    if result.framework is not None:
        assert read(framework_to_case(result.framework, base_uri=BASE)).framework == result.framework


def test_a_refused_skill_set_is_reported_once_not_again_by_its_levels(english):
    pkg = package()
    skill_set = item(pkg, "digital-literacy")
    del skill_set["fullStatement"]
    assert problems(pkg) == [f"CFItem {skill_set['identifier']} (digital-literacy): fullStatement is missing."]
    pkg = package()
    del item(pkg, "digital-literacy.1")["fullStatement"]
    assert len(problems(pkg)) == 1
