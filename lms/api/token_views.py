"""The pages where people manage their personal access tokens and administrators the
systems (OAuth clients) they registered, with each credential's calls (its audit).

A secret is shown once, on the page the POST that made it answers (not after a redirect,
which would need to keep it somewhere), sent with Cache-Control: no-store.
"""

from dataclasses import dataclass

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..accounts.models import Person
from ..accounts.services import organisation_subtree_ids
from ..core.access import require, visible_or_404
from ..core.models import utcnow
from ..core.pagination import CountedPage
from ..extensions import db
from .forms import ClientForm, PersonalTokenForm
from .models import ApiCall, ApiClient, ApiToken
from .scopes import SCOPES
from .spec import PREFIX, TOKEN_PATH
from .tokens import create_personal_token, register_client, revoke_client, revoke_token

bp = Blueprint("api_tokens", __name__, template_folder="templates")

PER_PAGE = 50
CALLS_SHOWN = 100  # a credential's newest calls; older ones stay in the table


@dataclass(frozen=True)
class RowsPage(CountedPage):
    """A page of a credential list, shaped for the layout's `pager` macro."""

    rows: list
    page: int
    per_page: int
    total: int


def _page_of(statement, count_statement, scalars: bool = False) -> RowsPage:
    """One page of `statement`'s rows (its first column alone when `scalars`)."""
    number = max(1, request.args.get("page", 1, type=int))
    total = db.session.scalar(count_statement)
    result = db.session.execute(statement.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).unique()
    rows = result.scalars().all() if scalars else result.all()
    return RowsPage(rows=rows, page=number, per_page=PER_PAGE, total=total)


def _no_store(html: str):
    """A page that shows a secret: never kept by the browser's or a proxy's cache."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def _me() -> Person:
    return current_user._get_current_object()


# Personal access tokens ------------------------------------------------------------------

def _my_tokens() -> RowsPage:
    mine = (ApiToken.person_id == current_user.id, ApiToken.kind == "personal")
    return _page_of(select(ApiToken).where(*mine).order_by(ApiToken.created_at.desc(), ApiToken.id.desc()),
                    select(func.count(ApiToken.id)).where(*mine), scalars=True)


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@require("signed_in")
def tokens():
    form = PersonalTokenForm()
    if form.validate_on_submit():
        token, secret = create_personal_token(_me(), form.name.data, form.scopes.data, form.days.data)
        db.session.commit()
        return _no_store(render_template("api/token_created.html", token=token, secret=secret))
    return render_template("api/tokens.html", form=form, tokens=_my_tokens(), now=utcnow(), scopes=SCOPES)


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@require("revoke_api_token")
def revoke_personal_token(token_id: int):
    token = visible_or_404(ApiToken, token_id, "revoke_api_token")
    revoke_token(token)
    db.session.commit()
    flash(_("The token %(name)s was revoked: calls made with it are now refused.", name=token.name), "success")
    return redirect(url_for("api_tokens.tokens"))


@bp.route("/account/api-tokens/<int:token_id>/calls")
@require("revoke_api_token")
def token_calls(token_id: int):
    token = visible_or_404(ApiToken, token_id, "revoke_api_token")
    calls = db.session.scalars(select(ApiCall).where(ApiCall.token_id == token.id)
                               .order_by(ApiCall.at.desc(), ApiCall.id.desc()).limit(CALLS_SHOWN)).all()
    return render_template("api/calls.html", calls=calls, title=token.name, prefix=token.prefix,
                           back=url_for("api_tokens.tokens"), shown=CALLS_SHOWN)


# System clients --------------------------------------------------------------------------

def _clients_in_reach():
    """The clients the current administrator manages, as the access layer's
    "manage_api_client" says: their own, and (site admin) all or (agency admin) those whose
    person is in a unit at or below their agency."""
    statement = select(ApiClient).join(ApiClient.person)
    if current_user.is_site_admin:
        return statement
    condition = ApiClient.person_id == current_user.id
    if current_user.admin_of is not None:
        condition = or_(condition, Person.organisation_id.in_(organisation_subtree_ids(current_user.admin_of)))
    return statement.where(condition)


def _clients_page() -> RowsPage:
    in_reach = _clients_in_reach()
    last_used = (select(ApiToken.client_id, func.max(ApiToken.last_used_at).label("last_used_at"))
                 .where(ApiToken.client_id.is_not(None)).group_by(ApiToken.client_id).subquery())
    statement = (in_reach.add_columns(last_used.c.last_used_at)
                 .outerjoin(last_used, last_used.c.client_id == ApiClient.id)
                 .options(joinedload(ApiClient.person))
                 .order_by(ApiClient.created_at.desc(), ApiClient.id.desc()))
    return _page_of(statement, select(func.count()).select_from(in_reach.subquery()))


def _token_url() -> str:
    return url_for("api_oauth.issue_token", _external=True)


def _me_url() -> str:
    return request.host_url.rstrip("/") + PREFIX + "/me"


@bp.route("/admin/api-clients", methods=["GET", "POST"])
@require("administer_agency")
def clients():
    form = ClientForm()
    if form.validate_on_submit():
        client, secret = register_client(_me(), form.name.data, form.scopes.data)
        db.session.commit()
        return _no_store(render_template("api/client_created.html", client=client, secret=secret,
                                         token_url=_token_url(),
                                         me_url=_me_url()))
    return render_template("api/clients.html", form=form, clients=_clients_page(), token_url=_token_url(),
                           token_path=TOKEN_PATH, me_url=_me_url())


@bp.route("/admin/api-clients/<int:client_id>/revoke", methods=["POST"])
@require("manage_api_client")
def revoke_api_client(client_id: int):
    client = visible_or_404(ApiClient, client_id, "manage_api_client")
    revoke_client(client)
    db.session.commit()
    flash(_("The system %(name)s was revoked: it can no longer obtain tokens, and its tokens are refused.",
            name=client.name), "success")
    return redirect(url_for("api_tokens.clients"))


@bp.route("/admin/api-clients/<int:client_id>/calls")
@require("manage_api_client")
def client_calls(client_id: int):
    client = visible_or_404(ApiClient, client_id, "manage_api_client")
    calls = db.session.scalars(select(ApiCall).join(ApiToken, ApiToken.id == ApiCall.token_id)
                               .where(ApiToken.client_id == client.id)
                               .order_by(ApiCall.at.desc(), ApiCall.id.desc()).limit(CALLS_SHOWN)).all()
    return render_template("api/calls.html", calls=calls, title=client.name, prefix=client.client_id,
                           back=url_for("api_tokens.clients"), shown=CALLS_SHOWN)
