"""The public page that explains the guideline's rules, and the template helpers every page
uses to name a rule or a policy version instead of showing its code or slug."""

from flask import Blueprint, render_template, url_for
from sqlalchemy import select

from ..core.access import PUBLIC, require
from ..core.dates import today_in_bangkok
from ..core.i18n import current_language
from ..extensions import db
from ..rules.names import RULES, rule_named
from .guideline import shipped_guideline
from .models import PolicyVersion
from .services import guideline_in_database, policy_for

bp = Blueprint("rules", __name__, url_prefix="/rules", template_folder="templates")

@bp.app_template_global()
def rule_name(code: str) -> str:
    """A rule's name in the reader's language, for a verdict's `rule` code ("R2")."""
    return rule_named(code).name(current_language())


@bp.app_template_global()
def rule_url(code: str) -> str:
    """The rules page, at the rule's own explanation."""
    return url_for("rules.index", _anchor=rule_named(code).slug)


@bp.app_template_global()
def policy_name(version: str) -> str:
    """A policy version's title in the reader's language (its slug only when it has none)."""
    language = current_language()
    if guideline_in_database():
        row = db.session.scalar(select(PolicyVersion).where(PolicyVersion.version == version))
        titles = (row.title_th, row.title_en) if row else ("", "")
    else:
        shipped = {p["version"]: p for p in shipped_guideline()["policy_versions"]}.get(version, {})
        titles = (shipped.get("title_th", ""), shipped.get("title_en", ""))
    title = (titles[0] if language == "th" else titles[1]) or titles[0] or titles[1]
    return title or version


@bp.route("/")
@require(PUBLIC)
def index():
    policy = policy_for(today_in_bangkok())
    return render_template("reference/rules.html", rules=RULES, policy=policy, language=current_language())
