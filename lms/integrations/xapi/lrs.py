"""Talking to a Learning Record Store over HTTP (xAPI 1.0.3, Basic authentication).

Only what the statement resource promises is relied on: POST of a list, GET with `since`,
`limit` and the `more` link, GET by `statementId` (bare, or wrapped in a list as Ralph does).
"""

from dataclasses import dataclass
from urllib.parse import urljoin

import requests

from .settings import setting

VERSION_HEADER = {"X-Experience-API-Version": "1.0.3"}


class LrsUnavailable(Exception):
    """The LRS could not be reached or answered that it cannot work now (5xx, 401, 429 …)."""


@dataclass(frozen=True)
class Lrs:
    url: str
    username: str
    password: str

    @classmethod
    def outgoing(cls) -> "Lrs":
        return cls(setting("XAPI_LRS_URL"), setting("XAPI_LRS_USERNAME"), setting("XAPI_LRS_PASSWORD"))

    @classmethod
    def incoming(cls) -> "Lrs":
        return cls(setting("XAPI_IN_LRS_URL"), setting("XAPI_IN_LRS_USERNAME"), setting("XAPI_IN_LRS_PASSWORD"))

    @property
    def statements_url(self) -> str:
        return urljoin(self.url if self.url.endswith("/") else self.url + "/", "statements")

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            return requests.request(method, url, auth=(self.username, self.password), headers=VERSION_HEADER,
                                    timeout=setting("XAPI_TIMEOUT_SECONDS"), **kwargs)
        except requests.RequestException as error:
            raise LrsUnavailable(f"{type(error).__name__}: {error}") from error

    def post(self, statements: list[dict]) -> requests.Response:
        """POST statements; the response is returned whatever its status but for a lost connection."""
        return self._request("POST", self.statements_url, json=statements)

    def get_statement(self, statement_id: str) -> dict | None:
        response = self._request("GET", self.statements_url, params={"statementId": statement_id})
        if response.status_code == 404:
            return None
        _raise_for(response)
        body = response.json()
        if isinstance(body, dict) and "statements" in body:  # Ralph wraps it in a list
            return body["statements"][0] if body["statements"] else None
        return body

    def pages(self, since: str | None, limit: int):
        """Lists of statements stored since `since` (ISO 8601), page by page (following `more`)."""
        params = {"limit": limit}
        if since:
            params["since"] = since
        url = self.statements_url
        while url:
            response = self._request("GET", url, params=params)
            _raise_for(response)
            body = response.json()
            yield body.get("statements", [])
            more = body.get("more") or ""
            url, params = (urljoin(self.url, more), None) if more and body.get("statements") else (None, None)


def _raise_for(response: requests.Response) -> None:
    if response.status_code >= 400:
        raise LrsUnavailable(f"HTTP {response.status_code}: {response.text[:300]}")
