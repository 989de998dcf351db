"""Templates translate through a catalogue looked up once per request (lms.core.i18n), and still
follow the request's language, force_locale (mail in the recipient's language), escaping and
%-formatting as Flask-Babel's own gettext does."""

from flask import render_template_string
from flask_babel import force_locale

from lms.core.i18n import cached_translations


def render(source, **context):
    return render_template_string(source, **context)


def test_templates_follow_the_locale_even_when_forced_mid_request(app):
    with app.test_request_context("/"):
        assert render("{{ _('Log out') }}") == "ออกจากระบบ"
        with force_locale("en"):
            assert render("{{ _('Log out') }}") == "Log out"
        assert render("{{ _('Log out') }}") == "ออกจากระบบ"


def test_variables_are_escaped_and_any_name_may_be_used(app):
    with app.test_request_context("/"):
        assert render("{{ _('Learning dashboard: %(name)s', name=who) }}", who="<b>") == \
            "แดชบอร์ดการเรียนรู้: &lt;b&gt;"
        assert render("{{ _('Once they are verified: %(message)s', message='ok') }}") == \
            "เมื่อได้รับการรับรองแล้ว: ok"
        assert render("{{ ngettext('%(num)s entry was returned', '%(num)s entries were returned', 3) }}") == \
            "มี 3 รายการที่ถูกส่งกลับแก้ไข"
        assert render("{{ gettext('100%%') }}") == "100%"  # always %-formatted, as newstyle gettext is


def test_the_catalogue_is_looked_up_once_per_request(app):
    with app.test_request_context("/"):
        first = cached_translations()
        assert cached_translations() is first
        with force_locale("en"):
            assert cached_translations() is not first
        assert cached_translations().ugettext("Log out") == "ออกจากระบบ"


def test_the_current_language_follows_force_locale_too(app):
    with app.test_request_context("/"):
        assert render("{{ current_language() }}") == "th"
        with force_locale("en"):
            assert render("{{ current_language() }}") == "en"
            assert render("{{ _('Log out') }}") == "Log out"
        assert render("{{ current_language() }}") == "th"
