"""A skills framework as 1EdTech CASE 1.0 JSON (a CFPackage), out and back in, losing nothing.

Pure: plain data in and out (lms/assessment/case_model.py); the caller stores, serves or
commits. How Thaksa's framework sits in CASE (docs/decisions.md, "Skills framework as CASE"):

- CFDocument: `title` the Thai name, `description` the English one, `version` the version
  label, `statusStartDate` the effective date, `language` "th". Its UUID is the framework's
  `identifier`; every other identifier is uuid5(that UUID, a slug path), so exporting the
  same framework twice gives the same bytes.
- CFItems, `language` "th", of three CFItemTypes: "Skill Set" (humanCodingScheme = slug,
  conceptKeywords "dimension:N" and "foundation"), "Proficiency Level" (listEnumeration =
  the level number), "Required Levels" (one per target group and phase, humanCodingScheme
  "group.phase"). Texts: a name and a longer text (description or behavioural descriptor)
  in two languages. The Thai long text is `fullStatement` and the Thai name
  `abbreviatedStatement`; with no long text the name is the `fullStatement` alone. The
  English name is `alternativeLabel`, the English long text `notes`.
- CFAssociations: `isChildOf` from a level to its skill set and from skill sets and
  Required Levels items to the document (`sequenceNumber` = the skill set's position);
  `isRelatedTo` from a Required Levels item to each level it requires.

Reading checks the whole file and returns every problem found (up to MAX_PROBLEMS) and no
framework, or a framework and no problem. Items of other CFItemTypes, associations of other
types and rubrics are refused one by one (a caller may map more CFItemType names with
`item_types`). Files from elsewhere are read a little more freely than Thaksa writes them: a
level without listEnumeration takes its isChildOf's sequenceNumber, a skill set without one
its place in the file; `version` is required but `statusStartDate` is not (the framework's
`effective_on` is then None). Fields Thaksa does not keep (subjects, licences, keywords other
than its own, the items' own identifiers and lastChangeDateTime, a level's humanCodingScheme,
a Required Levels item's statements, CFDefinitions) are read past: the document keeps its
identifier, its items get Thaksa's derived ones on the next export.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from .case_fields import TooManyProblems, load_json
from .case_model import (
    DIMENSION_KEYWORD,
    FOUNDATION_KEYWORD,
    IS_CHILD_OF,
    IS_RELATED_TO,
    ITEM_TYPES,
    LEVEL,
    REQUIRED,
    SKILL_SET,
    CaseProblem,
    Framework,
    ParseResult,
    Requirement,
)
from .case_reader import CaseReader

# --- Out -------------------------------------------------------------------------------------

def framework_to_case(framework: Framework, *, base_uri: str) -> dict:
    """The framework as a CASE 1.0 CFPackage (a dict ready for json). `base_uri` is where the
    site's CASE objects live (e.g. "https://lms.example.go.th/ims/case/v1p0"): each object's
    `uri` is base_uri/CFDocuments|CFItems|CFAssociations/<identifier>."""
    base = base_uri.rstrip("/")
    namespace = uuid.UUID(framework.identifier)
    stamp = _datetime_text(framework.changed_at)
    document = {
        "identifier": framework.identifier,
        "uri": f"{base}/CFDocuments/{framework.identifier}",
        "creator": framework.creator,
        "title": framework.name_th,
        "lastChangeDateTime": stamp,
        "version": framework.version_label,
        "language": "th",
    }
    if framework.name_en:
        document["description"] = framework.name_en
    if framework.effective_on:
        document["statusStartDate"] = framework.effective_on.isoformat()
    links = {"document": _link(framework.name_th, framework.identifier, document["uri"])}
    items: list[dict] = []
    associations: list[dict] = []

    def add_item(path: str, item_type: str, code: str, name: tuple[str, str], text: tuple[str, str],
                 **extra) -> None:
        identifier = str(uuid.uuid5(namespace, path))
        item = {"identifier": identifier, "uri": f"{base}/CFItems/{identifier}", "CFItemType": item_type,
                "humanCodingScheme": code, **extra}
        item["fullStatement"] = text[0] or name[0]
        if text[0]:
            item["abbreviatedStatement"] = name[0]
        if name[1]:
            item["alternativeLabel"] = name[1]
        if text[1]:
            item["notes"] = text[1]
        item.update(language="th", lastChangeDateTime=stamp)
        items.append(item)
        links[path] = _link(name[0], identifier, item["uri"])

    def associate(origin: str, kind: str, destination: str, sequence: int | None = None) -> None:
        identifier = str(uuid.uuid5(namespace, f"{origin} {kind} {destination}"))
        association = {"identifier": identifier, "uri": f"{base}/CFAssociations/{identifier}",
                       "associationType": kind}
        if sequence is not None:
            association["sequenceNumber"] = sequence
        association.update(originNodeURI=links[origin], destinationNodeURI=links[destination],
                           lastChangeDateTime=stamp)
        associations.append(association)

    for skill_set in framework.skill_sets:
        path = f"skill-set/{skill_set.slug}"
        keywords = [f"{DIMENSION_KEYWORD}{skill_set.dimension}"] if skill_set.dimension is not None else []
        keywords += [FOUNDATION_KEYWORD] if skill_set.is_foundation else []
        add_item(path, SKILL_SET, skill_set.slug, (skill_set.name_th, skill_set.name_en),
                 (skill_set.description_th, skill_set.description_en),
                 **({"conceptKeywords": keywords} if keywords else {}))
        associate(path, IS_CHILD_OF, "document", skill_set.position)
        for level in skill_set.levels:
            level_path = f"{path}/level/{level.number}"
            add_item(level_path, LEVEL, f"{skill_set.slug}.{level.number}", (level.name_th, level.name_en),
                     (level.descriptor_th, level.descriptor_en), listEnumeration=str(level.number))
            associate(level_path, IS_CHILD_OF, path, level.number)
    roles: dict[tuple[str, str], list[Requirement]] = defaultdict(list)
    for requirement in framework.requirements:
        roles[requirement.target_group, requirement.phase].append(requirement)
    for (group, phase), required in roles.items():
        path = f"required-levels/{group}/{phase}"
        add_item(path, REQUIRED, f"{group}.{phase}", (f"{group} / {phase}", ""), ("", ""))
        associate(path, IS_CHILD_OF, "document")
        for requirement in required:
            associate(path, IS_RELATED_TO, f"skill-set/{requirement.skill_set}/level/{requirement.level}")
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def dump_case(package: Mapping) -> bytes:
    """The package as the bytes of a .json file: UTF-8, Thai as itself, indented, stable."""
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _link(title: str, identifier: str, uri: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": uri}


def _datetime_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# --- In --------------------------------------------------------------------------------------

def framework_from_case(
    data: bytes | str | Mapping, *, target_groups: Collection[str], phases: Collection[str],
    item_types: Mapping[str, str] | None = None,
) -> ParseResult:
    """Read a CASE 1.0 CFPackage (the file's bytes, its text, or parsed JSON) into a
    Framework, or say everything wrong with it. `target_groups` and `phases` are the slugs a
    requirement may name; `item_types` maps more CFItemType names (compared without case)
    to SKILL_SET, LEVEL or REQUIRED, beside ITEM_TYPES."""
    text = None
    if not isinstance(data, Mapping):
        loaded = load_json(data)
        if isinstance(loaded, CaseProblem):
            return ParseResult(None, (loaded,))
        data, text = loaded
    reader = CaseReader(text, target_groups, phases, {**ITEM_TYPES, **(item_types or {})})
    finished = True
    try:
        framework = reader.read(data)
    except TooManyProblems:
        framework, finished = None, False
    if reader.problems:
        return ParseResult(None, _in_file_order(reader.problems, capped=not finished))
    return ParseResult(framework, ())


def _in_file_order(problems: list[CaseProblem], *, capped: bool) -> tuple[CaseProblem, ...]:
    # Problems about the whole file first, then by line; the note past the cap stays last.
    note = [problems.pop()] if capped else []
    return tuple(sorted(problems, key=lambda problem: problem.line or 0)) + tuple(note)
