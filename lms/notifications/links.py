"""Links to act on a notification: the first page of a list of candidates that the app has.

A candidate is (endpoint, values). Pages of other modules are named by their endpoints;
when one does not exist (or takes other arguments) the next candidate is tried, and the
notification centre is the last resort, so a link never breaks.
"""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.routing import BuildError

from .settings import setting

FALLBACK = ("notifications.centre", {})


def _build(endpoint: str, values: dict, external: bool) -> str:
    if not external:
        return url_for(endpoint, **values)
    base = urlsplit(setting("BASE_URL"))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def resolve(candidates, external: bool = False) -> str:
    """The URL of the first candidate the app can build; absolute (on BASE_URL) for e-mail.

    Outside a request (the outbox sender) every URL is absolute.
    """
    external = external or not has_request_context()
    for endpoint, values in [*candidates, FALLBACK]:
        if endpoint not in current_app.view_functions:
            continue
        try:
            return _build(endpoint, values, external)
        except BuildError:
            continue
    raise BuildError(FALLBACK[0], {}, "GET")  # only if the notifications blueprint is missing
