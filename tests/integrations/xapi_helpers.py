"""Pointing Thaksa at the test LRS (Ralph, tests/conftest.py's `lrs_server`) and reading it back."""

import json

import requests

HEADERS = {"X-Experience-API-Version": "1.0.3"}


def out_settings(lrs: dict) -> dict:
    return {"XAPI_LRS_URL": lrs["LMS_TEST_LRS_URL"], "XAPI_LRS_USERNAME": lrs["LMS_TEST_LRS_USERNAME"],
            "XAPI_LRS_PASSWORD": lrs["LMS_TEST_LRS_PASSWORD"]}


def in_settings(lrs: dict) -> dict:
    return {"XAPI_IN_LRS_URL": lrs["LMS_TEST_LRS_URL"], "XAPI_IN_LRS_USERNAME": lrs["LMS_TEST_LRS_USERNAME"],
            "XAPI_IN_LRS_PASSWORD": lrs["LMS_TEST_LRS_PASSWORD"]}


def _auth(lrs):
    return lrs["LMS_TEST_LRS_USERNAME"], lrs["LMS_TEST_LRS_PASSWORD"]


def lrs_statements(lrs: dict, **params) -> list[dict]:
    """Every statement the LRS returns for these filters, following `more`."""
    url, found = lrs["LMS_TEST_LRS_URL"] + "statements", []
    params = {"limit": 500, **params}
    while url:
        body = requests.get(url, params=params, auth=_auth(lrs), headers=HEADERS, timeout=10).json()
        found += body["statements"]
        more = body.get("more")
        url = requests.compat.urljoin(lrs["LMS_TEST_LRS_URL"], more) if more and body["statements"] else None
        params = None
    return found


def statements_of(lrs: dict, email: str) -> list[dict]:
    return lrs_statements(lrs, agent=json.dumps({"mbox": f"mailto:{email}"}))


def post_statements(lrs: dict, statements: list[dict]) -> None:
    response = requests.post(lrs["LMS_TEST_LRS_URL"] + "statements", json=statements, auth=_auth(lrs),
                             headers=HEADERS, timeout=10)
    assert response.status_code == 200, response.text
