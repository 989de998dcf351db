"""Which language a request is served in: the person's choice, else the session's, else Thai;
and translation lookups that resolve the catalogue once per request, not once per string."""

from flask import current_app, g, has_request_context, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

_CACHED = "_lms_translations"  # on g: (the locale they were resolved for, the translations)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # CLI commands and jobs: the default, unless they force a person's locale.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _resolved_locale(state: dict):
    """The locale Flask-Babel already resolved in this app context (`g`'s dict), or None:
    reading it skips get_locale's lookups; force_locale clears it, so it is never stale."""
    return getattr(state.get("_flask_babel"), "babel_locale", None)


def current_language() -> str:
    """The request's language code (a page asks some thirty times)."""
    locale = (_resolved_locale(g._get_current_object().__dict__) if g else None) or get_locale()
    return locale.language if locale else "th"


def cached_translations():
    """Flask-Babel's translations for the current locale, looked up once per app context.

    Flask-Babel resolves the domain, the locale and its catalogue cache on every string; a
    page asks for some seventy. The locale object is compared by identity, so force_locale
    (mail in the recipient's language) still gets its own catalogue.
    """
    if not g:
        return get_translations()  # no app context: Flask-Babel's null translations
    state = g._get_current_object().__dict__
    locale = _resolved_locale(state)
    cached = state.get(_CACHED)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    state[_CACHED] = (get_locale(), translations)
    return translations


@pass_context
def template_gettext(context, message: str, /, **variables) -> str:
    """`_()` and `gettext()` in templates: what Jinja's newstyle gettext does (escaped,
    always %-formatted), without its two extra call layers and Flask-Babel's lookups."""
    text = cached_translations().ugettext(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    # Formatting without variables only turns "%%" into "%": skipped when there is none.
    return text % variables if variables or "%" in text else text


@pass_context
def template_ngettext(context, singular: str, plural: str, num: int, /, **variables) -> str:
    variables.setdefault("num", num)
    text = cached_translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def install_template_gettext(jinja_env) -> None:
    """Replace the gettext callables Flask-Babel installed in Jinja by the cached ones."""
    jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)
