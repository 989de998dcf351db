"""LDAP / Active Directory sign-in through the login form, against a real slapd
(scripts/test-servers/slapd.sh: ada, in cn=lms-admins, and grace; a read-only service account)."""

import re

import pytest
from ldap3 import MODIFY_ADD, MODIFY_DELETE, NONE, Connection, Server
from sqlalchemy import func, select

from lms.accounts.models import LoginAttempt
from lms.core.audit import record_event
from lms.core.models import AuditEvent
from lms.signin import directory
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.notifications.conftest import free_port

ADA, GRACE = "ada@thaksa.example.org", "grace@thaksa.example.org"
WRONG = "ไม่ถูกต้อง"  # Thai: "the email or password is not correct"


@pytest.fixture
def ldap_config(app, ldap_server, monkeypatch):
    settings = {
        "LDAP_URL": ldap_server["LMS_TEST_LDAP_URL"],
        "LDAP_BIND_DN": ldap_server["LMS_TEST_LDAP_BIND_DN"],
        "LDAP_BIND_PASSWORD": ldap_server["LMS_TEST_LDAP_BIND_PASSWORD"],
        "LDAP_USER_SEARCH_BASE": ldap_server["LMS_TEST_LDAP_PEOPLE_DN"],
        "LDAP_GROUP_ROLES": {},
        "LDAP_TIMEOUT": 5,
    }
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    return app.config


@pytest.fixture
def ada(world):
    return factories.person(world["division"], name_th="เอดา เลิฟเลซ", email=ADA)


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def _in_english(client):
    client.post("/language", data={"language": "en"})


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _events(db, kind):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)).all()


def _failures(db, email):
    return db.session.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.email == email))


def test_directory_password_signs_in_and_is_audited_as_ldap(client, db, ldap_config, ada):
    response = _login(client, ADA, "ada-secret")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _signed_in(client)
    [event] = _events(db, "login.succeeded")
    assert event.object_id == ada.id and event.changes == {"method": "ldap"}


def test_wrong_directory_password_reads_like_a_wrong_password_and_is_counted(client, db, ldap_config, ada):
    response = _login(client, ADA, "not-her-password")
    assert response.status_code == 200 and WRONG in response.get_data(as_text=True)
    assert 'value="ada@thaksa.example.org"' in response.get_data(as_text=True)
    # Someone the directory knows must use the directory's password, not a Thaksa one.
    assert WRONG in _login(client, ADA, TEST_PASSWORD).get_data(as_text=True)
    assert not _signed_in(client)
    assert _failures(db, ADA) == 2
    assert [e.changes for e in _events(db, "login.failed")][0] == {"method": "ldap", "reason": "credentials"}


def test_directory_failures_pause_the_login_like_password_failures(app, client, db, ldap_config, ada):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _login(client, ADA, "guess")
    assert _login(client, ADA, "ada-secret").status_code == 429
    assert not _signed_in(client)


def test_a_local_password_still_works_for_someone_the_directory_does_not_know(client, world, ldap_config):
    assert WRONG in _login(client, "site.admin@example.go.th", "nope").get_data(as_text=True)
    assert _login(client, "site.admin@example.go.th", TEST_PASSWORD).status_code == 302
    assert _signed_in(client)


def test_unknown_everywhere_gets_the_usual_message(client, world, ldap_config):
    page = _login(client, "nobody@thaksa.example.org", "ada-secret").get_data(as_text=True)
    assert WRONG in page


def test_directory_account_without_a_thaksa_account_is_told_to_ask(client, db, world, ldap_config):
    _in_english(client)
    response = _login(client, GRACE, "grace-secret")
    assert response.status_code == 200
    assert "Your directory account has no Thaksa account yet" in response.get_data(as_text=True)
    assert not _signed_in(client)
    assert _events(db, "login.failed")[-1].changes == {"method": "ldap", "reason": "no_account"}


