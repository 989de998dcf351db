"""What reaches the browser: text files compressed when it says it can read them, every file
a page needs (the fonts its stylesheet names too) under a versioned URL kept for a year, and
the date and search pickers' scripts only on pages with such a field."""

import gzip
import re

import brotli
import pytest

from lms.core.static_files import FOR_A_YEAR, content_version

ASSET_URL = re.compile(
    r'(?:href|src|data-js|data-css|data-src|data-stylesheet)="(/(?:static|bootstrap/static)/[^"]+)"')
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
TEXT_FILES = ["/static/css/thaksa.css", "/static/js/datepicker.js", "/bootstrap/static/css/bootstrap.min.css"]


def _versioned(client, path):
    """The URL that pages use for a static file."""
    urls = [url.replace("&amp;", "&") for url in ASSET_URL.findall(client.get("/login").get_data(as_text=True))]
    return next(url for url in urls if url.split("?")[0] == path)


def _decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}[encoding](body)


@pytest.mark.parametrize("path", TEXT_FILES)
@pytest.mark.parametrize("accepted, encoding", [("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                                ("br;q=0.5, gzip;q=1", "gzip")])
def test_text_files_are_compressed_as_the_browser_accepts(client, path, accepted, encoding):
    url = _versioned(client, path)
    plain = client.get(url)
    compressed = client.get(url, headers={"Accept-Encoding": accepted})

    assert compressed.headers["Content-Encoding"] == encoding
    assert compressed.headers["Vary"] == "Accept-Encoding"
    assert int(compressed.headers["Content-Length"]) == len(compressed.get_data()) < len(plain.get_data()) / 2
    assert _decoded(compressed) == plain.get_data()
    assert compressed.headers["Cache-Control"] == FOR_A_YEAR


@pytest.mark.parametrize("accepted", [None, "identity", "gzip;q=0, br;q=0", "deflate"])
def test_nothing_is_compressed_for_a_client_that_does_not_accept_it(client, accepted):
    headers = {"Accept-Encoding": accepted} if accepted else {}
    response = client.get(_versioned(client, "/static/css/thaksa.css"), headers=headers)

    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"  # a shared cache keeps both forms apart
    assert response.get_data(as_text=True).startswith("/* Sarabun")


def test_fonts_and_images_are_sent_as_they_are(client):
    css = client.get(_versioned(client, "/static/css/thaksa.css")).get_data(as_text=True)
    font = "/static/" + CSS_URL.findall(css)[0].removeprefix("../")
    response = client.get(font, headers={"Accept-Encoding": "gzip, br"})

    assert response.status_code == 200
    assert response.mimetype == "font/woff2"
    assert "Content-Encoding" not in response.headers  # woff2 is compressed already
    assert response.get_data()[:4] == b"wOF2"


def test_the_fonts_a_stylesheet_names_have_versioned_urls_kept_for_a_year(client):
    css = client.get(_versioned(client, "/static/css/thaksa.css")).get_data(as_text=True)
    fonts = [url for url in CSS_URL.findall(css) if ".woff2" in url]

    assert len(fonts) == 4
    for url in fonts:
        assert re.fullmatch(r"\.\./fonts/sarabun-[a-z]+-[47]00-normal\.woff2\?v=[0-9a-f]{12}", url), url
        response = client.get("/static/" + url.removeprefix("../"))
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == FOR_A_YEAR, url


def test_a_stylesheet_gets_a_new_url_when_a_font_it_names_changes(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "fonts").mkdir()
    (tmp_path / "css" / "site.css").write_text('@font-face { src: url("../fonts/a.woff2"); }', encoding="utf-8")
    font = tmp_path / "fonts" / "a.woff2"
    font.write_bytes(b"wOF2 first")
    first = content_version(str(tmp_path), "css/site.css")
    font.write_bytes(b"wOF2 second, longer")

    assert content_version(str(tmp_path), "css/site.css") not in (None, first)


def test_every_file_the_base_page_names_is_versioned(client, login_as):
    login_as("learner")
    page = client.get("/").get_data(as_text=True)
    urls = ASSET_URL.findall(page)
    # Bootstrap's stylesheet and scripts, ours, the icon, the loader and what it may load
    assert len(urls) >= 11
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url.replace("&amp;", "&")), url
    assert not re.findall(r'(?:href|src)="/(?:static|bootstrap)/[^"?]+"', page)


def test_a_static_file_is_the_same_for_everyone_signed_in_or_not(client, login_as):
    url = _versioned(client, "/static/css/thaksa.css")
    login_as("learner")
    client.get("/no/such/page")  # a flash or a login changes the cookie; the file must not vary with it
    response = client.get(url, headers={"Accept-Encoding": "br"})

    assert response.headers["Vary"] == "Accept-Encoding"  # not Cookie: kept across a new session cookie
    assert "Set-Cookie" not in response.headers


def test_an_old_or_wrong_version_is_revalidated_not_kept(client):
    response = client.get("/static/css/thaksa.css?v=000000000000")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_revalidation_of_an_unchanged_file_gets_not_modified(client):
    first = client.get("/static/js/datepicker.js", headers={"Accept-Encoding": "gzip"})
    again = client.get("/static/js/datepicker.js", headers={"Accept-Encoding": "gzip",
                                                             "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert first.headers["ETag"] != client.get("/static/js/datepicker.js").headers["ETag"]  # per encoding


def test_files_outside_the_folder_or_missing_are_not_found(client):
    for url in ("/static/../wsgi.py", "/static/%2e%2e/wsgi.py", "/static/css/missing.css", "/static/css"):
        assert client.get(url).status_code == 404, url


def test_pickers_and_the_date_picker_load_only_where_a_field_needs_them(client, login_as):
    login_as("learner")
    home = client.get("/").get_data(as_text=True)
    new_entry = client.get("/log/new").get_data(as_text=True)

    for page in (home, new_entry):  # named for the loader, never as a script the browser runs
        assert not re.search(r'<script src="[^"]*(?:datepicker|pickers)\.js', page)
        assert 'type="text/x-on-demand" data-when="[data-datepicker]"' in page
        assert not re.search(r'<link rel="stylesheet" href="[^"]*datepicker\\.css', page)
    assert "data-datepicker" not in home.replace('data-when="[data-datepicker]"', "")
    assert re.search(r"<input[^>]+data-datepicker", new_entry)  # the loader finds it there
