"""Column helpers shared by every module's models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on SQLite too (which stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given for a UTC column")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class BilingualName:
    """Mixin for rows with Thai and English names; `name` picks the current language."""

    def localized(self, field: str = "name") -> str:
        from flask_babel import get_locale

        locale = get_locale()
        lang = locale.language if locale else "th"
        value = getattr(self, f"{field}_{lang}", None)
        return value or getattr(self, f"{field}_th")

    @property
    def name(self) -> str:
        return self.localized("name")