def test_disabled_thaksa_account_is_refused_even_with_the_directory_password(client, db, ldap_config, ada):
    ada.is_active = False
    db.session.flush()
    _in_english(client)
    page = _login(client, ADA, "ada-secret").get_data(as_text=True)
    assert "Your Thaksa account is disabled" in page
    assert not _signed_in(client)


def test_unreachable_directory_says_so_and_local_passwords_still_work(app, client, world, ldap_config, ada,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "LDAP_URL", f"ldap://127.0.0.1:{free_port()}")
    _in_english(client)
    page = _login(client, ADA, "ada-secret").get_data(as_text=True)
    assert "The directory cannot be reached" in page
    assert not _signed_in(client)
    assert _login(client, "learner@example.go.th", TEST_PASSWORD).status_code == 302


def test_a_refused_service_account_counts_as_an_unreachable_directory(app, client, world, ldap_config, ada,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "LDAP_BIND_PASSWORD", "not-the-service-password")
    _in_english(client)
    assert "The directory cannot be reached" in _login(client, ADA, "ada-secret").get_data(as_text=True)


def test_group_maps_to_site_admin_and_the_role_goes_with_the_mapping(client, db, world, ldap_config, ldap_server, ada):
    ldap_config["LDAP_GROUP_ROLES"] = {ldap_server["LMS_TEST_LDAP_ADMINS_GROUP_DN"].upper(): "site_admin"}
    assert _login(client, ADA, "ada-secret").status_code == 302
    assert ada.is_site_admin
    [grant] = [e for e in _events(db, "person.updated") if e.object_id == ada.id]
    assert grant.actor_label == "ldap" and grant.changes == {"is_site_admin": [False, True]}
    client.post("/logout")

    ldap_config["LDAP_GROUP_ROLES"] = {}  # the mapping is removed: the role the directory gave goes
    assert _login(client, ADA, "ada-secret").status_code == 302
    assert not ada.is_site_admin


def test_leaving_the_group_takes_the_role_back(client, db, world, ldap_config, ldap_server, ada):
    group = ldap_server["LMS_TEST_LDAP_ADMINS_GROUP_DN"]
    ldap_config["LDAP_GROUP_ROLES"] = {group: ["site_admin", "agency_admin:DEP-A"]}
    _login(client, ADA, "ada-secret")
    assert ada.is_site_admin and ada.admin_of == world["dept_a"]
    client.post("/logout")
    admin = Connection(Server(ldap_server["LMS_TEST_LDAP_URL"], get_info=NONE), auto_bind=True,
                       user=ldap_server["LMS_TEST_LDAP_ADMIN_DN"], password=ldap_server["LMS_TEST_LDAP_ADMIN_PASSWORD"])
    ada_dn = f"uid=ada,{ldap_server['LMS_TEST_LDAP_PEOPLE_DN']}"
    # groupOfNames needs a member: grace stands in while ada is out
    admin.modify(group, {"member": [(MODIFY_ADD, [f"uid=grace,{ldap_server['LMS_TEST_LDAP_PEOPLE_DN']}"])]})
    assert admin.modify(group, {"member": [(MODIFY_DELETE, [ada_dn])]}), admin.result
    try:
        _login(client, ADA, "ada-secret")
        assert not ada.is_site_admin and ada.admin_of is None
    finally:
        admin.modify(group, {"member": [(MODIFY_ADD, [ada_dn])]})
        admin.modify(group, {"member": [(MODIFY_DELETE, [f"uid=grace,{ldap_server['LMS_TEST_LDAP_PEOPLE_DN']}"])]})
        admin.unbind()


def test_a_role_granted_by_hand_is_not_taken_back(client, db, world, ldap_config, ada):
    ada.is_site_admin = True  # as the people admin form does it: audited, by a person
    record_event("person.updated", ada, changes={"is_site_admin": [False, True]}, actor=world["site_admin"])
    db.session.flush()
    assert _login(client, ADA, "ada-secret").status_code == 302
    assert ada.is_site_admin


