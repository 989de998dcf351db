"""The API's scopes: what a credential may be used for, over and above what its person may do.

A read scope lets a credential read; a write scope lets it change too (and read what it
changes). Names follow OAuth's "resource:action" custom.
"""

from flask_babel import lazy_gettext as _l

SCOPES: dict[str, object] = {
    "people:read": _l("Read people and organisations you may see"),
    "people:write": _l("Create and update people and organisations you administer"),
    "courses:read": _l("Read courses, their session plans and 60/40 verdicts"),
    "classes:read": _l("Read classes and enrolments"),
    "classes:write": _l("Enrol people in classes and record completions"),
    "records:read": _l("Read learning records and 70:20:10 verdicts"),
    "records:write": _l("Post learning records for supervisors to verify"),
    "plans:read": _l("Read development plans and their verdicts"),
    "reports:read": _l("Read agency report figures"),
}
