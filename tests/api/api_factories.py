"""Credentials for API tests, made through the services a person's page uses."""

from lms.api.scopes import SCOPES
from lms.api.tokens import create_personal_token, register_client

ALL_SCOPES = tuple(SCOPES)


def token_for(person, scopes=ALL_SCOPES, days: int = 30) -> str:
    """A personal access token's secret for `person`."""
    return create_personal_token(person, "test", scopes, days)[1]


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def client_for(person, scopes=ALL_SCOPES):
    """A registered system client acting for `person`: (client row, secret)."""
    return register_client(person, "HR system", scopes)