def test_filter_injection_matches_nobody(client, app, db, ldap_config, ada):
    # Unescaped, "a*@…" would find ada (and her password would sign her in).
    assert WRONG in _login(client, "a*@thaksa.example.org", "ada-secret").get_data(as_text=True)
    assert not _signed_in(client)
    with app.test_request_context():
        for login in ("*)(uid=*", "*", "ada)(|(uid=*", "*)(|(objectClass=*"):
            assert directory.check_password(login, "ada-secret", ldap_config).outcome == directory.UNKNOWN


def test_an_empty_password_is_never_an_anonymous_bind(app, ldap_config):
    assert directory.check_password(ADA, "", ldap_config).outcome == directory.WRONG_PASSWORD


def test_binding_through_a_dn_template_without_a_service_account(app, ldap_config, ldap_server, monkeypatch):
    monkeypatch.setitem(app.config, "LDAP_BIND_DN", "")
    monkeypatch.setitem(app.config, "LDAP_USER_DN_TEMPLATE", f"uid={{login}},{ldap_server['LMS_TEST_LDAP_PEOPLE_DN']}")
    monkeypatch.setitem(app.config, "LDAP_GROUP_ROLES", {ldap_server["LMS_TEST_LDAP_ADMINS_GROUP_DN"]: "site_admin"})
    answer = directory.check_password("ada", "ada-secret", app.config)
    assert answer.outcome == directory.SIGNED_IN and answer.mail == ADA
    assert answer.groups == {directory.dn_key(ldap_server["LMS_TEST_LDAP_ADMINS_GROUP_DN"])}
    assert directory.check_password("ada", "wrong", app.config).outcome == directory.UNKNOWN
    assert directory.check_password("ada,ou=x", "ada-secret", app.config).outcome == directory.UNKNOWN


# Nested groups (scripts/test-servers/ldap/30-groups.ldif): cn=hrd-all contains cn=hrd-staff,
# which contains cn=lms-admins (ada's own group); cn=loop-a (containing cn=lms-admins) and
# cn=loop-b contain each other.

def _group(ldap_server, cn):
    return f"cn={cn},{ldap_server['LMS_TEST_LDAP_GROUPS_DN']}"


def _searches(monkeypatch):
    """The (base, filter) of every search the directory code makes from now on."""
    made, search = [], Connection.search

    def spy(self, search_base, search_filter, *args, **kwargs):
        made.append((search_base, search_filter))
        return search(self, search_base, search_filter, *args, **kwargs)
    monkeypatch.setattr(Connection, "search", spy)
    return made


def test_a_group_nested_two_levels_up_gives_its_role_and_grace_gets_nothing(client, db, world, ldap_config,
                                                                              ldap_server, ada):
    grace = factories.person(world["division"], email=GRACE)
    # As an administrator may write it: in capitals, with spaces after the commas.
    outer = "CN=HRD-All, OU=Groups, DC=thaksa, DC=test"
    ldap_config["LDAP_GROUP_ROLES"] = {outer: ["site_admin", "agency_admin:DEP-A"]}
    assert _login(client, ADA, "ada-secret").status_code == 302
    assert ada.is_site_admin and ada.admin_of == world["dept_a"]
    [grant] = [e for e in _events(db, "person.updated") if e.object_id == ada.id]
    assert grant.actor_label == "ldap"
    assert grant.changes == {"is_site_admin": [False, True], "admin_of": [None, "DEP-A"]}
    client.post("/logout")

    assert _login(client, GRACE, "grace-secret").status_code == 302  # in no group at all
    assert not grace.is_site_admin and grace.admin_of is None
    assert not [e for e in _events(db, "person.updated") if e.object_id == grace.id]


