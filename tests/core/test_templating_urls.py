"""cached_url_for builds each of the layout's links once per process, and builds what url_for builds."""

from flask import url_for

from lms.core.templating import cached_url_for


def test_the_same_urls_as_url_for_including_versioned_static_files(app):
    with app.test_request_context("/"):
        for endpoint, values in (("core.home", {}), ("notifications.centre", {}),
                                 ("static", {"filename": "css/thaksa.css"})):
            assert cached_url_for(endpoint, **values) == url_for(endpoint, **values)
        assert "?v=" in cached_url_for("static", filename="css/thaksa.css")


def test_a_mounted_app_gets_its_own_links(app):
    with app.test_request_context("/"):
        at_root = cached_url_for("core.home")
    with app.test_request_context("/", base_url="http://localhost/thaksa"):
        assert cached_url_for("core.home") == "/thaksa" + at_root
