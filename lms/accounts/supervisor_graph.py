"""Supervisor links as an HR import would leave them, to find the loops it would make
(lms.accounts.people_import)."""

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select

from ..extensions import db
from .models import Person


class SupervisorGraph:
    """Who supervises whom once the file is applied: the file's rows over the database's links.

    Loads only what the rows reach: supervisors they name and, a level per query, the
    database's supervisors above them (a cycle can run through people not in the file).
    """

    def __init__(self, rows: Sequence, first_row: dict, existing: dict[str, Person],
                 chunks: Callable[[Sequence], Iterable[Sequence]]):
        self.file_emails = set(first_row)
        self.ids_by_email = {email: person.id for email, person in existing.items()}
        email_by_id = {person.id: email for email, person in existing.items()}
        supervisor_id_by_email = {email: person.supervisor_id for email, person in existing.items()}

        named = sorted({row.supervisor_email for row in rows if row.supervisor_email}
                       - self.file_emails)
        for chunk in chunks(named):
            self._remember(select(Person.id, Person.email, Person.supervisor_id)
                           .where(Person.email.in_(chunk)), email_by_id, supervisor_id_by_email)
        asked: set[int] = set()
        while frontier := set(supervisor_id_by_email.values()) - set(email_by_id) - asked - {None}:
            asked |= frontier
            for chunk in chunks(sorted(frontier)):
                self._remember(select(Person.id, Person.email, Person.supervisor_id)
                               .where(Person.id.in_(chunk)), email_by_id, supervisor_id_by_email)

        self.parent: dict[str, str | None] = {
            email: email_by_id.get(supervisor_id)
            for email, supervisor_id in supervisor_id_by_email.items()
        }
        for email, row in first_row.items():
            if row.supervisor_email is not None:  # the file's column replaces the link
                self.parent[email] = row.supervisor_email or None
            if self.parent.get(email) == email:
                self.parent[email] = None  # reported on its own, not as a cycle

    def _remember(self, query, email_by_id, supervisor_id_by_email) -> None:
        for person_id, email, supervisor_id in db.session.execute(query):
            self.ids_by_email[email] = person_id
            email_by_id[person_id] = email
            supervisor_id_by_email[email] = supervisor_id

    def knows(self, email: str) -> bool:
        return email in self.file_emails or email in self.ids_by_email

    def cycles(self, starts: Iterable[str]) -> list[list[str]]:
        """Each loop reachable from `starts`, once, in the order it is met."""
        done, found = set(), []
        for start in starts:
            path, position = [], {}
            node = start
            while node is not None and node not in done:
                if node in position:
                    found.append(path[position[node]:])
                    break
                position[node] = len(path)
                path.append(node)
                node = self.parent.get(node)
            done.update(path)
        return found