def test_nesting_is_followed_one_search_per_level_and_a_cycle_ends(app, ldap_config, ldap_server, monkeypatch):
    people = ldap_server["LMS_TEST_LDAP_PEOPLE_DN"]
    monkeypatch.setitem(app.config, "LDAP_GROUP_ROLES", {_group(ldap_server, "loop-b"): "site_admin"})
    searches = _searches(monkeypatch)
    answer = directory.check_password(ADA, "ada-secret", app.config)
    assert answer.groups == {directory.dn_key(_group(ldap_server, "loop-b"))}  # through cn=loop-a
    # ada's entry, the mapped group itself (direct member?), then one search per level up
    assert [base for base, _filter in searches] == [people, _group(ldap_server, "loop-b")] + [
        ldap_server["LMS_TEST_LDAP_BASE_DN"]] * 2

    # A group nobody reaches: every group above ada is visited once, around the cycle and
    # out, and the search ends when a level finds nothing new (3 levels, not NESTING_DEPTH).
    monkeypatch.setitem(app.config, "LDAP_GROUP_ROLES", {_group(ldap_server, "nowhere"): "site_admin"})
    searches.clear()
    assert directory.check_password(ADA, "ada-secret", app.config).groups == frozenset()
    levels = [search_filter for base, search_filter in searches if base == ldap_server["LMS_TEST_LDAP_BASE_DN"]]
    assert len(levels) == 3 < directory.NESTING_DEPTH
    asked = [dn.split(",")[0] for level in levels for dn in re.findall(r"\(member=([^)]*)\)", level)]
    assert sorted(asked) == ["cn=hrd-all", "cn=hrd-staff", "cn=lms-admins", "cn=loop-a", "cn=loop-b"]


def test_without_memberof_nesting_starts_from_the_groups_member_lists(ldap_config, ldap_server):
    # A directory without memberOf (no overlay): ada's groups are found by their member lists.
    roles = {_group(ldap_server, "hrd-all"): "site_admin", _group(ldap_server, "hrd-staff"): "site_admin"}
    config = {**ldap_config, "LDAP_GROUP_ROLES": roles}
    service = Connection(Server(ldap_server["LMS_TEST_LDAP_URL"], get_info=NONE), auto_bind=True,
                         user=ldap_server["LMS_TEST_LDAP_BIND_DN"], password=ldap_server["LMS_TEST_LDAP_BIND_PASSWORD"])
    try:
        for cn, expected in (("ada", {"hrd-all", "hrd-staff"}), ("grace", set())):
            entry = {"dn": f"uid={cn},{ldap_server['LMS_TEST_LDAP_PEOPLE_DN']}", "attributes": {}}
            groups = directory._mapped_groups(service, entry, config)
            assert groups == {directory.dn_key(_group(ldap_server, name)) for name in expected}
    finally:
        service.unbind()


def test_the_group_search_base_bounds_where_nesting_is_looked_for(app, ldap_config, ldap_server, monkeypatch):
    monkeypatch.setitem(app.config, "LDAP_GROUP_ROLES", {_group(ldap_server, "hrd-all"): "site_admin"})
    monkeypatch.setitem(app.config, "LDAP_GROUP_SEARCH_BASE", ldap_server["LMS_TEST_LDAP_GROUPS_DN"])
    assert directory.check_password(ADA, "ada-secret", app.config).groups == {
        directory.dn_key(_group(ldap_server, "hrd-all"))}
    monkeypatch.setitem(app.config, "LDAP_GROUP_SEARCH_BASE", ldap_server["LMS_TEST_LDAP_PEOPLE_DN"])  # no groups there
    assert directory.check_password(ADA, "ada-secret", app.config).groups == frozenset()


def test_by_default_groups_are_searched_above_both_the_people_and_the_mapped_groups():
    config = {"LDAP_USER_SEARCH_BASE": "OU=Staff,DC=ministry,DC=go,DC=th",
              "LDAP_GROUP_ROLES": {"cn=Thaksa Admins, ou=Groups, dc=Ministry, dc=go, dc=th": "site_admin"}}
    assert directory._group_base(config) == "DC=ministry,DC=go,DC=th"
    config["LDAP_GROUP_ROLES"] = {"CN=Thaksa Admins,OU=Staff,DC=ministry,DC=go,DC=th": "site_admin"}
    assert directory._group_base(config) == "OU=Staff,DC=ministry,DC=go,DC=th"
    assert directory.dn_key("CN=LMS Admins, OU=Groups") == directory.dn_key("cn=lms admins,ou=groups")
