"""Configuration: defaults here, then instance/config.py, then LMS_* environment variables."""

import json
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

    # The JSON API (lms.api): calls each token may make in a minute (more answer 429), and
    # how long the call log (addresses included) keeps a call.
    API_CALLS_PER_MINUTE = 600
    API_CALL_RETENTION_DAYS = 180

    # LDAP / Active Directory sign-in (lms.signin.directory, docs/sso.md). An empty URL turns
    # it off. The login form's password is checked by binding to the directory as the person.
    LDAP_URL = ""  # ldap://dc1.ministry.go.th or ldaps://…:636
    LDAP_BIND_DN = ""  # a read-only service account that searches for the person
    LDAP_BIND_PASSWORD = ""
    LDAP_USER_DN_TEMPLATE = ""  # without a service account: bind as "{login}" (AD UPN) or "uid={login},ou=…"
    LDAP_USER_SEARCH_BASE = ""
    LDAP_USER_FILTER = "(|(mail={login})(uid={login})(sAMAccountName={login}))"
    LDAP_MAIL_ATTRIBUTE = "mail"
    LDAP_GROUP_ROLES: dict = {}  # group DN -> "site_admin" or "agency_admin:<organisation code>"
    LDAP_GROUP_SEARCH_BASE = ""  # where groups holding groups are searched (empty: above people and mapped groups)
    LDAP_START_TLS = False
    LDAP_CA_CERTS_FILE = ""  # the CA bundle that signed the directory's certificate (default: the system's)
    LDAP_TIMEOUT = 5  # seconds to connect and to wait for each answer

    # OpenID Connect sign-in (lms.signin.oidc, docs/sso.md): ThaID, Microsoft Entra, Google
    # Workspace... An empty discovery URL turns it off. A person is linked by the verified
    # email in the ID token, or by another claim (a citizen-ID hash) matched against the
    # people's citizen_id_hash that HR sends; OIDC_CREATE_ACCOUNTS adds an unknown person to
    # the organisation whose code is OIDC_DEFAULT_ORGANISATION_CODE.
    OIDC_DISCOVERY_URL = ""  # https://…/.well-known/openid-configuration
    OIDC_CLIENT_ID = ""
    OIDC_CLIENT_SECRET = ""
    OIDC_PROVIDER_NAME = "OpenID Connect"  # on the button: "Sign in with ThaID"
    OIDC_LINK_CLAIM = "email"
    OIDC_CREATE_ACCOUNTS = False
    OIDC_DEFAULT_ORGANISATION_CODE = ""
    OIDC_TIMEOUT = 10  # seconds for each call to the provider

    PER_PAGE = 25
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    BOOTSTRAP_SERVE_LOCAL = True


# Settings an LMS_* variable may override, with how to read the text.
_ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "PER_PAGE": int,
    "API_CALLS_PER_MINUTE": int,
    "API_CALL_RETENTION_DAYS": int,
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
    "LDAP_URL": str,
    "LDAP_BIND_DN": str,
    "LDAP_BIND_PASSWORD": str,
    "LDAP_USER_DN_TEMPLATE": str,
    "LDAP_USER_SEARCH_BASE": str,
    "LDAP_USER_FILTER": str,
    "LDAP_MAIL_ATTRIBUTE": str,
    "LDAP_GROUP_ROLES": json.loads,  # {"cn=lms-admins,ou=groups,dc=…": "site_admin"}
    "LDAP_GROUP_SEARCH_BASE": str,
    "LDAP_START_TLS": lambda v: v.lower() in ("1", "true", "yes"),
    "LDAP_CA_CERTS_FILE": str,
    "LDAP_TIMEOUT": float,
    "OIDC_DISCOVERY_URL": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "OIDC_PROVIDER_NAME": str,
    "OIDC_LINK_CLAIM": str,
    "OIDC_CREATE_ACCOUNTS": lambda v: v.lower() in ("1", "true", "yes"),
    "OIDC_DEFAULT_ORGANISATION_CODE": str,
    "OIDC_TIMEOUT": float,
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
