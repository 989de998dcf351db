"""Static files are cached by the browser for a year under URLs that change with their
content, so a repeat view fetches only the page."""

import os
import re

from lms.core.static_files import FOR_A_YEAR, content_version

STATIC_URL = re.compile(
    r'(?:href|src|data-js|data-css|data-src|data-stylesheet)="(/(?:static|bootstrap/static)/[^"]+)"')


def test_every_static_file_on_a_page_has_a_versioned_url_cached_for_a_year(client):
    urls = STATIC_URL.findall(client.get("/login").get_data(as_text=True))
    assert len(urls) >= 8  # styles, scripts, the icon, the pickers' library
    for url in urls:
        assert "?v=" in url, url
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == FOR_A_YEAR, url


def test_a_url_without_its_version_is_revalidated(client):
    response = client.get("/static/css/thaksa.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_changed_file_gets_a_new_url(tmp_path):
    path = tmp_path / "site.css"
    path.write_text("body { color: #222; }", encoding="utf-8")
    first = content_version(str(tmp_path), "site.css")
    path.write_text("body { color: #111; }", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert content_version(str(tmp_path), "site.css") not in (None, first)
    assert content_version(str(tmp_path), "missing.css") is None
