"""Signing in with an LDAP directory or Active Directory (docs/sso.md).

When LDAP_URL is set, the login form's password is checked by the directory: the person is
looked up (with the service account LDAP_BIND_DN, or as themselves through
LDAP_USER_DN_TEMPLATE) and the directory is asked to let them BIND with the password typed.
Thaksa then finds them by the directory's mail attribute. People the directory does not know
(the site administrator, say) and everyone while the directory cannot be reached may still
use a Thaksa password; someone the directory knows must use the directory's password.

Groups map to roles (LDAP_GROUP_ROLES), nested groups included, at every directory login. A
role the directory granted is taken back when the person leaves the group; a role an
administrator granted by hand is left alone. Which is which, the audit trail tells: the
directory's changes carry the actor label "ldap". Nothing here runs at create_app: a
connection is opened per login.
"""

import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from ldap3 import BASE, NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn, parse_dn, to_dn
from sqlalchemy import select

from ..accounts import services
from ..accounts.models import Organisation, Person
from ..core.audit import record_event
from ..core.models import AuditEvent
from ..extensions import db

log = logging.getLogger(__name__)

DIRECTORY_ACTOR = "ldap"  # the audit trail's actor label for what the directory changed
SITE_ADMIN = "site_admin"
AGENCY_ADMIN = "agency_admin:"

# What the directory answered about a login and its password.
SIGNED_IN, WRONG_PASSWORD, UNKNOWN, AMBIGUOUS, UNREACHABLE = (
    "signed_in", "wrong_password", "unknown", "ambiguous", "unreachable")

# Why a login was refused (LoginResult.refusal).
CREDENTIALS, NO_ACCOUNT, INACTIVE, DIRECTORY_DOWN = "credentials", "no_account", "inactive", "unreachable"


@dataclass(frozen=True)
class DirectoryAnswer:
    outcome: str
    mail: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)  # normalised DNs (dn_key) of the mapped groups


@dataclass(frozen=True)
class LoginResult:
    """Who signs in (None when refused), by which method ("password" or "ldap"), and why not."""

    person: Person | None
    method: str
    refusal: str | None = None


def directory_enabled(config: Mapping) -> bool:
    return bool(config.get("LDAP_URL"))


def sign_in(login: str, password: str, config: Mapping) -> LoginResult:
    """Check a login form's email and password: with the directory when one is configured,
    else (or as the fallback the module docstring describes) with the Thaksa password.

    A directory login also applies the group roles (flushes).
    """
    if not directory_enabled(config):
        return _local(login, password, None)
    answer = check_password(login, password, config)
    if answer.outcome == SIGNED_IN:
        person = services.find_person_by_email(answer.mail)
        if person is None:
            return LoginResult(None, DIRECTORY_ACTOR, NO_ACCOUNT)
        if not person.is_active:
            return LoginResult(None, DIRECTORY_ACTOR, INACTIVE)
        apply_group_roles(person, answer.groups, config)
        return LoginResult(person, DIRECTORY_ACTOR)
    if answer.outcome in (WRONG_PASSWORD, AMBIGUOUS):
        return LoginResult(None, DIRECTORY_ACTOR, CREDENTIALS)
    return _local(login, password, DIRECTORY_DOWN if answer.outcome == UNREACHABLE else None)


def _local(login: str, password: str, refusal_if_wrong: str | None) -> LoginResult:
    person = services.authenticate(login, password)
    if person is not None:
        return LoginResult(person, "password")
    return LoginResult(None, "password", refusal_if_wrong or CREDENTIALS)


def refusal_message(refusal: str) -> str:
    """What the login form says, in the person's language. A wrong password and an unknown
    login read the same, so the form does not tell which part was wrong."""
    if refusal == NO_ACCOUNT:
        return _("Your directory account has no Thaksa account yet. Ask your administrator to add you.")
    if refusal == INACTIVE:
        return _("Your Thaksa account is disabled. Ask your administrator if you need it again.")
    if refusal == DIRECTORY_DOWN:
        return _("The directory cannot be reached just now, so only Thaksa passwords work. "
                 "Try again later, or ask your administrator.")
    return _("The email or password is not correct.")


