"""The route walk's values for the credential pages' URL arguments (tests/core/walk.py):
one token and one system each that the walk's people own, and one of someone else's."""

from lms.api.tokens import create_personal_token, register_client


def api_url_arguments(world) -> dict:
    tokens = [create_personal_token(world[k], f"walk {k}", ["people:read"], 30)[0]
              for k in ("learner", "other_learner")]
    clients = [register_client(world[k], f"walk {k}", ["people:read"])[0]
               for k in ("agency_admin", "site_admin")]
    return {
        "token_id": [(t.id, t) for t in tokens],
        "client_id": [(c.id, c) for c in clients],
    }
