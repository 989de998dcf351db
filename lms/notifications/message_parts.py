"""What every notification's words are made of: the Content shown in the centre and both
e-mails, and the payload's texts, dates and fiscal year in the reader's language."""

from dataclasses import dataclass, field
from datetime import date, datetime

from ..core.dates import format_date, format_datetime, format_fiscal_year


@dataclass
class Content:
    """A notification in words: a title, paragraphs, an optional list and a link to act."""

    title: str
    lines: list[str]
    items: list[str] = field(default_factory=list)
    action: str = ""
    target: list = field(default_factory=list)  # link candidates, see links.resolve
    extra: list[tuple[str, list]] = field(default_factory=list)  # further (label, candidates)


def pick(payload: dict, key: str, language: str) -> str:
    """A payload's Thai or English text (`key_th` / `key_en`), Thai when English is missing."""
    return (language == "en" and payload.get(f"{key}_en")) or payload.get(f"{key}_th") or ""


def day_text(value: str | None, language: str) -> str:
    return format_date(date.fromisoformat(value[:10]), language) if value else ""


def moment_text(value: str | None, language: str) -> str:
    return format_datetime(datetime.fromisoformat(value), language) if value else ""


def fiscal_year_text(p, lang) -> str:
    """The payload's fiscal year as the reader's language writes it ("2027 (B.E. 2570)" in English)."""
    return format_fiscal_year(p["fy"], lang)
