"""E-mail for a notification: plain text and HTML in the person's language, with links."""

from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from .kinds import KINDS
from .links import resolve
from .messages import compose
from .services import unsubscribe_token
from .settings import setting


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _language(person) -> str:
    return person.language if person.language in current_app.config["LANGUAGES"] else "th"


def sender_address() -> str:
    """The From address: MAIL_SENDER, else no-reply at the site's host."""
    host = urlsplit(setting("BASE_URL")).hostname or "localhost"
    return current_app.config.get("MAIL_SENDER") or f"no-reply@{host}"


def build_message(notification, person, outbox_id: int) -> EmailMessage:
    """The e-mail for one notification to one person.

    Its Message-ID is fixed by the outbox row, so a message retried after an uncertain
    failure is recognisably the same message. It carries a one-click unsubscribe for its
    kind (RFC 8058), unless it is account security mail, and says it was sent automatically
    (RFC 3834).
    """
    language = _language(person)
    kind = KINDS[notification.kind]
    content = compose(notification.kind, notification.payload, language, person)
    # Account security mail (a password link) cannot be switched off: no unsubscribe link.
    unsubscribe_url = resolve([("notifications.unsubscribe",
                                {"token": unsubscribe_token(person.id, notification.kind)})],
                              external=True) if kind.in_centre else ""
    context = {
        "content": content, "language": language,
        "name": (language == "en" and person.name_en) or person.name_th,
        "action_url": resolve(content.target, external=True),
        "extra": [(label, resolve(candidates, external=True)) for label, candidates in content.extra],
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": resolve([("notifications.preferences", {})], external=True) if kind.in_centre else "",
    }
    with force_locale(language):
        # The wording around the message, here rather than in the templates so that the
        # plain-text template (which pybabel does not scan) says exactly what the HTML says.
        context["words"] = {
            "greeting": _("Dear %(name)s,", name=context["name"]),
            "why": _("Thaksa sent you this because of your notification settings.") if kind.in_centre
            else _("Thaksa sent you this about your account. If you did not expect it, ignore it."),
            "unsubscribe": _("Stop e-mails of this kind"),
            "preferences": _("Change your notification settings"),
            "thaksa": _("Thaksa"),
        }
        text = render_template("notifications/email/message.txt", **context)
        html = render_template("notifications/email/message.html", **context)
    host = urlsplit(setting("BASE_URL")).hostname or "localhost"
    # Lines up to RFC 5322's 998 characters: a long List-Unsubscribe URL must not be folded
    # into encoded words, which mail clients would not read as a URL.
    message = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    message["Subject"] = _one_line(content.title)  # titles carry user text: no header injection
    message["From"] = sender_address()
    message["To"] = formataddr((_one_line(context["name"]), person.email))
    message["Date"] = formatdate()
    message["Message-ID"] = f"<outbox-{outbox_id}@{host}>"
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after the body: set_content drops Content-* headers
    return message
