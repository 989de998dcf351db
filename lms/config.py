"""Configuration: defaults here, then instance/config.py, then LMS_* environment variables."""

import os
from datetime import timedelta

DEFAULT_SECRET_KEY = "dev-only-change-me"


class DefaultConfig:
    SECRET_KEY = DEFAULT_SECRET_KEY
    # None means "SQLite file in the instance folder"; resolved in create_app.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    BABEL_DEFAULT_LOCALE = "th"
    BABEL_DEFAULT_TIMEZONE = "Asia/Bangkok"
    LANGUAGES = ("th", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    # Strict-Transport-Security, sent when cookies are Secure (production over https):
    # browsers then refuse plain http to this host for a year. 0 turns it off.
    HSTS_SECONDS = 31_536_000
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch still submits

    # Login throttling (lms.accounts.services.login_pause), never permanent: this many
    # failures for one email from one address pause that pair for the window; over the
    # ceiling window an account takes at most LOGIN_ACCOUNT_MAX_FAILURES from anywhere
    # (a password reset lifts it) and one address at most LOGIN_ADDRESS_MAX_FAILURES.
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    LOGIN_ACCOUNT_MAX_FAILURES = 100
    LOGIN_ADDRESS_MAX_FAILURES = 1000
    LOGIN_CEILING_WINDOW = timedelta(hours=1)

    # Password e-mails (lms.accounts.passwords): a reset link works this long and once; an
    # invitation link this many days, until a password is set. Reset mails are capped per
    # email and per requesting address within an hour, so the form cannot flood a mailbox.
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)
    INVITATION_MAX_AGE_DAYS = 7
    PASSWORD_RESET_MAX_PER_EMAIL = 5
    PASSWORD_RESET_MAX_PER_ADDRESS = 20

    # How many reverse proxies (nginx …) stand in front: their X-Forwarded-For is then
    # trusted, so login throttling counts the real client address, not 127.0.0.1.
    PROXY_COUNT = 0

    # The 70:20:10 mix counts only log entries a supervisor verified (institute
    # completions, coaching and HR imports arrive verified). False counts pending too.
    COUNT_ONLY_VERIFIED_RECORDS = True

    # Evidence files: stored under UPLOAD_FOLDER (default instance/uploads) with generated names.
    UPLOAD_FOLDER = None
    MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
    EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "gif", "webp", "doc", "docx", "xls",
                           "xlsx", "ppt", "pptx", "odt", "ods", "odp", "txt")

    # PDPA: days after a person's deactivation before an administrator may anonymise them
    # (docs/privacy.md says why two years).
    PDPA_RETENTION_DAYS = 730

    # The JSON API (lms.api): calls each token may make in a minute (more answer 429).
    API_CALLS_PER_MINUTE = 600

    PER_PAGE = 25
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    BOOTSTRAP_SERVE_LOCAL = True


# Settings an LMS_* variable may override, with how to read the text.
_ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "PER_PAGE": int,
    "API_CALLS_PER_MINUTE": int,
    "PROXY_COUNT": int,
    "COUNT_ONLY_VERIFIED_RECORDS": lambda v: v.lower() in ("1", "true", "yes"),
    "UPLOAD_FOLDER": str,
    "MAX_EVIDENCE_BYTES": int,
    "PDPA_RETENTION_DAYS": int,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_ACCOUNT_MAX_FAILURES": int,
    "LOGIN_ADDRESS_MAX_FAILURES": int,
    "INVITATION_MAX_AGE_DAYS": int,
    "SESSION_COOKIE_SECURE": lambda v: v.lower() in ("1", "true", "yes"),
    "REMEMBER_COOKIE_SECURE": lambda v: v.lower() in ("1", "true", "yes"),
    "HSTS_SECONDS": int,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USER": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": lambda v: v.lower() in ("1", "true", "yes"),
    "MAIL_SENDER": str,
}


def settings_from_environment(environ=os.environ) -> dict:
    """Read LMS_* variables; LMS_DATABASE_URL becomes SQLALCHEMY_DATABASE_URI."""
    settings = {}
    for name, parse in _ENV_SETTINGS.items():
        raw = environ.get(f"LMS_{name}")
        if raw is None or raw == "":
            continue
        key = "SQLALCHEMY_DATABASE_URI" if name == "DATABASE_URL" else name
        settings[key] = parse(raw)
    return settings
