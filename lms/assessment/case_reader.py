"""Reading a CASE 1.0 CFPackage into a Framework: every check, every problem named.

Used through case_format.framework_from_case; the mapping is described there. Each problem
names the object (CFItem <identifier> (<humanCodingScheme or title>)), the field, and the
line where the object's identifier stands in the file when the file's text is known.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .case_fields import FieldReader
from .case_model import (
    DIMENSION_KEYWORD,
    FOUNDATION_KEYWORD,
    IS_CHILD_OF,
    IS_RELATED_TO,
    LEVEL,
    MAX_ASSOCIATIONS,
    MAX_DIMENSION,
    MAX_ITEMS,
    MAX_LEVEL,
    NAME_MAX_CHARS,
    REQUIRED,
    SKILL_SET,
    SLUG,
    SLUG_MAX_CHARS,
    TEXT_MAX_CHARS,
    VERSION_MAX_CHARS,
    Framework,
    LevelDef,
    Requirement,
    SkillSetDef,
)

_DIGITS = re.compile(r"[0-9]{1,3}")
_TYPE_NAMES = ", ".join((SKILL_SET, LEVEL, REQUIRED))


@dataclass
class _Item:
    identifier: str
    role: str
    code: str
    name: tuple[str, str]
    text: tuple[str, str]
    keywords: list
    enumeration: str | None
    index: int
    label: str
    parents: list[tuple[str, int | None, str]] = field(default_factory=list)  # (id, sequence, label)
    related: list[tuple[str, str]] = field(default_factory=list)  # (level id, association label)
    incomplete: bool = False  # a skill set with a refused level: its numbering is not judged
    number: int | None = None  # a level's, once read


class CaseReader(FieldReader):
    """One read of one package into a Framework (`read`), or the problems found."""

    def __init__(self, text: str | None, target_groups: Collection[str], phases: Collection[str],
                 item_types: Mapping[str, str]):
        super().__init__(text)
        self.target_groups, self.phases = set(target_groups), set(phases)
        self.item_types = {name.lower(): role for name, role in item_types.items()}

    # -- the package --

    def read(self, package) -> Framework | None:
        package = self.mapping(package, "CFPackage", "CFPackage")
        if package is None:
            return None
        document = package.get("CFDocument")
        if document is None:
            self.missing("CFPackage", "CFDocument")
            return None
        items = self.array(package, "CFItems", "CFPackage") or []
        associations = self.array(package, "CFAssociations", "CFPackage") or []
        if len(items) > MAX_ITEMS or len(associations) > MAX_ASSOCIATIONS:
            self.add(_l("The file has more than %(items)s items or %(associations)s associations; "
                        "split it into smaller files.", items=MAX_ITEMS, associations=MAX_ASSOCIATIONS))
            return None
        if package.get("CFRubrics"):
            self.add(_l("%(place)s: rubrics are not imported; give proficiency levels as CFItems of type "
                        "%(type)s.", place="CFPackage", type=LEVEL), "CFPackage", "CFRubrics")
        head = self.read_document(document) or {}
        seen: dict[str, str] = {}
        if head.get("identifier"):
            seen[head["identifier"]] = head["place"]
        parsed = [self.read_item(index, item, seen) for index, item in enumerate(items)]
        by_id = {item.identifier: item for item in parsed if item}
        for association in associations:
            self.read_association(association, seen, by_id, head.get("identifier"))
        skill_sets = self.skill_sets([i for i in parsed if i and i.role == SKILL_SET], by_id)
        requirements = self.requirements([i for i in parsed if i and i.role == REQUIRED], by_id)
        if not skill_sets and not self.problems:
            self.add(_l("The file has no CFItem of type %(type)s.", type=SKILL_SET))
        if self.problems:
            return None
        return Framework(
            identifier=head["identifier"], name_th=head["title"], name_en=head["description"] or "",
            version_label=head["version"], creator=head["creator"], changed_at=head["changed_at"],
            effective_on=head["effective_on"], skill_sets=tuple(skill_sets), requirements=tuple(requirements),
        )

    def read_document(self, document) -> dict | None:
        place = "CFDocument"
        document = self.mapping(document, "CFDocument", "CFPackage")
        if document is None:
            return None
        identifier = self.uuid(document, "identifier", place)
        if identifier:
            place = f"CFDocument {identifier}"
        found = {
            "identifier": identifier, "place": place,
            "uri": self.string(document, "uri", place, identifier, required=True),
            "creator": self.string(document, "creator", place, identifier, required=True, limit=NAME_MAX_CHARS),
            "title": self.string(document, "title", place, identifier, required=True, limit=NAME_MAX_CHARS),
            "changed_at": self.moment(document, "lastChangeDateTime", place, identifier),
            "version": self.string(document, "version", place, identifier, required=True,
                                   limit=VERSION_MAX_CHARS),
            "description": self.string(document, "description", place, identifier, limit=NAME_MAX_CHARS),
            "effective_on": self.day(document, "statusStartDate", place, identifier),
        }
        self.string(document, "language", place, identifier, limit=35)
        return found

    def read_item(self, index: int, item, seen: dict[str, str]) -> _Item | None:
        place = f"CFItem {index + 1}"
        item = self.mapping(item, "CFItems", place)
        if item is None:
            return None
        identifier = self.uuid(item, "identifier", place)
        code = item.get("humanCodingScheme") if isinstance(item.get("humanCodingScheme"), str) else None
        title = item.get("fullStatement") if isinstance(item.get("fullStatement"), str) else ""
        if identifier:
            place = f"CFItem {identifier} ({code or title[:40]})"
            if not self.unique(identifier, place, seen):
                return None
        full = self.string(item, "fullStatement", place, identifier, required=True)
        self.string(item, "uri", place, identifier, required=True)
        self.moment(item, "lastChangeDateTime", place, identifier)
        code = self.string(item, "humanCodingScheme", place, identifier, limit=NAME_MAX_CHARS)
        short = self.string(item, "abbreviatedStatement", place, identifier, limit=NAME_MAX_CHARS)
        name_en = self.string(item, "alternativeLabel", place, identifier, limit=NAME_MAX_CHARS)
        notes = self.string(item, "notes", place, identifier)
        enumeration = self.string(item, "listEnumeration", place, identifier, limit=20)
        self.string(item, "language", place, identifier, limit=35)
        keywords = self.array(item, "conceptKeywords", place, identifier) or []
        item_type = self.string(item, "CFItemType", place, identifier, required=True, limit=NAME_MAX_CHARS)
        role = self.item_types.get(item_type.lower()) if item_type else None
        if item_type and role is None:
            self.add(_l("%(place)s: CFItemType %(type)s is not one Thaksa imports (%(types)s).",
                        place=place, type=item_type, types=_TYPE_NAMES), place, "CFItemType", identifier)
        if not (identifier and full and role):
            return None
        if short and short.strip():
            name_th, text_th = short, full
        elif len(full) > NAME_MAX_CHARS:
            self.add(_l("%(place)s: %(field)s is longer than %(limit)s characters.", place=place,
                        field="fullStatement", limit=NAME_MAX_CHARS), place, "fullStatement", identifier)
            return None
        else:
            name_th, text_th = full, ""
        return _Item(identifier, role, code or "", (name_th, name_en or ""), (text_th, notes or ""),
                     keywords, enumeration, index, place)

    def unique(self, identifier: str, place: str, seen: dict[str, str]) -> bool:
        if identifier in seen:
            self.add(_l("%(place)s: identifier %(identifier)s is already used by %(other)s.",
                        place=place, identifier=identifier, other=seen[identifier]),
                     place, "identifier", identifier)
            return False
        seen[identifier] = place
        return True

    def read_association(self, association, seen: dict[str, str], items: dict[str, _Item],
                         document_id: str | None) -> None:
        association = self.mapping(association, "CFAssociations", "CFAssociation")
        if association is None:
            return
        identifier = self.uuid(association, "identifier", "CFAssociation")
        kind = association.get("associationType")
        place = f"CFAssociation {identifier} ({kind})" if identifier else "CFAssociation"
        if identifier and not self.unique(identifier, place, seen):
            return
        kind = self.string(association, "associationType", place, identifier, required=True, limit=40)
        self.string(association, "uri", place, identifier, required=True)
        self.moment(association, "lastChangeDateTime", place, identifier)
        sequence = association.get("sequenceNumber")
        if sequence is not None and (isinstance(sequence, bool) or not isinstance(sequence, int)):
            self.add(_l("%(place)s: %(field)s must be a whole number.", place=place, field="sequenceNumber"),
                     place, "sequenceNumber", identifier)
            sequence = None
        ends = []
        for name in ("originNodeURI", "destinationNodeURI"):
            node = association.get(name)
            if node is None:
                self.missing(place, name, identifier)
            elif self.mapping(node, name, place, identifier) is not None:
                self.string(node, "title", place, identifier, limit=TEXT_MAX_CHARS)
                self.string(node, "uri", place, identifier, required=True)
                ends.append(self.uuid(node, "identifier", f"{place} {name}", identifier))
        if kind and kind not in (IS_CHILD_OF, IS_RELATED_TO):
            self.add(_l("%(place)s: associationType %(type)s is not one Thaksa imports (isChildOf, "
                        "isRelatedTo).", place=place, type=kind), place, "associationType", identifier)
            return
        if len(ends) != 2 or None in ends or not kind:
            return
        origin, destination = ends
        for name, end in (("originNodeURI", origin), ("destinationNodeURI", destination)):
            if end not in seen:
                self.add(_l("%(place)s: %(field)s points to %(identifier)s, which is not in the file.",
                            place=place, field=name, identifier=end), place, name, identifier)
                return
        if origin == document_id:
            self.add(_l("%(place)s: the CFDocument cannot be the origin of an association.", place=place),
                     place, "originNodeURI", identifier)
            return
        child, parent = items.get(origin), items.get(destination)
        # An end that was refused has its problem reported; nothing more is said about it.
        if child is None:
            if kind == IS_CHILD_OF and parent is not None:
                parent.incomplete = True  # the siblings' numbering is not judged without it
            return
        if destination != document_id and parent is None:
            if kind == IS_CHILD_OF:
                child.parents.append((destination, sequence, place))  # so it is not called an orphan
            return
        if kind == IS_CHILD_OF:
            wanted = {SKILL_SET: None, REQUIRED: None, LEVEL: SKILL_SET}[child.role]
            if (parent.role if parent else None) != wanted:
                self.add(_l("%(place)s: a %(child)s must be a child of %(parent)s.", place=place,
                            child=child.role, parent=wanted or "CFDocument"), place, "destinationNodeURI",
                         identifier)
                return
            child.parents.append((destination, sequence, place))
        elif child.role == REQUIRED and parent is not None and parent.role == LEVEL:
            child.related.append((destination, place))
        else:
            self.add(_l("%(place)s: isRelatedTo must lead from a %(origin)s item to a %(destination)s.",
                        place=place, origin=REQUIRED, destination=LEVEL), place, "associationType", identifier)

    # -- the framework's shape --

    def only_parent(self, item: _Item) -> tuple[str, int | None] | None:
        if len(item.parents) > 1:
            self.add(_l("%(place)s: has more than one parent (isChildOf).", place=item.label),
                     item.label, "isChildOf", item.identifier)
        return item.parents[0][:2] if item.parents else None

    def skill_sets(self, found: list[_Item], items: dict[str, _Item]) -> list[SkillSetDef]:
        slugs: dict[str, str] = {}
        levels: dict[str, list[_Item]] = defaultdict(list)
        for item in items.values():
            if item.role != LEVEL:
                continue
            parent = self.only_parent(item)
            if parent is None:
                self.add(_l("%(place)s: belongs to no skill set (isChildOf is missing).", place=item.label),
                         item.label, "isChildOf", item.identifier)
            elif parent[0] not in items:
                continue  # its skill set was refused
            elif self.level_number(item, parent[1]):
                levels[parent[0]].append(item)
            else:
                items[parent[0]].incomplete = True  # its numbering is not judged without this level
        result = []
        for item in found:
            slug = item.code
            if not (SLUG.fullmatch(slug) and len(slug) <= SLUG_MAX_CHARS):
                self.add(_l("%(place)s: humanCodingScheme %(code)s must be a slug of lowercase letters, digits "
                            "and hyphens (at most %(limit)s).", place=item.label, code=slug or '""',
                            limit=SLUG_MAX_CHARS), item.label, "humanCodingScheme", item.identifier)
                continue
            if slug in slugs:
                self.add(_l("%(place)s: skill set %(slug)s is already given by %(other)s.", place=item.label,
                            slug=slug, other=slugs[slug]), item.label, "humanCodingScheme", item.identifier)
                continue
            slugs[slug] = item.label
            parent = self.only_parent(item)
            dimension, foundation = self.keywords(item)
            defs = self.numbered(item, levels[item.identifier])
            if defs is None:
                continue
            position = parent[1] if parent and parent[1] is not None else item.index + 1
            result.append(SkillSetDef(
                slug=slug, name_th=item.name[0], name_en=item.name[1], dimension=dimension,
                is_foundation=foundation, description_th=item.text[0], description_en=item.text[1],
                position=position, levels=defs))
        return result

    def level_number(self, item: _Item, sequence: int | None) -> bool:
        """Set the level's number from listEnumeration, else its isChildOf's sequenceNumber;
        False when listEnumeration is not a number."""
        if item.enumeration is None:
            item.number = sequence
        elif _DIGITS.fullmatch(item.enumeration.strip()):
            item.number = int(item.enumeration)
        else:
            self.add(_l("%(place)s: %(field)s must be a whole number.", place=item.label,
                        field="listEnumeration"), item.label, "listEnumeration", item.identifier)
            return False
        return True

    def numbered(self, skill_set: _Item, levels: list[_Item]) -> tuple[LevelDef, ...] | None:
        by_number: dict[int, _Item] = {}
        fine = True
        for level in levels:
            number = level.number
            if number is None or not 1 <= number <= MAX_LEVEL:
                self.add(_l("%(place)s: the level number must be from 1 to %(limit)s (listEnumeration).",
                            place=level.label, limit=MAX_LEVEL), level.label, "listEnumeration", level.identifier)
                fine = False
            elif number in by_number:
                self.add(_l("%(place)s: level %(number)s is given twice, by %(one)s and %(other)s.",
                            place=skill_set.label, number=number, one=by_number[number].label,
                            other=level.label), level.label, "listEnumeration", level.identifier)
                fine = False
            else:
                by_number[number] = level
        if fine and not skill_set.incomplete and by_number and sorted(by_number) != list(range(1, len(by_number) + 1)):
            missing = sorted(set(range(1, max(by_number) + 1)) - set(by_number))
            self.add(_l("%(place)s: levels must be numbered from 1 without gaps; %(missing)s is missing.",
                        place=skill_set.label, missing=", ".join(map(str, missing))),
                     skill_set.label, "listEnumeration", skill_set.identifier)
            fine = False
        if not fine or skill_set.incomplete:
            return None
        return tuple(LevelDef(number=n, name_th=lv.name[0], name_en=lv.name[1],
                              descriptor_th=lv.text[0], descriptor_en=lv.text[1])
                     for n, lv in sorted(by_number.items()))

    def keywords(self, item: _Item) -> tuple[int | None, bool]:
        dimensions = [k for k in item.keywords if isinstance(k, str) and k.startswith(DIMENSION_KEYWORD)]
        if any(not isinstance(k, str) for k in item.keywords):
            self.add(_l("%(place)s: %(field)s must be a list of texts.", place=item.label, field="conceptKeywords"),
                     item.label, "conceptKeywords", item.identifier)
        dimension = None
        if len(dimensions) > 1:
            self.add(_l("%(place)s: conceptKeywords gives more than one dimension.", place=item.label),
                     item.label, "conceptKeywords", item.identifier)
        elif dimensions:
            digits = dimensions[0][len(DIMENSION_KEYWORD):]
            if _DIGITS.fullmatch(digits) and 1 <= int(digits) <= MAX_DIMENSION:
                dimension = int(digits)
            else:
                self.add(_l("%(place)s: %(keyword)s must give a dimension from 1 to %(limit)s.",
                            place=item.label, keyword=dimensions[0], limit=MAX_DIMENSION),
                         item.label, "conceptKeywords", item.identifier)
        return dimension, FOUNDATION_KEYWORD in item.keywords

    def requirements(self, found: list[_Item], items: dict[str, _Item]) -> list[Requirement]:
        result: list[Requirement] = []
        roles: dict[tuple[str, str], str] = {}
        for item in found:
            self.only_parent(item)
            group, _, phase = item.code.partition(".")
            if not (group and phase):
                self.add(_l("%(place)s: humanCodingScheme must name a target group and a phase, such as "
                            "executive.early.", place=item.label), item.label, "humanCodingScheme", item.identifier)
                continue
            fine = True
            if group not in self.target_groups:
                self.add(_l("%(place)s: %(slug)s is not a target group.", place=item.label, slug=group),
                         item.label, "humanCodingScheme", item.identifier)
                fine = False
            if phase not in self.phases:
                self.add(_l("%(place)s: %(slug)s is not a phase.", place=item.label, slug=phase),
                         item.label, "humanCodingScheme", item.identifier)
                fine = False
            if (group, phase) in roles:
                self.add(_l("%(place)s: the required levels of %(code)s are already given by %(other)s.",
                            place=item.label, code=item.code, other=roles[group, phase]),
                         item.label, "humanCodingScheme", item.identifier)
                fine = False
            roles.setdefault((group, phase), item.label)
            required: dict[str, str] = {}
            for level_id, association in item.related:
                level = items[level_id]
                skill_set = items.get(level.parents[0][0]) if len(level.parents) == 1 else None
                number = level.number
                if skill_set is None or number is None:
                    fine = False  # the level's own problem is reported
                    continue
                if skill_set.code in required:
                    self.add(_l("%(place)s: skill set %(slug)s is required twice (%(one)s, %(other)s).",
                                place=item.label, slug=skill_set.code, one=required[skill_set.code],
                                other=association), item.label, "isRelatedTo", item.identifier)
                    fine = False
                    continue
                required[skill_set.code] = association
                if fine:
                    result.append(Requirement(group, phase, skill_set.code, number))
        return result
