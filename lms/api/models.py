"""Tables of lms.api: the credentials systems and people call the API with, and their calls.

A secret is shown once, when it is made; the tables keep only its SHA-256 (the secrets are
long and random, so a slow password hash would add nothing) and a short prefix to recognise
it by. Every credential acts for a person: a personal access token for its owner, a system
client (OAuth 2.0 client credentials) for the administrator who registered it. Its calls
see and do only what that person may, narrowed by the credential's scopes.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Person
from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class _Credential:
    """What a client and a token share: the person they act for, and their scopes."""

    @property
    def audit_organisation_id(self) -> int | None:
        return self.person.organisation_id

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class ApiClient(_Credential, db.Model):
    """A system (HR, a training portal) that obtains tokens with the client-credentials grant."""

    __tablename__ = "api_clients"
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(48), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[str] = mapped_column(String(500))  # space-separated, as OAuth writes them
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()

    @property
    def audit_label(self) -> str:
        return self.client_id  # not the name: free text stays out of the append-only trail


class ApiToken(_Credential, db.Model):
    """A bearer token: a person's own (kind "personal") or one issued to a client."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "personal" or "client"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200), default="")
    scopes: Mapped[str] = mapped_column(String(500))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_clients.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    client: Mapped[ApiClient | None] = relationship()

    @property
    def audit_label(self) -> str:
        return f"{self.prefix}…"  # not the name: free text stays out of the append-only trail

    def is_live(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.revoked_at is not None or self.expires_at <= now:
            return False
        return self.client is None or self.client.revoked_at is None


class ApiCall(db.Model):
    """One call made with a token: the token's audit (who called what, when, with what
    answer) and the count its rate limit is judged on."""

    __tablename__ = "api_calls"
    __table_args__ = (Index("ix_api_calls_token_id_at", "token_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int] = mapped_column()
    address: Mapped[str] = mapped_column(String(64), default="")
