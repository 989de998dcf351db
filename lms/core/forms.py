"""What every module's forms share."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SelectChoice

from .inputs import DB_INT_MAX, parse_int

# Digits with an optional sign and decimal point: no exponent ("1e400"), NaN or Infinity,
# which Decimal reads but which then fail comparisons and rounding with an exception.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})")


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def apply_errors(form, errors: dict[str, list[str]]) -> None:
    """Add a service's findings, by field name, to fields the form itself found nothing wrong
    with; the fields of a list of subforms (`meetings-0-starts_at`) are found by their names too."""
    fields = dict(_fields_by_name(form))
    for name, messages in errors.items():
        field = fields[name]
        if not field.errors:
            field.errors = list(messages)


def _fields_by_name(form):
    for field in form:
        yield field.name, field
        for entry in getattr(field, "entries", ()):
            if hasattr(entry, "form"):
                yield from _fields_by_name(entry.form)


def db_int(value) -> int:
    """`coerce` for a select of ids or numbers: a whole number the database can hold, else
    ValueError, which the select reports as an invalid choice (not an overflow in a query)."""
    if isinstance(value, int):
        return value
    number = parse_int(str(value), minimum=-DB_INT_MAX - 1)
    if number is None:
        raise ValueError(value)
    return number


class DbIntegerField(IntegerField):
    """An IntegerField for a database integer column: a number past its range is a field
    error, not an overflow when the row is stored."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not -DB_INT_MAX - 1 <= self.data <= DB_INT_MAX:
            self.data = None
            raise ValueError(self.invalid_value_message or _l("Enter a smaller whole number."))


class PlainDecimalField(DecimalField):
    """A DecimalField that takes only plainly written numbers: "1e400" or "NaN" is a field
    error instead of an exception in a later comparison."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() and not _PLAIN_DECIMAL.fullmatch(valuelist[0].strip()):
            self.data = None
            raise ValueError(self.invalid_value_message or _l("Enter a number such as 12 or 7.5."))
        super().process_formdata(valuelist)
