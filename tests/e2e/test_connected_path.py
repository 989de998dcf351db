"""Issue 15's whole path: an agency connects what it already runs.

The agency administrator registers the HR system in the browser. The system obtains a token
with the client-credentials grant, upserts 1,000 people and posts learning records; the
supervisor verifies one in the browser. The verified record reaches the Learning Record Store
(Ralph, on loopback) as an xAPI statement, and a statement another portal put there becomes a
record waiting for the same supervisor. A newcomer from the upsert signs in through the OpenID
provider (oidc-provider under Node, on loopback) and another through the LDAP directory
(slapd). Every server is real; the module runs a Thaksa of its own pointed at them.
"""

import base64
import uuid
from datetime import timedelta

import pytest
import requests
from playwright.sync_api import expect

from lms.core.dates import today_in_bangkok
from lms.core.models import utcnow
from tests.e2e.conftest import serving
from tests.e2e.steps import click_and_wait, expect_flash, open_menu_item
from tests.integrations.xapi_helpers import in_settings, out_settings, post_statements, statements_of
from tests.servers import running_server

PEOPLE = 1000
ADA, GRACE = "ada@thaksa.example.org", "grace@thaksa.example.org"  # in the provider and the directory
SUPERVISOR = "supervisor@example.go.th"  # build_world's supervisor of division DIV-A1
ADL = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """An OpenID provider that accepts this module's server on whatever loopback port it gets."""
    with running_server("oidc", tmp_path_factory.mktemp("oidc-e2e"), env={
            "LMS_TEST_OIDC_ANY_LOOPBACK_PORT": "1",
            "LMS_TEST_OIDC_REDIRECT_URIS": "http://127.0.0.1/auth/oidc/callback"}) as settings:
        yield settings


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, lrs_server, ldap_server, provider):
    with serving(tmp_path_factory.mktemp("e2e-connected")) as server:
        server.app.config.update({
            "BASE_URL": server.url,
            **out_settings(lrs_server), **in_settings(lrs_server),
            "OIDC_DISCOVERY_URL": provider["LMS_TEST_OIDC_DISCOVERY_URL"],
            "OIDC_CLIENT_ID": provider["LMS_TEST_OIDC_CLIENT_ID"],
            "OIDC_CLIENT_SECRET": provider["LMS_TEST_OIDC_CLIENT_SECRET"],
            "OIDC_PROVIDER_NAME": "ThaID",
            "LDAP_URL": ldap_server["LMS_TEST_LDAP_URL"],
            "LDAP_BIND_DN": ldap_server["LMS_TEST_LDAP_BIND_DN"],
            "LDAP_BIND_PASSWORD": ldap_server["LMS_TEST_LDAP_BIND_PASSWORD"],
            "LDAP_USER_SEARCH_BASE": ldap_server["LMS_TEST_LDAP_PEOPLE_DN"],
        })
        yield server


def _people() -> list[dict]:
    rows = [{"email": f"hr{n:04d}@example.go.th", "name_th": f"ข้าราชการ นำเข้า{n:04d}",
             "name_en": f"Officer {n:04d}", "position": "นักวิเคราะห์นโยบายและแผน",
             "organisation_code": "DIV-A1", "supervisor_email": SUPERVISOR} for n in range(PEOPLE - 2)]
    rows += [{"email": ADA, "name_th": "เอดา นวัตกรรม", "name_en": "Ada Innovation", "organisation_code": "DIV-A1",
              "supervisor_email": SUPERVISOR},
             {"email": GRACE, "name_th": "เกรซ ข้อมูล", "name_en": "Grace Data", "organisation_code": "DIV-A1",
              "supervisor_email": SUPERVISOR}]
    return rows


def _record(email: str, title: str) -> dict:
    return {"email": email, "date": (today_in_bangkok() - timedelta(days=1)).isoformat(), "hours": 3,
            "method": "on-the-job", "skill_sets": ["digital-literacy"], "title": title,
            "notes_md": "ได้ฝึกทำแดชบอร์ดข้อมูลของกอง"}


def _run(live_server, job):
    with live_server.app.app_context():
        return job()


