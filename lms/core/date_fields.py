"""Date fields that speak the reader's calendar: `24/11/2569` (B.E.) in Thai, `24/11/2026` in
English. A plain text input, so a browser without script still takes a typed date;
static/js/datepicker.js adds a month grid to every input carrying `data-datepicker`."""

from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import Field
from wtforms.widgets import TextInput

from .dates import (
    BANGKOK,
    DateInputError,
    format_date_input,
    format_datetime_input,
    parse_date_input,
    parse_datetime_input,
)
from .i18n import current_language

EXAMPLE_DAY = date(2026, 11, 24)
EXAMPLE_TIME = datetime(2026, 11, 24, 13, 30)


def date_example() -> str:
    return format_date_input(EXAMPLE_DAY, current_language())


def date_hint() -> str:
    return _("Day/month/year, for example %(example)s.", example=date_example())


def datetime_hint() -> str:
    return _("Day/month/year and 24-hour time, for example %(example)s.",
             example=format_datetime_input(EXAMPLE_TIME, current_language()))


def date_input_message(problem: DateInputError, with_time: bool = False) -> str:
    """What is wrong with a typed date, in the reader's language, naming an example to copy."""
    if problem.reason == "day":
        return _("There is no such day as %(text)s: check the day and the month.", text=problem.text.strip())
    if problem.reason == "year":
        return _("Write the year with four digits in the Buddhist Era (such as %(be)s) "
                 "or the Common Era (such as %(ce)s).", be=2569, ce=2026)
    if with_time:
        return _("Enter the date and time as day/month/year hour:minute, for example %(example)s.",
                 example=format_datetime_input(EXAMPLE_TIME, current_language()))
    return _("Enter the date as day/month/year with a four-digit year, for example %(example)s.",
             example=date_example())


class DateTextInput(TextInput):
    """A text input the picker script recognises; the era and the format ride along for it."""

    def __init__(self, kind: str = "date"):
        super().__init__()
        self.kind = kind

    def __call__(self, field, **kwargs) -> Markup:
        language = current_language()
        kwargs.setdefault("inputmode", "numeric")
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("placeholder", _("dd/mm/yyyy") + (" " + _("hh:mm") if self.kind == "datetime" else ""))
        kwargs.setdefault("maxlength", 19 if self.kind == "datetime" else 10)
        kwargs["data-datepicker"] = self.kind
        kwargs["data-era"] = "be" if language == "th" else "ce"
        kwargs["data-language"] = language
        return super().__call__(field, **kwargs)


class ThaiDateField(Field):
    """A date typed as dd/mm/yyyy (B.E. or C.E.) or ISO yyyy-mm-dd; shown in the reader's era.
    A refused date keeps what was typed and says why in the reader's language."""

    widget = DateTextInput("date")
    hint = staticmethod(date_hint)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", LazyString(self.hint))
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self._format(self.data) if self.data else ""

    @staticmethod
    def _format(value) -> str:
        return format_date_input(value, current_language())

    def _parse(self, text: str):
        return parse_date_input(text)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = self._parse(valuelist[0])
        except DateInputError as problem:
            self.data = None
            raise ValueError(date_input_message(problem, with_time=self.widget.kind == "datetime")) from None


class ThaiDateTimeField(ThaiDateField):
    """A Bangkok date and time typed as `24/11/2569 13:30` (or ISO `2026-11-24T13:30`); the
    data is aware, in Bangkok time, as DateTimeLocalField(tz=BANGKOK) gave it."""

    widget = DateTextInput("datetime")
    hint = staticmethod(datetime_hint)

    @staticmethod
    def _format(value) -> str:
        return format_datetime_input(value, current_language())

    def _parse(self, text: str):
        return parse_datetime_input(text).replace(tzinfo=BANGKOK)

