"""xAPI settings: app config (instance/config.py), else LMS_<NAME>, else the default here."""

import json

from ...core.settings import SHARED_DEFAULTS, read_setting

DEFAULTS = {
    **SHARED_DEFAULTS,
    # Out: the LRS statements are sent to ("…/xAPI/"; statements go to its `statements`).
    # Empty: nothing is queued at all.
    "XAPI_LRS_URL": "",
    "XAPI_LRS_USERNAME": "",
    "XAPI_LRS_PASSWORD": "",
    # In: the LRS learning done elsewhere is fetched from (may be the same LRS). Empty: off.
    "XAPI_IN_LRS_URL": "",
    "XAPI_IN_LRS_USERNAME": "",
    "XAPI_IN_LRS_PASSWORD": "",
    # In: verb IRI -> learning-method slug (a method a learner may log). A JSON object in LMS_….
    "XAPI_VERB_METHODS": {
        "http://adlnet.gov/expapi/verbs/completed": "self-learning",
        "http://adlnet.gov/expapi/verbs/passed": "self-learning",
        "http://adlnet.gov/expapi/verbs/attended": "learning-from-others",
    },
    # In: the hours of a statement without result.duration.
    "XAPI_DEFAULT_HOURS": "1",
    # In: statements are read again this far before the watermark (an LRS may store late, or
    # compare `since` with the timestamp); the unique statement id keeps them from counting twice.
    "XAPI_IN_OVERLAP_SECONDS": 3600,
    "XAPI_IN_PAGE_SIZE": 100,
    # Out: statements per POST; a failed batch waits BASE·2^(attempts-1) seconds, at most MAX.
    "XAPI_BATCH_SIZE": 50,
    "XAPI_RETRY_BASE_SECONDS": 60,
    "XAPI_RETRY_MAX_SECONDS": 6 * 3600,
    # A claim older than this belongs to a sender that died; its statements are taken over.
    "XAPI_STALE_CLAIM_SECONDS": 900,
    "XAPI_TIMEOUT_SECONDS": 20,
    # The scheduler: how often it sends the outbox and fetches.
    "XAPI_SEND_INTERVAL_SECONDS": 300,
    "XAPI_FETCH_INTERVAL_SECONDS": 900,
}


def setting(name: str):
    """The value of one of DEFAULTS: app config, else LMS_<NAME>, else the default."""
    return read_setting(DEFAULTS, name)


def base_url() -> str:
    """The site's address without a trailing slash: the root of every Thaksa IRI."""
    return setting("BASE_URL").rstrip("/")


def verb_methods() -> dict[str, str]:
    """The configured verb IRI -> learning-method slug mapping (JSON text allowed)."""
    value = setting("XAPI_VERB_METHODS")
    return json.loads(value) if isinstance(value, str) else dict(value)


def sending_configured() -> bool:
    return bool(setting("XAPI_LRS_URL"))


def fetching_configured() -> bool:
    return bool(setting("XAPI_IN_LRS_URL"))


def same_lrs() -> bool:
    """Whether statements go out to the LRS they are fetched from."""
    out, into = setting("XAPI_LRS_URL"), setting("XAPI_IN_LRS_URL")
    return bool(out) and out.rstrip("/") == into.rstrip("/")