def test_an_agency_connects_its_hr_system_lrs_and_sign_in(open_page, log_in, th, live_server, lrs_server,
                                                          console_errors):
    # --- 1. the agency administrator registers the HR system and copies its credentials once ----
    admin = open_page()
    log_in(admin, "agency_admin")
    open_menu_item(admin, "nav-admin", "/admin/api-clients")
    admin.get_by_label(th("Name of the system"), exact=True).fill("ระบบบริหารทรัพยากรบุคคล (HR)")
    for scope in ("people:write", "records:write"):
        admin.locator(f"input[name=scopes][value='{scope}']").check()
    click_and_wait(admin, "button", th("Register system"))
    client_id = admin.locator("#client-id").input_value()
    secret = admin.locator("#client-secret").input_value()
    assert client_id.startswith("thk-") and len(secret) > 30

    # --- 2. the system: a token by client credentials, 1,000 people, records to verify ---------
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    issued = requests.post(live_server("/api/v1/oauth/token"), data={"grant_type": "client_credentials"},
                           headers={"Authorization": f"Basic {pair}"}, timeout=30)
    assert issued.status_code == 200, issued.text
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {issued.json()['access_token']}"
    upserted = api.put(live_server("/api/v1/people"), json={"people": _people()}, timeout=120)
    assert upserted.status_code == 200, upserted.text[:2000]
    assert (upserted.json()["created"], upserted.json()["updated"]) == (PEOPLE, 0)
    again = api.put(live_server("/api/v1/people"), json={"people": _people()}, timeout=120).json()
    assert again["unchanged"] == PEOPLE  # idempotent: HR may send its whole list every night
    title = f"ทำแดชบอร์ดข้อมูลของกอง {uuid.uuid4().hex[:6]}"
    posted = [api.post(live_server("/api/v1/records"), json=_record(email, f"{title} ({who})"), timeout=30)
              for email, who in ((ADA, "ada"), ("hr0001@example.go.th", "hr0001"))]
    assert [r.status_code for r in posted] == [201, 201], [r.text for r in posted]
    assert {r.json()["status"] for r in posted} == {"pending"}

    # --- 3. the supervisor verifies Ada's record in the browser --------------------------------
    boss = open_page()
    log_in(boss, "supervisor")
    open_menu_item(boss, "nav-team", "/log/reviews")
    expect(boss.locator("main table tbody tr", has_text=title)).to_have_count(2)
    queued = boss.locator("main table tbody tr", has_text=f"{title} (ada)")
    click_and_wait(boss, "link", f"{title} (ada)", scope=queued)
    click_and_wait(boss, "button", th("Verify"))
    expect_flash(boss, th("Entry verified."))
    expect(boss.locator("main table tbody tr", has_text=f"{title} (ada)")).to_have_count(0)
    expect(boss.locator("main table tbody tr", has_text=f"{title} (hr0001)")).to_have_count(1)

    # --- 4. the verified record reaches the LRS as a statement; another portal's comes back -----
    from lms.integrations.xapi import fetch, sender

    _run(live_server, lambda: sender.send(ignore_backoff=True))
    [sent] = [s for s in statements_of(lrs_server, ADA) if f"{title} (ada)" in str(s)]
    assert sent["verb"]["id"] == ADL + "experienced"
    portal = {"id": str(uuid.uuid4()), "actor": {"objectType": "Agent", "mbox": f"mailto:{ADA}"},
              "verb": {"id": ADL + "completed", "display": {"en-US": "completed"}},
              "object": {"objectType": "Activity", "id": f"https://mooc.example.org/courses/{uuid.uuid4().hex[:6]}",
                         "definition": {"name": {"th-TH": f"วิทยาการข้อมูลเบื้องต้น {title}"}}},
              "result": {"duration": "PT2H"}, "timestamp": (utcnow() - timedelta(minutes=5)).isoformat()}
    post_statements(lrs_server, [portal])
    _run(live_server, fetch.fetch)
    boss.reload()
    expect(boss.locator("main table tbody tr", has_text=f"วิทยาการข้อมูลเบื้องต้น {title}")).to_have_count(1)

    # --- 5. Ada signs in through the OpenID provider -------------------------------------------
    ada = open_page()
    ada.goto(live_server("/login"))
    with ada.expect_navigation():
        ada.get_by_role("link", name=th("Sign in with %(provider)s", provider="ThaID")).click()
    ada.locator("input[name=login]").fill("ada")
    ada.locator("input[name=password]").fill("ada-secret")
    with ada.expect_navigation(url=live_server("/") + "**"):
        ada.locator("form#login button[type=submit]").click()
    expect(ada.locator(".nav-person")).to_contain_text("เอดา นวัตกรรม")

    # --- 6. Grace signs in with her directory password ------------------------------------------
    grace = open_page()
    log_in(grace, GRACE, password="grace-secret")
    assert not grace.url.rstrip("/").endswith("/login"), grace.url
    expect(grace.locator(".nav-person")).to_contain_text("เกรซ ข้อมูล")
    assert console_errors == []
