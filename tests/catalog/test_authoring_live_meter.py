"""The lecture meter follows the session plan as typed (the form's script posts it here)."""


def _plan(*rows):
    data = {}
    for i, (title, method, minutes) in enumerate(rows):
        data.update({f"sessions-{i}-position": str(i + 1), f"sessions-{i}-title": title,
                     f"sessions-{i}-method": method, f"sessions-{i}-minutes": str(minutes)})
    return data


def test_meter_for_a_plan_that_fails_r1(client, login_as):
    login_as("author")
    response = client.post("/author/lecture-meter", data=_plan(("บรรยาย", "lecture", 140),
                                                               ("อภิปราย", "discussion", 60)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-verdict="fail"' in page
    assert "เพิ่มการพัฒนารูปแบบอื่นอย่างน้อย 34 นาที หรือลดการบรรยายอย่างน้อย 50 นาที" in page


def test_meter_for_a_plan_that_passes_at_exactly_sixty_percent(client, login_as):
    login_as("author")
    page = client.post("/author/lecture-meter", data=_plan(("บรรยาย", "lecture", 120),
                                                           ("ฝึกปฏิบัติ", "learning-by-doing", 80))).get_data(as_text=True)
    assert 'data-verdict="ok"' in page


def test_meter_asks_to_correct_an_invalid_row(client, login_as):
    login_as("author")
    page = client.post("/author/lecture-meter", data=_plan(("บรรยาย", "lecture", 900))).get_data(as_text=True)
    assert "data-verdict" not in page and "text-danger" in page


def test_meter_is_for_authors_only(client, login_as):
    login_as("learner")
    assert client.post("/author/lecture-meter", data=_plan(("x", "lecture", 60))).status_code == 403


def test_meter_needs_the_form_token(app, client, login_as):
    login_as("author")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/author/lecture-meter", data=_plan(("x", "lecture", 60))).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
