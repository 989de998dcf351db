"""Thai dates and fiscal years. Pure: no Flask here, the locale is passed in."""

import re
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


def format_fiscal_year(fiscal_year_be: int, language: str = "th") -> str:
    """A fiscal year (given in Buddhist Era) as a reader writes it: `2570` in Thai,
    `2027 (B.E. 2570)` in English (the Common Era year the fiscal year ends in)."""
    if language == "th":
        return str(fiscal_year_be)
    return f"{fiscal_year_be - BUDDHIST_ERA_OFFSET} (B.E. {fiscal_year_be})"


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


# ---------------------------------------------------------------- typed dates (form fields)

# A typed year from here on is the Buddhist Era; below it, from 1900, the Common Era.
BUDDHIST_YEARS_FROM = 2400
EARLIEST_TYPED_YEAR_CE, LATEST_TYPED_YEAR_CE = 1900, 2399
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")


class DateInputError(ValueError):
    """Why a typed date was refused: `shape` (not day/month/four-digit year), `day` (no such
    day, 31/02/2569) or `year` (a year neither era makes plausible). `time` for a bad time."""

    def __init__(self, reason: str, text: str):
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


def _year_ce(year: int, text: str) -> int:
    if year >= BUDDHIST_YEARS_FROM:
        year -= BUDDHIST_ERA_OFFSET
    if not EARLIEST_TYPED_YEAR_CE <= year <= LATEST_TYPED_YEAR_CE:
        raise DateInputError("year", text)
    return year


def parse_date_input(text: str) -> date:
    """A date typed as dd/mm/yyyy (the year B.E. from 2400, else C.E.) or ISO yyyy-mm-dd;
    Thai digits allowed. DateInputError for an ambiguous or impossible date."""
    cleaned = text.strip().translate(_THAI_DIGITS)
    if match := _DAY_FIRST.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateInputError("shape", text)
    year = _year_ce(year, text)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError("day", text) from None


def parse_datetime_input(text: str) -> datetime:
    """A date as parse_date_input, then a space (or ISO's T) and HH:MM: a naive local datetime."""
    cleaned = text.strip().translate(_THAI_DIGITS)
    day_text, _, time_text = cleaned.replace("T", " ", 1).partition(" ")
    match = _TIME.fullmatch(time_text.strip())
    if not match:
        raise DateInputError("time" if day_text and time_text.strip() else "shape", text)
    day = parse_date_input(day_text)
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateInputError("time", text)
    return datetime(day.year, day.month, day.day, hour, minute, second)


def format_date_input(value: date | datetime | None, language: str = "th") -> str:
    """A date as a field shows it: `24/11/2569` in Thai (B.E.), `24/11/2026` in English."""
    if value is None:
        return ""
    day = local_date(value)
    year = to_buddhist_year(day.year) if language == "th" else day.year
    return f"{day.day:02d}/{day.month:02d}/{year:04d}"


def format_datetime_input(value: datetime | None, language: str = "th") -> str:
    """A datetime as a field shows it, in Bangkok time: `24/11/2569 13:05`."""
    if value is None:
        return ""
    local = value.astimezone(BANGKOK) if value.tzinfo else value
    return f"{format_date_input(local.date(), language)} {local:%H:%M}"