# --- the directory -------------------------------------------------------------------------

def _server(config: Mapping) -> Server:
    tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=config.get("LDAP_CA_CERTS_FILE") or None)
    return Server(config["LDAP_URL"], get_info=NONE, tls=tls, connect_timeout=config.get("LDAP_TIMEOUT", 5))


def _bound(server: Server, config: Mapping, user: str | None, password: str | None) -> Connection | None:
    """An open connection bound as `user` (anonymous when None); None when the directory
    refused the credentials. LDAPException when it cannot be reached."""
    connection = Connection(server, user=user, password=password, read_only=True,
                            receive_timeout=config.get("LDAP_TIMEOUT", 5))
    try:
        connection.open()
        if config.get("LDAP_START_TLS"):
            connection.start_tls()
        if connection.bind():
            return connection
    except LDAPException:
        if connection.socket is not None:  # ldap3 leaves a socket that failed to connect open
            connection.socket.close()
        raise
    connection.unbind()
    return None


def check_password(login: str, password: str, config: Mapping) -> DirectoryAnswer:
    """Ask the directory whether `password` is the password of the person `login` names."""
    login = (login or "").strip()
    if not login or not password:  # an empty password would be an anonymous bind, which succeeds
        return DirectoryAnswer(WRONG_PASSWORD)
    server = _server(config)
    try:
        if config.get("LDAP_BIND_DN") or not config.get("LDAP_USER_DN_TEMPLATE"):
            return _search_then_bind(server, login, password, config)
        return _bind_as_template(server, login, password, config)
    except LDAPException as error:
        log.warning("LDAP directory %s cannot be reached: %s", config["LDAP_URL"], error)
        return DirectoryAnswer(UNREACHABLE)


def _search_then_bind(server: Server, login: str, password: str, config: Mapping) -> DirectoryAnswer:
    service = _bound(server, config, config.get("LDAP_BIND_DN") or None, config.get("LDAP_BIND_PASSWORD") or None)
    if service is None:
        log.error("LDAP service account %s was refused: check LDAP_BIND_DN and LDAP_BIND_PASSWORD",
                  config.get("LDAP_BIND_DN"))
        return DirectoryAnswer(UNREACHABLE)
    try:
        entries = _find(service, login, config)
        if not entries:
            return DirectoryAnswer(UNKNOWN)
        if len(entries) > 1:
            log.warning("LDAP filter matches %d entries for one login; refused", len(entries))
            return DirectoryAnswer(AMBIGUOUS)
        user = _bound(server, config, entries[0]["dn"], password)
        if user is None:
            return DirectoryAnswer(WRONG_PASSWORD)
        user.unbind()
        return _answer(service, entries[0], login, config)
    finally:
        service.unbind()


def _bind_as_template(server: Server, login: str, password: str, config: Mapping) -> DirectoryAnswer:
    """Active Directory without a service account: bind as "{login}" (a UPN such as
    somchai@ministry.go.th) or a DN built from the login; then read one's own entry. A
    refused bind cannot tell an unknown login from a wrong password, so it counts as unknown
    and a Thaksa password may still be tried."""
    user = _bound(server, config, config["LDAP_USER_DN_TEMPLATE"].format(login=escape_rdn(login)), password)
    if user is None:
        return DirectoryAnswer(UNKNOWN)
    try:
        entries = _find(user, login, config)
        entry = entries[0] if len(entries) == 1 else {"dn": "", "attributes": {}}
        return _answer(user, entry, login, config)
    finally:
        user.unbind()


