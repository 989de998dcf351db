"""Thaksa (ทักษะ): a learning management system for Thai government digital-skills development."""

import os
import sys

from flask import Flask

from .config import DEFAULT_SECRET_KEY, DefaultConfig, settings_from_environment


class InsecureConfigError(RuntimeError):
    pass


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, LMS_* variables, then `config`.

    No queries, migrations, network calls or scheduler starts happen here.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings_from_environment())
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)

    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        path = os.path.join(app.instance_path, "lms.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    _refuse_default_secret(app)
    if app.debug or app.testing:
        # Development and tests run over plain http, where Secure cookies are dropped.
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False

    _register_cli(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    if _runs_an_lms_command(sys.argv):
        # `flask --app wsgi lms …`: the rest is set up when a command runs, not for its --help
        app.extensions[_PENDING_SETUP] = True
    else:
        _set_up(app)
    return app


_PENDING_SETUP = "lms.pending_setup"
_FLASK_OPTIONS_WITH_A_VALUE = {"--app", "-A", "--env-file", "-e"}


def _runs_an_lms_command(argv: list[str]) -> bool:
    """Whether this process is the Flask command line running `lms …` (which never serves a
    page, nor runs `db` migrations)."""
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        return False
    words = iter(argv[1:])
    for word in words:
        if word in _FLASK_OPTIONS_WITH_A_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word == "lms"
    return False


def finish_setup(app: Flask) -> None:
    """What create_app left for later (an `lms` command that is about to run); else nothing."""
    if app.extensions.pop(_PENDING_SETUP, False):
        _set_up(app, migrations=False)


def _set_up(app: Flask, migrations: bool = True) -> None:
    """Extensions, models, blueprints: what serving a page or running a command needs."""
    from .core import converters, database, inputs

    database.configure_engine_options(app)
    _init_extensions(app, migrations)
    app.url_map.converters["int"] = converters.BoundedIntConverter  # before any route uses it
    inputs.register(app)
    _register_blueprints(app)


def _only_lints_course_files(argv: list[str]) -> bool:
    """`lms courses check` signs and stores nothing, so a course repository's CI needs no key."""
    return any(argv[i:i + 3] == ["lms", "courses", "check"] for i in range(1, len(argv)))


def _refuse_default_secret(app: Flask) -> None:
    if app.config["SECRET_KEY"] != DEFAULT_SECRET_KEY or app.debug or app.testing:
        return
    if not _only_lints_course_files(sys.argv):
        raise InsecureConfigError(
            "Refusing to start with the default secret key. Set LMS_SECRET_KEY in the "
            "environment or SECRET_KEY in instance/config.py, for example: "
            "export LMS_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
        )


def _init_extensions(app: Flask, migrations: bool) -> None:
    from . import models  # noqa: F401  (every table known to Alembic and the ORM)
    from .accounts import sessions
    from .core import i18n
    from .extensions import babel, csrf, db, login_manager

    db.init_app(app)
    if migrations:  # Flask-Migrate imports Alembic; `flask db …` and flask_migrate.upgrade() need it
        from flask_migrate import Migrate

        Migrate(render_as_batch=True, compare_type=True).init_app(
            app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    sessions.init_login(app, login_manager)
    from .core import database

    database.install_sqlite_pragmas()


def _register_blueprints(app: Flask) -> None:
    from flask_bootstrap import Bootstrap5

    from .accounts.admin_views import bp as admin_bp
    from .accounts.audit_views import bp as audit_bp
    from .accounts.views import bp as accounts_bp
    from .assessment.certificates.events import connect_handlers as connect_certificate_handlers
    from .assessment.certificates.views import bp as certificates_bp
    from .assessment.frameworks.views import bp as frameworks_bp
    from .assessment.quizzes.views import bp as quizzes_bp
    from .assessment.ratings.views import bp as ratings_bp
    from .catalog.authoring_views import bp as authoring_bp
    from .classes.views import bp as classes_bp
    from .core.views import bp as core_bp
    from .development.coaching_views import bp as coaching_bp
    from .development.dashboard_views import bp as dashboard_bp
    from .development.log_views import bp as log_bp
    from .development.plan_views import bp as plans_bp
    from .development.views import bp as development_bp
    from .home.catalogue_views import bp as catalogue_bp
    from .notifications.events import connect_handlers
    from .notifications.views import bp as notifications_bp
    from .privacy.views import bp as privacy_bp
    from .reference.rule_views import bp as rules_bp
    from .reference.views import bp as reference_bp
    from .reports.indicator_views import bp as agency_records_bp
    from .reports.views import bp as reports_bp

    Bootstrap5(app)
    # Pages that a higher layer adds to a lower module's blueprint, so that their endpoints
    # stay what every page links to: the home page (core.home) and signing in (accounts.login,
    # accounts.forgot_password …). Imported before the blueprints are registered.
    from .accounts import delegation_views  # noqa: F401  (acting supervisors, on the accounts blueprint)
    from .accounts import pickers as account_pickers  # noqa: F401  (/pickers/…, on the accounts blueprint)
    from .catalog import pickers as course_pickers  # noqa: F401
    from .home import calendar_views  # noqa: F401  (the learner's calendar, on the classes blueprint)
    from .home import views as home_views  # noqa: F401
    from .reports import download_views  # noqa: F401  (PDF and open data, on the reports blueprint)
    from .signin import oidc_views  # noqa: F401  (OpenID Connect sign-in, on the accounts blueprint)
    from .signin import views as signin_views  # noqa: F401

    blueprints = (core_bp, accounts_bp, admin_bp, audit_bp, reference_bp, authoring_bp, catalogue_bp,
                  classes_bp, development_bp, plans_bp, log_bp, coaching_bp, dashboard_bp, notifications_bp,
                  privacy_bp, rules_bp, reports_bp, agency_records_bp, frameworks_bp, quizzes_bp, ratings_bp,
                  certificates_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    from .api import register as register_api

    register_api(app)  # the JSON API, its document and token endpoint, and the token pages
    connect_handlers()  # notices of plans, log entries, coaching and classes, told at once
    connect_certificate_handlers()  # a certificate for each completed course or certified level
    from .integrations.xapi import jobs as xapi_jobs
    from .integrations.xapi import outbox as xapi_outbox
    from .integrations.xapi.views import bp as xapi_bp

    app.register_blueprint(xapi_bp)  # /admin/xapi
    xapi_outbox.connect_handlers()  # xAPI statements queued with what they tell
    xapi_jobs.connect_handlers()  # the scheduler's xAPI send and fetch jobs
    from .core import errors, static_files, templating

    errors.register(app)
    templating.register(app)
    static_files.register(app)


def _register_cli(app: Flask) -> None:
    from .cli import lms_cli

    app.cli.add_command(lms_cli)
