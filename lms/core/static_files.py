"""Static files that a browser keeps: every URL to one carries a hash of its content
(`/static/css/thaksa.css?v=3f2a…`), and a response to such a URL may be cached for a year
without asking again. A changed file gets a new URL, so nobody sees a stale one; a URL
without the hash (an old bookmark), or with another file's hash, is revalidated as before.

A stylesheet is served with the files it names (`url(../fonts/…)`) under their versioned
URLs too, so its fonts are kept as long; its own version is the hash of what is served.
Text files (CSS, JavaScript, SVG) go compressed to a browser that accepts it: Brotli where
the `brotli` package is installed, else gzip. Each file is read, rewritten and compressed
once per process and kept in memory (the shipped files make well under a megabyte).
Pages themselves are not compressed (see docs/decisions.md: BREACH)."""

import gzip
import hashlib
import mimetypes
import os
import posixpath
import re
import threading
from dataclasses import dataclass, field

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

try:  # Brotli saves a quarter on Bootstrap's stylesheet; gzip alone still works
    import brotli
except ImportError:  # pragma: no cover - brotli is a runtime dependency
    brotli = None

STATIC_ENDPOINTS = ("static", "bootstrap.static")
FOR_A_YEAR = "public, max-age=31536000, immutable"
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml",
                "application/json", "text/plain"}
SMALLEST_WORTH_COMPRESSING = 512  # bytes: below this the headers cost more than the saving
LARGEST_KEPT_IN_MEMORY = 2 * 1024 * 1024  # bigger files (none shipped) go through Flask as they are
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)""")


@dataclass
class Asset:
    """A file as served: its bytes (a stylesheet's with versioned url()s), their hash, and
    its compressed forms, made when first asked for."""

    body: bytes
    version: str
    mimetype: str
    modified: float
    stamps: tuple  # (path, mtime_ns, size) of the file and of every file it names
    _encoded: dict = field(default_factory=dict)

    @property
    def compressible(self) -> bool:
        return self.mimetype in COMPRESSIBLE and len(self.body) >= SMALLEST_WORTH_COMPRESSING

    def encodings(self) -> list[str]:
        if not self.compressible:
            return []
        return ["br", "gzip"] if brotli is not None else ["gzip"]

    def encoded(self, encoding: str) -> bytes:
        if encoding not in self._encoded:
            if encoding == "br":
                self._encoded[encoding] = brotli.compress(self.body, quality=11)
            else:
                self._encoded[encoding] = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self._encoded[encoding]


_assets: dict[str, Asset] = {}
_lock = threading.Lock()


def _stamp(path: str) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    return (path, status.st_mtime_ns, status.st_size)


def _hash(body: bytes) -> str:
    """The first 12 hex digits of the SHA-256: what goes into the URL."""
    return hashlib.sha256(body).hexdigest()[:12]


def load_asset(folder: str, filename: str) -> Asset | None:
    """The file as served, from memory while neither it nor a file it names has changed;
    None when there is no such file (or it lies outside the folder)."""
    path = safe_join(folder, filename)
    stamp = _stamp(path) if path else None
    if stamp is None or stamp[2] > LARGEST_KEPT_IN_MEMORY:
        return None
    asset = _assets.get(path)
    if asset is not None and asset.stamps[0] == stamp and all(_stamp(s[0]) == s for s in asset.stamps[1:]):
        return asset
    asset = _read(folder, filename, path, stamp)
    with _lock:
        _assets[path] = asset
    return asset


def _read(folder: str, filename: str, path: str, stamp: tuple) -> Asset:
    with open(path, "rb") as handle:
        body = handle.read()
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    stamps = [stamp]
    if mimetype == "text/css":
        body, named = _versioned_css(folder, filename, body)
        stamps += named
    return Asset(body=body, version=_hash(body), mimetype=mimetype, modified=stamp[1] / 1e9, stamps=tuple(stamps))


def _versioned_css(folder: str, filename: str, body: bytes) -> tuple[bytes, list[tuple]]:
    """The stylesheet with `?v=<hash>` on each relative url() to a file in the same folder,
    and the stamps of those files (so that a changed font makes a new stylesheet)."""
    named = []

    def versioned(match: re.Match) -> str:
        quote, url = match.group(1), match.group(2)
        if url.startswith(("data:", "/", "#")) or ":" in url or "?" in url:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(filename), url))
        if target.startswith("..") or target.endswith(".css"):  # outside, or a stylesheet (no loops)
            return match.group(0)
        asset = load_asset(folder, target)
        if asset is None:
            return match.group(0)
        named.extend(asset.stamps)
        return f"url({quote}{url}?v={asset.version}{quote})"

    text = CSS_URL.sub(versioned, body.decode("utf-8"))
    return text.encode("utf-8"), named


def content_version(folder: str, filename: str) -> str | None:
    """The version to put in the file's URL; None when there is no such file."""
    asset = load_asset(folder, filename)
    return asset.version if asset is not None else None


def _static_folder(endpoint: str) -> str | None:
    if endpoint == "static":
        return current_app.static_folder
    blueprint = current_app.blueprints.get(endpoint.rsplit(".", 1)[0])
    return blueprint.static_folder if blueprint is not None else None


def _serve(endpoint: str, filename: str) -> Response:
    folder = _static_folder(endpoint)
    if not folder:
        raise NotFound()
    asset = load_asset(folder, filename)
    if asset is None:  # missing, or too big to keep: Flask's own answer (404, or the file streamed)
        if endpoint == "static":
            return current_app.send_static_file(filename)
        return current_app.blueprints[endpoint.rsplit(".", 1)[0]].send_static_file(filename)
    offered = asset.encodings()
    encoding = request.accept_encodings.best_match(offered) if offered else None
    response = Response(asset.encoded(encoding) if encoding else asset.body, mimetype=asset.mimetype)
    if encoding:
        response.content_encoding = encoding
    if offered:
        response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.version}-{encoding}" if encoding else asset.version)
    response.last_modified = asset.modified
    if request.args.get("v") == asset.version:
        response.headers["Cache-Control"] = FOR_A_YEAR
    else:  # no version, or another one (a page from before an update): ask every time
        response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


class SessionNotForStaticFiles(SecureCookieSessionInterface):
    """A static file is the same for everyone, so its response carries no session cookie and
    no `Vary: Cookie` (Flask-Login looks at the session after every request): with that, a
    browser would fetch every file again once the session cookie changed (a flash message)."""

    def save_session(self, app, session, response):
        if request.endpoint in STATIC_ENDPOINTS:
            return
        super().save_session(app, session, response)


def register(app: Flask) -> None:
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = SessionNotForStaticFiles()

    @app.url_defaults
    def versioned_static_urls(endpoint, values):
        if endpoint in STATIC_ENDPOINTS and "filename" in values and "v" not in values:
            folder = _static_folder(endpoint)
            version = content_version(folder, values["filename"]) if folder else None
            if version:
                values["v"] = version

    for endpoint in STATIC_ENDPOINTS:
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = lambda filename, endpoint=endpoint: _serve(endpoint, filename)
