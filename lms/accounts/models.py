"""Organisations, training institutes and people."""

import secrets
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, bindparam, exists, or_, select
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.dates import today_in_bangkok
from ..core.models import BilingualName, UTCDateTime, utcnow
from ..extensions import db
from ..reference.models import EmploymentType, Phase, TargetGroup

ORGANISATION_KINDS = ("ministry", "department", "division", "unit")

# The target groups a person's development is agreed in (R5). Written when a plan's
# groups are agreed, or by an administrator; read for enrolment and recommendations.
person_target_groups = db.Table(
    "person_target_groups",
    db.Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    db.Column("target_group_id", ForeignKey("target_groups.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(BilingualName, db.Model):
    """A node of the organisation tree; an agency sets the phase its people develop in (R6)."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="division")
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    is_agency: Mapped[bool] = mapped_column(default=False)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id"))
    cio_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, ondelete="SET NULL")
    )
    parent: Mapped["Organisation | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Organisation"]] = relationship(
        back_populates="parent", order_by="Organisation.name_th"
    )
    phase: Mapped[Phase | None] = relationship()
    # The head of the unit (หัวหน้าส่วนราชการ / ผู้อำนวยการ …): sees the unit's reports, and stands
    # in for an agency's CIO where it has none (§4.9.2).
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, ondelete="SET NULL")
    )
    cio: Mapped["Person | None"] = relationship(foreign_keys=[cio_id], post_update=True)
    head: Mapped["Person | None"] = relationship(foreign_keys=[head_id], post_update=True)

    def ancestors(self) -> list["Organisation"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def agency(self) -> "Organisation | None":
        """The nearest agency at or above this unit: whose phase applies here."""
        for node in [self, *self.ancestors()]:
            if node.is_agency:
                return node
        return None

    @property
    def audit_organisation_id(self) -> int:
        """The unit an audit event about this object concerns (lms.core.audit): itself."""
        return self.id


class Institute(BilingualName, db.Model):
    """A training institute; its staff author courses and run classes."""

    __tablename__ = "institutes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def audit_organisation_id(self) -> int | None:
        """The unit an audit event about this object concerns (lms.core.audit): the one it belongs to."""
        return self.organisation_id


class Person(BilingualName, UserMixin, db.Model):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_organisation_active", "organisation_id", "is_active"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # The secret in the person's calendar-feed URL: calendar apps cannot log in.
    calendar_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(24)
    )
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    institute_id: Mapped[int | None] = mapped_column(ForeignKey("institutes.id"), index=True)
    # The target group HR records for the person's position: what enrolment goes by until a
    # plan's groups are agreed (person_target_groups).
    hr_target_group_id: Mapped[int | None] = mapped_column(ForeignKey("target_groups.id", ondelete="SET NULL"))
    employment_type_id: Mapped[int | None] = mapped_column(ForeignKey("employment_types.id", ondelete="SET NULL"))
    # The hash of the citizen ID that HR sends (people import) and the OpenID provider releases
    # (OIDC_LINK_CLAIM): links a sign-in to the person. Never shown on a page.
    citizen_id_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    admin_of_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(5), default="th")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person was last deactivated (left the service): the PDPA retention period
    # before anonymisation counts from here. None while active.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person's name, email, notes and evidence were erased (PDPA); hours stay.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    supervisor: Mapped["Person | None"] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list["Person"]] = relationship(back_populates="supervisor")
    institute: Mapped[Institute | None] = relationship()
    admin_of: Mapped[Organisation | None] = relationship(foreign_keys=[admin_of_id])
    target_groups: Mapped[list[TargetGroup]] = relationship(
        secondary=person_target_groups, order_by="TargetGroup.position"
    )
    hr_target_group: Mapped[TargetGroup | None] = relationship(foreign_keys=[hr_target_group_id])
    employment_type: Mapped[EmploymentType | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    # The key of the server-side session this object was loaded for (lms.accounts.sessions);
    # not a column. Flask-Login stores get_id() in the session and remember-me cookies.
    session_key = None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    @property
    def display_name(self) -> str:
        return self.name

    def supervisor_chain(self) -> Iterator["Person"]:
        """This person's supervisor, theirs, and so on up, nearest first; a loop in the
        chain (which admin forms refuse, but data may hold) ends the walk."""
        node, seen = self.supervisor, set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            yield node
            node = node.supervisor

    def has_active_reports(self) -> bool:
        """Whether anyone active reports to this person: the supervisor role (one EXISTS query)."""
        return db.session.execute(_HAS_ACTIVE_REPORTS, {"person_id": self.id}).scalar()

    def supervises_anyone(self, on: date | None = None) -> bool:
        """Active reports, or acting for a supervisor on a day (today in Bangkok): the supervisor
        role, asked by the menu on every page (one prebuilt statement)."""
        return db.session.execute(_SUPERVISES_ANYONE, {"person_id": self.id,
                                                       "on": on or today_in_bangkok()}).scalar()

    def leads_any_unit(self) -> bool:
        """Whether this person is the CIO or the head of any unit: the reports' role (one query)."""
        return db.session.execute(_LEADS_ANY_UNIT, {"person_id": self.id}).scalar()

    @classmethod
    def ids_with_any_above(cls, person_ids: Iterable[int], supervisor_ids: Iterable[int]) -> set[int]:
        """Those of `person_ids` with one of `supervisor_ids` anywhere up their supervisor chain
        (as supervisor_chain walks it, a loop included): every chain in one recursive statement."""
        person_ids, supervisor_ids = list(person_ids), list(supervisor_ids)
        if not person_ids or not supervisor_ids:
            return set()
        up = select(cls.id.label("person_id"), cls.supervisor_id.label("above")) \
            .where(cls.id.in_(person_ids), cls.supervisor_id.is_not(None)).cte("up", recursive=True)
        above = aliased(cls)
        up = up.union(select(up.c.person_id, above.supervisor_id)
                      .join(above, above.id == up.c.above).where(above.supervisor_id.is_not(None)))
        return set(db.session.scalars(select(up.c.person_id).where(up.c.above.in_(supervisor_ids)).distinct()))

    def acting_for_ids(self, on: date | None = None) -> frozenset[int]:
        """The supervisors this person acts for on a day (today in Bangkok): delegations in force."""
        return Delegation.principals_of(self.id, on or today_in_bangkok())

    # How audit events about a person name it and which unit they concern (lms.core.audit).
    @property
    def audit_label(self) -> str:
        return self.email

    @property
    def audit_organisation_id(self) -> int | None:
        return self.organisation_id


class LoginAttempt(db.Model):
    """Failed logins, counted per email and per address for throttling."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "attempted_at"),
        Index("ix_login_attempts_address_at", "address", "attempted_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AccountSession(db.Model):
    """A signed-in browser, kept on the server so that logging out really ends it.

    The cookie carries a random key; only its SHA-256 is stored. Logout, a password
    change, deactivation and "sign out everywhere" set `revoked_at`.
    """

    __tablename__ = "account_sessions"
    __table_args__ = (Index("ix_account_sessions_person_revoked", "person_id", "revoked_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    remember: Mapped[bool] = mapped_column(default=False)

    person: Mapped[Person] = relationship()


class Delegation(db.Model):
    """An acting supervisor (ผู้รักษาราชการแทน) for a period, days inclusive: the delegate
    verifies log entries, decides plans and records coaching for the principal's reports,
    each recorded as done on the principal's behalf. Ending early sets `ended_at`."""

    __tablename__ = "delegations"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("principal_id <> delegate_id", name="not_self"),
        Index("ix_delegations_delegate_period", "delegate_id", "starts_on", "ends_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    principal: Mapped[Person] = relationship(foreign_keys=[principal_id])
    delegate: Mapped[Person] = relationship(foreign_keys=[delegate_id])

    @staticmethod
    def in_force(on: date):
        """The condition for delegations in force on a day."""
        return (Delegation.ended_at.is_(None)) & (Delegation.starts_on <= on) & (Delegation.ends_on >= on)

    @classmethod
    def delegates_of(cls, principal_id: int, on: date) -> list[Person]:
        """Who acts for the principal on a day."""
        return list(db.session.scalars(select(Person).join(cls, cls.delegate_id == Person.id)
                                       .where(cls.principal_id == principal_id, cls.in_force(on))))

    @classmethod
    def principals_of(cls, delegate_id: int, on: date) -> frozenset[int]:
        return frozenset(db.session.execute(_PRINCIPALS_OF, {"delegate_id": delegate_id, "on": on}).scalars())


# Built once: the menu asks on every page whether the reader supervises anyone, and building
# a statement costs more than running it.
_HAS_ACTIVE_REPORTS = select(exists().where(Person.supervisor_id == bindparam("person_id"), Person.is_active))
_PRINCIPALS_OF = select(Delegation.principal_id).where(
    Delegation.delegate_id == bindparam("delegate_id"), Delegation.in_force(bindparam("on", type_=Date)))
_SUPERVISES_ANYONE = select(or_(
    exists().where(Person.supervisor_id == bindparam("person_id"), Person.is_active),
    exists().where(Delegation.delegate_id == bindparam("person_id"), Delegation.in_force(bindparam("on", type_=Date)))))
_LEADS_ANY_UNIT = select(exists().where(or_(Organisation.cio_id == bindparam("person_id"),
                                            Organisation.head_id == bindparam("person_id"))))
