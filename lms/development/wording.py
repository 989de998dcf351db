"""How a plan revision is named: the first is the original plan, revisions count from the second."""

from flask_babel import gettext as _


def revision_title(number: int) -> str:
    """A revision's name on its own (a heading, a table cell): "Original plan", "Revision 1" …"""
    return _("Original plan") if number <= 1 else _("Revision %(n)s", n=number - 1)


def revision_name(number: int) -> str:
    """A revision's name inside a sentence: "the original plan", "revision 1" …"""
    return _("the original plan") if number <= 1 else _("revision %(n)s", n=number - 1)
