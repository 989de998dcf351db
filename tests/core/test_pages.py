"""Error pages, CSRF, security headers and the language switch."""

from lms.core.dates import fiscal_year_bounds, fiscal_year_of, format_date, format_datetime


def test_unknown_url_gives_the_not_found_page_in_both_languages(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "ไม่พบหน้า" in response.get_data(as_text=True)
    client.post("/language", data={"language": "en"})
    assert "Page not found" in client.get("/no/such/page").get_data(as_text=True)


def test_forbidden_page_in_thai(client, login_as):
    login_as("learner")
    response = client.get("/admin/reference/")
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์" in response.get_data(as_text=True)


def test_server_error_page_hides_the_trace(tmp_path):
    from lms import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PROPAGATE_EXCEPTIONS": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.sqlite3"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in page and "Traceback" not in page
    assert "เกิดข้อผิดพลาด" in page


def test_form_without_csrf_token_is_refused(client, world, csrf):
    response = client.post("/login", data={"email": "learner@example.go.th",
                                           "password": "correct horse battery"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_with_csrf_token_works(client, world, csrf):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": "learner@example.go.th",
                                           "password": "correct horse battery",
                                           "csrf_token": token})
    assert response.status_code == 302


def test_every_page_forbids_inline_script(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)


def test_assets_are_served_by_the_app(client):
    page = client.get("/login").get_data(as_text=True)
    assert "http://" not in page.replace('http://www.w3.org', '') and "https://" not in page
    for asset in ("/static/css/thaksa.css", "/static/fonts/sarabun-thai-400-normal.woff2",
                  "/bootstrap/static/css/bootstrap.min.css"):
        response = client.get(asset)
        response.close()
        assert response.status_code == 200, asset


def test_language_switch_for_anonymous_visitors(client):
    assert '<html lang="th">' in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"language": "en", "next": "/login"})
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)
    response = client.post("/language", data={"language": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_thai_dates_show_the_buddhist_era():
    from datetime import UTC, date, datetime

    assert format_date(date(2026, 11, 24)) == "24 พ.ย. 2569"
    assert format_date(date(2026, 11, 24), "en") == "24 Nov 2026"
    # 20:30 UTC is already the next day in Bangkok.
    assert format_datetime(datetime(2026, 11, 24, 20, 30, tzinfo=UTC)) == "25 พ.ย. 2569 03:30"


def test_fiscal_years_run_october_to_september():
    from datetime import date

    assert fiscal_year_of(date(2022, 10, 1)) == 2566
    assert fiscal_year_of(date(2022, 9, 30)) == 2565
    assert fiscal_year_of(date(2026, 11, 24)) == 2570
    assert fiscal_year_bounds(2566) == (date(2022, 10, 1), date(2023, 9, 30))


def test_a_read_only_database_says_nothing_was_saved(tmp_path):
    """A database that refuses writes (a read-only file, a full disk) gets its own page."""
    from flask_migrate import upgrade

    from lms import create_app

    path = tmp_path / "ro.sqlite3"
    with create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
                    ).app_context():
        upgrade()
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PROPAGATE_EXCEPTIONS": False,
                      "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///file:{path}?mode=ro&uri=true"})
    response = app.test_client().post("/login", data={"email": "someone@example.go.th", "password": "wrong"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "ไม่สามารถบันทึกข้อมูลได้" in page and "Traceback" not in page
