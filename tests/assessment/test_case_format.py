"""A skills framework as CASE 1.0 JSON: what a CASE consumer receives, round trips that lose
nothing (generated frameworks with Thai text), and a Commission-style file written by hand."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.assessment.case_format import dump_case, framework_from_case, framework_to_case
from lms.assessment.case_model import Framework, LevelDef, Requirement, SkillSetDef

BASE = "https://lms.example.go.th/ims/case/v1p0"
GROUPS = {"executive", "management", "academic", "service", "technology", "others"}
PHASES = {"early", "develop", "maturity"}
SAMPLE = Path(__file__).parent / "case_samples" / "commission-2566-2570.json"


def read(data, **options):
    return framework_from_case(data, target_groups=GROUPS, phases=PHASES, **options)


def small_framework(**changes) -> Framework:
    fields = dict(
        identifier="3f8e2d4c-1b2a-4c3d-8e9f-0a1b2c3d4e5f", name_th="กรอบทักษะดิจิทัล ๒๕๖๙", name_en="Digital skills 2026",
        version_label="2569", changed_at=datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=7))),
        effective_on=date(2026, 10, 1),
        skill_sets=(
            SkillSetDef("digital-literacy", "ทักษะการรู้ดิจิทัล", "Digital Literacy", 1, True,
                        "รู้เท่าทันและใช้เทคโนโลยีเป็น", "Aware of and able to use technology", 1,
                        (LevelDef(1, "เริ่มต้น", "Beginner", "ใช้โปรแกรมพื้นฐานได้", "Uses basic software"),
                         LevelDef(2, "ปฏิบัติได้", "Practitioner", "ใช้เครื่องมือได้เอง", ""))),
            SkillSetDef("cyber-security", "ความมั่นคงปลอดภัยไซเบอร์", "", None, False, "", "", 2,
                        (LevelDef(1, "ระวังภัย"),)),
        ),
        requirements=(Requirement("executive", "early", "digital-literacy", 2),
                      Requirement("executive", "early", "cyber-security", 1),
                      Requirement("others", "develop", "digital-literacy", 1)),
    )
    return Framework(**(fields | changes))


# --- A schema of CASE 1.0's CFPackage (the fields the 1EdTech information model requires) ---

_LINK = {"type": "object", "required": ["title", "identifier", "uri"],
         "properties": {"title": {"type": "string"}, "identifier": {"$ref": "#/$defs/uuid"},
                        "uri": {"type": "string", "format": "uri"}}}
_STAMP = {"type": "string", "format": "date-time"}
CASE_PACKAGE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"uuid": {"type": "string",
                       "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"}},
    "type": "object", "required": ["CFDocument"], "additionalProperties": False,
    "properties": {
        "CFDocument": {
            "type": "object", "required": ["identifier", "uri", "creator", "title", "lastChangeDateTime"],
            "properties": {"identifier": {"$ref": "#/$defs/uuid"}, "uri": {"type": "string", "format": "uri"},
                           "creator": {"type": "string"}, "title": {"type": "string"}, "lastChangeDateTime": _STAMP,
                           "description": {"type": "string"}, "version": {"type": "string"},
                           "language": {"type": "string"}, "statusStartDate": {"type": "string", "format": "date"}},
        },
        "CFItems": {"type": "array", "items": {
            "type": "object", "required": ["identifier", "fullStatement", "uri", "lastChangeDateTime"],
            "properties": {"identifier": {"$ref": "#/$defs/uuid"}, "fullStatement": {"type": "string", "minLength": 1},
                           "uri": {"type": "string", "format": "uri"}, "lastChangeDateTime": _STAMP,
                           "CFItemType": {"type": "string"}, "humanCodingScheme": {"type": "string"},
                           "listEnumeration": {"type": "string"}, "abbreviatedStatement": {"type": "string"},
                           "alternativeLabel": {"type": "string"}, "notes": {"type": "string"},
                           "language": {"type": "string"},
                           "conceptKeywords": {"type": "array", "items": {"type": "string"}}}}},
        "CFAssociations": {"type": "array", "items": {
            "type": "object",
            "required": ["identifier", "associationType", "uri", "originNodeURI", "destinationNodeURI",
                         "lastChangeDateTime"],
            "properties": {"identifier": {"$ref": "#/$defs/uuid"}, "uri": {"type": "string", "format": "uri"},
                           "associationType": {"enum": ["isChildOf", "isPeerOf", "isPartOf", "exactMatchOf",
                                                        "precedes", "isRelatedTo", "replacedBy", "exemplar",
                                                        "hasSkillLevel"]},
                           "sequenceNumber": {"type": "integer"}, "originNodeURI": _LINK,
                           "destinationNodeURI": _LINK, "lastChangeDateTime": _STAMP}}},
        "CFDefinitions": {"type": "object"}, "CFRubrics": {"type": "array"},
    },
}


def assert_valid_case(package: dict) -> None:
    jsonschema.Draft202012Validator(
        CASE_PACKAGE_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(package)


# --- What a CASE consumer receives ----------------------------------------------------------

def test_export_is_a_case_package_whose_tree_holds_levels_under_skill_sets():
    package = framework_to_case(small_framework(), base_uri=BASE + "/")
    assert_valid_case(package)
    document = package["CFDocument"]
    assert document["title"] == "กรอบทักษะดิจิทัล ๒๕๖๙" and document["description"] == "Digital skills 2026"
    assert document["version"] == "2569" and document["statusStartDate"] == "2026-10-01"
    assert document["lastChangeDateTime"] == "2026-12-02T02:30:00Z"
    assert document["uri"] == f"{BASE}/CFDocuments/{document['identifier']}"
    by_id = {item["identifier"]: item for item in package["CFItems"]}
    by_id[document["identifier"]] = {"humanCodingScheme": "document"}
    edges = {(by_id[a["originNodeURI"]["identifier"]]["humanCodingScheme"], a["associationType"],
              by_id[a["destinationNodeURI"]["identifier"]]["humanCodingScheme"]) for a in package["CFAssociations"]}
    assert edges == {
        ("digital-literacy", "isChildOf", "document"), ("cyber-security", "isChildOf", "document"),
        ("digital-literacy.1", "isChildOf", "digital-literacy"),
        ("digital-literacy.2", "isChildOf", "digital-literacy"),
        ("cyber-security.1", "isChildOf", "cyber-security"),
        ("executive.early", "isChildOf", "document"), ("others.develop", "isChildOf", "document"),
        ("executive.early", "isRelatedTo", "digital-literacy.2"),
        ("executive.early", "isRelatedTo", "cyber-security.1"),
        ("others.develop", "isRelatedTo", "digital-literacy.1"),
    }
    literacy, beginner = package["CFItems"][0], package["CFItems"][1]
    assert literacy | {"identifier": None, "uri": None} == {
        "identifier": None, "uri": None, "CFItemType": "Skill Set", "humanCodingScheme": "digital-literacy",
        "conceptKeywords": ["dimension:1", "foundation"], "fullStatement": "รู้เท่าทันและใช้เทคโนโลยีเป็น",
        "abbreviatedStatement": "ทักษะการรู้ดิจิทัล", "alternativeLabel": "Digital Literacy",
        "notes": "Aware of and able to use technology", "language": "th", "lastChangeDateTime": "2026-12-02T02:30:00Z",
    }
    assert (beginner["CFItemType"], beginner["listEnumeration"], beginner["fullStatement"],
            beginner["abbreviatedStatement"], beginner["alternativeLabel"], beginner["notes"]) == (
        "Proficiency Level", "1", "ใช้โปรแกรมพื้นฐานได้", "เริ่มต้น", "Beginner", "Uses basic software")
    # A skill set with no description and no English is its Thai name alone.
    cyber = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "cyber-security")
    assert cyber["fullStatement"] == "ความมั่นคงปลอดภัยไซเบอร์"
    assert not {"abbreviatedStatement", "alternativeLabel", "notes", "conceptKeywords"} & cyber.keys()


def test_identifiers_are_stable_and_belong_to_the_framework_version():
    first = dump_case(framework_to_case(small_framework(), base_uri=BASE))
    assert dump_case(framework_to_case(small_framework(), base_uri=BASE)) == first
    package = json.loads(first)
    identifiers = [o["identifier"] for o in [package["CFDocument"], *package["CFItems"], *package["CFAssociations"]]]
    assert len(set(identifiers)) == len(identifiers)
    assert all(uuid.UUID(i).version == 5 for i in identifiers[1:])
    other = framework_to_case(small_framework(identifier=str(uuid.uuid4())), base_uri=BASE)
    assert not set(identifiers[1:]) & {o["identifier"] for o in other["CFItems"] + other["CFAssociations"]}


# --- Round trips -----------------------------------------------------------------------------

THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable())
text = st.text(st.one_of(st.sampled_from(THAI + " ,.()-\n"), st.characters(exclude_categories=("Cs",))),
               max_size=30)
name = text.filter(lambda s: s.strip())
slug = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@st.composite
def frameworks(draw) -> Framework:
    slugs = draw(st.lists(slug, min_size=1, max_size=4, unique=True))
    skill_sets = []
    for position, skill_slug in enumerate(slugs):
        count = draw(st.integers(0, 4))
        levels = tuple(LevelDef(n, draw(name), draw(text), draw(text), draw(text)) for n in range(1, count + 1))
        skill_sets.append(SkillSetDef(
            skill_slug, draw(name), draw(text), draw(st.none() | st.integers(1, 5)), draw(st.booleans()),
            draw(text), draw(text), draw(st.integers(0, 3)) if position % 2 else position, levels))
    requirements = []
    for group in draw(st.lists(st.sampled_from(sorted(GROUPS)), max_size=3, unique=True)):
        for phase in draw(st.lists(st.sampled_from(sorted(PHASES)), max_size=3, unique=True)):
            for skill_set in skill_sets:
                if skill_set.levels and draw(st.booleans()):
                    requirements.append(Requirement(group, phase, skill_set.slug,
                                                    draw(st.integers(1, len(skill_set.levels)))))
    offset = draw(st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-3, minutes=-30))]))
    return Framework(
        identifier=str(draw(st.uuids(version=4))), name_th=draw(name), name_en=draw(text),
        version_label=draw(name), creator=draw(name),
        changed_at=draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))).replace(
            tzinfo=offset),
        effective_on=draw(st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))),
        skill_sets=tuple(skill_sets), requirements=tuple(requirements),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_framework_to_case_and_back_is_the_same_framework(framework):
    exported = dump_case(framework_to_case(framework, base_uri=BASE))
    result = read(exported)
    assert result.errors == () and result.framework == framework
    # and the Thaksa file read back exports to the same bytes: CASE → framework → CASE
    assert dump_case(framework_to_case(result.framework, base_uri=BASE)) == exported


@settings(max_examples=30, deadline=None)
@given(frameworks())
def test_every_export_is_valid_case(framework):
    assert_valid_case(framework_to_case(framework, base_uri=BASE))


def test_the_parsed_json_reads_as_the_bytes_do():
    package = framework_to_case(small_framework(), base_uri=BASE)
    assert read(package).framework == read(dump_case(package)).framework == small_framework()
    assert read(dump_case(package).decode()).framework == small_framework()


def test_a_framework_keeps_one_order_however_it_is_built():
    framework = small_framework()
    reordered = small_framework(skill_sets=framework.skill_sets[::-1], requirements=framework.requirements[::-1])
    assert reordered == framework and [s.slug for s in reordered.skill_sets] == ["digital-literacy", "cyber-security"]


# --- A Commission-style file written by hand --------------------------------------------------

def test_a_commission_framework_written_by_hand_imports():
    result = read(SAMPLE.read_bytes())
    assert result.errors == ()
    framework = result.framework
    assert (framework.identifier, framework.name_th, framework.version_label, framework.creator) == (
        "5e0c7a1e-3b1d-4c7a-9f2e-2566a0c0ffee", "กรอบทักษะดิจิทัล พ.ศ. 2566–2570", "2566–2570", "สำนักงาน ก.พ.")
    assert framework.name_en == "Digital skills framework for civil servants, 2023–2027"
    assert framework.effective_on == date(2023, 10, 1)
    assert framework.changed_at == datetime(2023, 9, 15, 3, 30, tzinfo=UTC)
    assert [(s.slug, s.dimension, s.is_foundation, s.position, len(s.levels)) for s in framework.skill_sets] == [
        ("digital-literacy", 1, True, 10, 4), ("digital-governance", 2, True, 20, 3),
        ("data-utilisation", 3, False, 30, 3), ("cyber-security", 3, False, 40, 3),
    ]
    data = framework.skill_set("data-utilisation")
    assert (data.name_th, data.name_en, data.description_th) == ("ทักษะการใช้ประโยชน์จากข้อมูล", "Data Utilisation", "")
    assert data.levels[1] == LevelDef(2, "วิเคราะห์", "Analyst", "วิเคราะห์ข้อมูลเพื่อตอบคำถามของงานได้",
                                      "Analyses data to answer work questions.")
    cyber = framework.skill_set("cyber-security")  # its levels are numbered by sequenceNumber alone
    assert [level.name_th for level in cyber.levels] == ["ระวังภัย", "ป้องกัน", "รับมือ"]
    assert cyber.description_en == "Protects against and responds to cyber threats."
    assert {(r.target_group, r.phase, r.skill_set, r.level) for r in framework.requirements} == {
        ("executive", "develop", "digital-literacy", 3), ("executive", "develop", "digital-governance", 3),
        ("executive", "develop", "data-utilisation", 2), ("technology", "develop", "cyber-security", 3),
        ("technology", "develop", "data-utilisation", 3), ("technology", "develop", "digital-literacy", 4),
        ("others", "early", "digital-literacy", 2), ("others", "early", "cyber-security", 1),
    }
    # Exported again, it keeps the Commission's document identifier and everything Thaksa holds.
    again = framework_to_case(framework, base_uri=BASE)
    assert_valid_case(again)
    assert again["CFDocument"]["identifier"] == "5e0c7a1e-3b1d-4c7a-9f2e-2566a0c0ffee"
    assert read(again).framework == framework


def test_a_caller_may_map_other_item_type_names():
    package = json.loads(SAMPLE.read_bytes())
    for item in package["CFItems"]:
        item["CFItemType"] = {"Skill Set": "Unit of Competence", "Proficiency Level": "Level",
                              "Required Levels": "Required Levels"}[item["CFItemType"]]
    mapping = {"unit of competence": "Skill Set", "Level": "Proficiency Level"}  # beside Thaksa's own
    assert read(package, item_types=mapping).framework == read(SAMPLE.read_bytes()).framework


@pytest.mark.parametrize("changes", [
    {"changed_at": datetime(2026, 12, 2)},  # no time zone
    {"identifier": "framework-2569"},
    {"name_th": " "},
    {"requirements": (Requirement("executive", "early", "digital-literacy", 3),)},  # no level 3
    {"requirements": (Requirement("executive", "early", "data-utilisation", 1),)},  # no such set
    {"skill_sets": (SkillSetDef("a", "ก"), SkillSetDef("a", "ข"))},
])
def test_a_framework_refuses_to_be_built_inconsistent(changes):
    with pytest.raises(ValueError):
        small_framework(**changes)


@pytest.mark.parametrize("build", [
    lambda: SkillSetDef("Digital Literacy", "ก"),
    lambda: SkillSetDef("a", "ก", levels=(LevelDef(1, "x"), LevelDef(3, "y"))),
    lambda: LevelDef(1, "  "),
])
def test_skill_sets_and_levels_refuse_what_no_file_could_carry(build):
    with pytest.raises(ValueError):
        build()


@pytest.mark.parametrize("build", [
    lambda: SkillSetDef("a" * 61, "ก"),
    lambda: SkillSetDef("a", "ก" * 301),
    lambda: SkillSetDef("a", "ก", dimension=0),
    lambda: LevelDef(11, "ก"),
    lambda: LevelDef(1, "ก", descriptor_en="x" * 10_001),
    lambda: small_framework(version_label="v" * 61),
])
def test_what_a_file_could_not_carry_back_is_refused_on_the_way_out(build):
    with pytest.raises(ValueError):
        build()
