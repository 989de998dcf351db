"""E-mail for a notification, or for a digest of a person's reminders: plain text and HTML
in the person's language, with links."""

from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.dates import format_date
from .kinds import KINDS
from .links import resolve
from .message_parts import Content
from .messages import compose
from .services import DIGEST, unsubscribe_token
from .settings import setting


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _language(person) -> str:
    return person.language if person.language in current_app.config["LANGUAGES"] else "th"


def _name(person, language: str) -> str:
    return (language == "en" and person.name_en) or person.name_th


def sender_address() -> str:
    """The From address: MAIL_SENDER, else no-reply at the site's host."""
    host = urlsplit(setting("BASE_URL")).hostname or "localhost"
    return current_app.config.get("MAIL_SENDER") or f"no-reply@{host}"


def _entry(content: Content) -> dict:
    """A composed message with its links made absolute, for the templates."""
    return {"content": content, "action_url": resolve(content.target, external=True),
            "extra": [(label, resolve(candidates, external=True)) for label, candidates in content.extra]}


def _unsubscribe_url(person, kind: str) -> str:
    return resolve([("notifications.unsubscribe", {"token": unsubscribe_token(person.id, kind)})], external=True)


def _envelope(subject: str, person, language: str, outbox_id: int, unsubscribe_url: str,
              text: str, html: str) -> EmailMessage:
    """The message around rendered parts: headers, Message-ID fixed by the outbox row (a
    message retried after an uncertain failure is recognisably the same), a one-click
    unsubscribe (RFC 8058) when given, and the mark of automatic mail (RFC 3834)."""
    host = urlsplit(setting("BASE_URL")).hostname or "localhost"
    # Lines up to RFC 5322's 998 characters: a long List-Unsubscribe URL must not be folded
    # into encoded words, which mail clients would not read as a URL.
    message = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    message["Subject"] = _one_line(subject)  # titles carry user text: no header injection
    message["From"] = sender_address()
    message["To"] = formataddr((_one_line(_name(person, language)), person.email))
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


def build_message(notification, person, outbox_id: int) -> EmailMessage:
    """The e-mail for one notification sent at once (account mail, an event notice).

    It carries a one-click unsubscribe for its kind, unless it is account security mail.
    """
    language = _language(person)
    kind = KINDS[notification.kind]
    content = compose(notification.kind, notification.payload, language, person)
    # Account security mail (a password link) cannot be switched off: no unsubscribe link.
    unsubscribe_url = _unsubscribe_url(person, notification.kind) if kind.in_centre else ""
    context = {
        **_entry(content), "language": language, "name": _name(person, language),
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
    return _envelope(content.title, person, language, outbox_id, unsubscribe_url, text, html)


def digest_subject(titles: list[str], cadence: str, day, language: str) -> str:
    """A digest's subject: the one reminder's own title, else how many and for when."""
    if len(titles) == 1:
        return titles[0]
    with force_locale(language):
        when = format_date(day, language)
        if cadence == "weekly":
            return _("Thaksa: %(n)s reminders for the week to %(day)s", n=len(titles), day=when)
        return _("Thaksa: %(n)s reminders for %(day)s", n=len(titles), day=when)


def build_digest_message(digest, notifications, person, outbox_id: int) -> EmailMessage:
    """One e-mail listing every reminder in a digest, each with its lines and its link.

    Its one-click unsubscribe switches the kinds it carries to in-app only.
    """
    language = _language(person)
    entries = [_entry(compose(n.kind, n.payload, language, person)) for n in notifications]
    subject = digest_subject([entry["content"].title for entry in entries], digest.cadence, digest.day, language)
    context = {
        "entries": entries, "language": language, "name": _name(person, language), "subject": subject,
        "unsubscribe_url": _unsubscribe_url(person, DIGEST),
        "preferences_url": resolve([("notifications.preferences", {})], external=True),
    }
    with force_locale(language):
        weekly = digest.cadence == "weekly"
        context["words"] = {
            "greeting": _("Dear %(name)s,", name=context["name"]),
            "intro": _("Your reminders of the past week, in one e-mail:") if weekly
            else _("Your reminders of today, in one e-mail:"),
            "why": _("Thaksa gathers your reminders into one e-mail a week, as your notification settings say. "
                     "Each is also in your notification centre.") if weekly
            else _("Thaksa gathers your reminders into one e-mail a day, as your notification settings say. "
                   "Each is also in your notification centre."),
            "unsubscribe": _("Stop reminder e-mails (keep them in the app)"),
            "preferences": _("Change your notification settings"),
            "thaksa": _("Thaksa"),
        }
        text = render_template("notifications/email/digest.txt", **context)
        html = render_template("notifications/email/digest.html", **context)
    return _envelope(subject, person, language, outbox_id, context["unsubscribe_url"], text, html)