def _find(connection: Connection, login: str, config: Mapping) -> list[dict]:
    mail_attribute = config.get("LDAP_MAIL_ATTRIBUTE") or "mail"
    search_filter = config["LDAP_USER_FILTER"].format(login=escape_filter_chars(login))
    connection.search(config.get("LDAP_USER_SEARCH_BASE") or "", search_filter, SUBTREE,
                      attributes=[mail_attribute, "memberOf"], size_limit=2)
    return [entry for entry in connection.response or () if entry.get("type") == "searchResEntry"]


def _values(entry: dict, attribute: str) -> list[str]:
    for name, value in (entry.get("attributes") or {}).items():
        if name.lower() == attribute.lower():
            return [str(item) for item in (value if isinstance(value, list) else [value])]
    return []


def _answer(connection: Connection, entry: dict, login: str, config: Mapping) -> DirectoryAnswer:
    mails = _values(entry, config.get("LDAP_MAIL_ATTRIBUTE") or "mail")
    return DirectoryAnswer(SIGNED_IN, mail=mails[0] if mails else login,
                           groups=_mapped_groups(connection, entry, config))


def dn_key(dn: str) -> str:
    """A DN compared without regard to case or spacing ("CN=LMS Admins, OU=Groups" = "cn=lms admins,ou=groups")."""
    try:
        return ",".join(f"{name.lower()}={value.lower()}" for name, value, _sep in parse_dn(dn, strip=True))
    except LDAPException:
        return dn.strip().lower()


def _mapped_groups(connection: Connection, entry: dict, config: Mapping) -> frozenset[str]:
    """Which of the mapped groups the person is in, directly or through groups nested in
    them: memberOf (Active Directory, OpenLDAP's memberof overlay), else the group's own
    member list; then the groups holding those groups as members, level by level."""
    mapped = {dn_key(dn) for dn in config.get("LDAP_GROUP_ROLES") or {}}
    if not mapped or not entry.get("dn"):
        return frozenset()
    member_of = _values(entry, "memberOf")
    found = {dn_key(dn) for dn in member_of} & mapped
    user_dn = escape_filter_chars(entry["dn"])
    for group in sorted(mapped - found):
        connection.search(group, f"(|(member={user_dn})(uniqueMember={user_dn}))", BASE, attributes=["1.1"])
        if any(item.get("type") == "searchResEntry" for item in connection.response or ()):
            found.add(group)
    if found < mapped:
        direct = member_of + sorted(found) if member_of else [entry["dn"]]  # without memberOf: start from the person
        found |= _nested(connection, direct, mapped - found, _group_base(config), entry["dn"])
    return frozenset(found)


NESTING_DEPTH = 8  # levels of groups within groups followed upward from the person's own groups
DNS_PER_SEARCH = 50  # DNs in one search filter; a level with more takes several searches


def _nested(connection: Connection, start: list[str], wanted: set[str], base: str, person: str) -> set[str]:
    """Which of `wanted` (dn_key) hold one of the `start` DNs as a member, at any depth:
    breadth first, one search per level (per DNS_PER_SEARCH DNs), each group visited once
    (directories have cycles), at most NESTING_DEPTH levels, ending once all are found."""
    visited = {dn_key(dn) for dn in [*start, person]}
    level, found = list(dict.fromkeys(start)), set()
    for _depth in range(NESTING_DEPTH):
        above = []
        for chunk in range(0, len(level), DNS_PER_SEARCH):
            terms = "".join(f"(member={dn})(uniqueMember={dn})" for dn in
                            map(escape_filter_chars, level[chunk:chunk + DNS_PER_SEARCH]))
            connection.search(base, f"(|{terms})", SUBTREE, attributes=["1.1"])
            for item in connection.response or ():
                key = dn_key(item.get("dn") or "") if item.get("type") == "searchResEntry" else ""
                if key and key not in visited:
                    visited.add(key)
                    above.append(item["dn"])
        found |= {dn_key(dn) for dn in above} & wanted
        if found == wanted or not above:
            return found
        level = above
    log.info("LDAP groups nest deeper than %d levels above %s; not followed further", NESTING_DEPTH, person)
    return found


