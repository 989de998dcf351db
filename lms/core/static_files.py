"""Static files that a browser keeps: every URL to one carries a hash of its content
(`/static/css/thaksa.css?v=3f2a…`), and a response to such a URL may be cached for a year
without asking again. A changed file gets a new URL, so nobody sees a stale one; a URL
without the hash (an old bookmark) is revalidated as before."""

import hashlib
import os
from functools import lru_cache

from flask import Flask, current_app, request

STATIC_ENDPOINTS = ("static", "bootstrap.static")
FOR_A_YEAR = "public, max-age=31536000, immutable"


@lru_cache(maxsize=512)
def _content_hash(path: str, modified_ns: int, size: int) -> str:
    """The first 12 hex digits of the file's SHA-256 (keyed by its time and size, so an edited
    file is hashed again)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def content_version(folder: str, filename: str) -> str | None:
    """The version to put in the file's URL; None when there is no such file."""
    path = os.path.join(folder, filename)
    try:
        status = os.stat(path)
    except OSError:
        return None
    return _content_hash(path, status.st_mtime_ns, status.st_size)


def _static_folder(endpoint: str) -> str | None:
    if endpoint == "static":
        return current_app.static_folder
    blueprint = current_app.blueprints.get(endpoint.rsplit(".", 1)[0])
    return blueprint.static_folder if blueprint is not None else None


def register(app: Flask) -> None:
    @app.url_defaults
    def versioned_static_urls(endpoint, values):
        if endpoint in STATIC_ENDPOINTS and "filename" in values and "v" not in values:
            folder = _static_folder(endpoint)
            version = content_version(folder, values["filename"]) if folder else None
            if version:
                values["v"] = version

    @app.after_request
    def cache_versioned_files(response):
        if request.endpoint in STATIC_ENDPOINTS and request.args.get("v") and response.status_code == 200:
            response.headers["Cache-Control"] = FOR_A_YEAR
        return response
