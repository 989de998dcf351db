"""The API's resources, one blueprint each (lms.api.spec.blueprint)."""

from flask_login import current_user

from ...accounts.models import Person
from ...core.access import visible_or_404


def person_asked_for(person_id: int | None) -> Person:
    """Whose development a list is about: the caller, or the person named by `person_id` when
    the caller may see their development (else 404)."""
    if person_id is None:
        return current_user._get_current_object()
    return visible_or_404(Person, person_id, "view_development")