def _group_base(config: Mapping) -> str:
    """LDAP_GROUP_SEARCH_BASE; when empty, the nearest entry holding both LDAP_USER_SEARCH_BASE
    and every mapped group (the people's base itself when the groups are under it)."""
    if config.get("LDAP_GROUP_SEARCH_BASE"):
        return config["LDAP_GROUP_SEARCH_BASE"]
    base = config.get("LDAP_USER_SEARCH_BASE") or ""
    try:
        rdns = _rdns(base)
        for group in config.get("LDAP_GROUP_ROLES") or {}:
            other = _rdns(group)
            common = 0
            while common < min(len(rdns), len(other)) and dn_key(rdns[-1 - common]) == dn_key(other[-1 - common]):
                common += 1
            rdns = rdns[len(rdns) - common:]
    except LDAPException:
        return base
    return ",".join(rdns)


def _rdns(dn: str) -> list[str]:
    """A DN's RDNs, as written (a multi-valued RDN, "cn=a+uid=b", stays one)."""
    return [rdn.strip() for rdn in to_dn(dn)] if dn.strip() else []


# --- groups to roles ------------------------------------------------------------------------

def _roles(config: Mapping, groups: frozenset[str]) -> tuple[bool, str | None]:
    """(site administrator?, code of the agency to administer) for a person in `groups`;
    the first agency role in LDAP_GROUP_ROLES's order wins."""
    site_admin, agency = False, None
    for group, roles in (config.get("LDAP_GROUP_ROLES") or {}).items():
        if dn_key(group) not in groups:
            continue
        for role in [roles] if isinstance(roles, str) else roles:
            if role == SITE_ADMIN:
                site_admin = True
            elif role.startswith(AGENCY_ADMIN) and agency is None:
                agency = role.removeprefix(AGENCY_ADMIN)
            elif not role.startswith(AGENCY_ADMIN):
                log.warning("LDAP_GROUP_ROLES: unknown role %r for %s", role, group)
    return site_admin, agency


def _last_set_by_directory(person: Person, audit_field: str) -> bool:
    """Whether the latest audited change of this field of the person was the directory's."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "people", AuditEvent.object_id == person.id,
                                 AuditEvent.kind.in_(("person.created", "person.updated")))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))
    for event in events:
        if audit_field in (event.changes or {}):
            return event.actor_label == DIRECTORY_ACTOR
    return False


def apply_group_roles(person: Person, groups: frozenset[str], config: Mapping) -> None:
    """Grant the roles the person's groups map to; take back those the directory granted
    earlier and the groups (or the mapping, emptied) no longer give. Audited as the
    directory's change (flushes)."""
    site_admin, agency_code = _roles(config, groups)
    changes = {}
    if site_admin and not person.is_site_admin:
        changes["is_site_admin"] = [False, True]
        person.is_site_admin = True
    elif not site_admin and person.is_site_admin and _last_set_by_directory(person, "is_site_admin"):
        changes["is_site_admin"] = [True, False]
        person.is_site_admin = False
    before = person.admin_of.code if person.admin_of is not None else None
    if agency_code is not None and agency_code != before:
        organisation = db.session.scalar(select(Organisation).where(Organisation.code == agency_code))
        if organisation is None:
            log.warning("LDAP_GROUP_ROLES: no organisation with the code %r", agency_code)
        else:
            changes["admin_of"] = [before, agency_code]
            person.admin_of = organisation
    elif agency_code is None and before is not None and _last_set_by_directory(person, "admin_of"):
        changes["admin_of"] = [before, None]
        person.admin_of = None
    if changes:
        db.session.flush()
        record_event("person.updated", person, changes=changes, actor_label=DIRECTORY_ACTOR)
