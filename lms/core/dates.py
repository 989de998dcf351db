"""Thai dates and fiscal years. Pure: no Flask here, the locale is passed in."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BUDDHIST_ERA_OFFSET = 543
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
ENGLISH_MONTHS_SHORT = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)


def to_buddhist_year(year_ce: int) -> int:
    return year_ce + BUDDHIST_ERA_OFFSET


def fiscal_year_of(day: date) -> int:
    """The Thai fiscal year (Buddhist Era) containing `day`: 1 Oct – 30 Sep."""
    year_ce = day.year + 1 if day.month >= 10 else day.year
    return to_buddhist_year(year_ce)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a fiscal year given in Buddhist Era (2566 → 1 Oct 2022 – 30 Sep 2023)."""
    year_ce = fiscal_year_be - BUDDHIST_ERA_OFFSET
    return date(year_ce - 1, 10, 1), date(year_ce, 9, 30)


def local_date(value: date | datetime) -> date:
    """A datetime seen in Bangkok (UTC for naive ones); a date as is."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(BANGKOK).date()
    return value


def today_in_bangkok() -> date:
    """Today's calendar date in Bangkok: deadlines, windows and fiscal years are Thai dates."""
    return datetime.now(BANGKOK).date()


def format_date(value: date | datetime | None, language: str = "th") -> str:
    """`24 พ.ย. 2569` in Thai (Buddhist Era), `24 Nov 2026` in English."""
    if value is None:
        return ""
    day = local_date(value)
    if language == "th":
        return f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {to_buddhist_year(day.year)}"
    return f"{day.day} {ENGLISH_MONTHS_SHORT[day.month - 1]} {day.year}"


def format_datetime(value: datetime | None, language: str = "th") -> str:
    """Date as format_date, then the Bangkok time: `24 พ.ย. 2569 13:05`."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = aware.astimezone(BANGKOK)
    return f"{format_date(local.date(), language)} {local:%H:%M}"
