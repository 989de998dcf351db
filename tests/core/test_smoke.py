def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_learner_logs_in_and_sees_home_in_thai(client, login_as):
    learner = login_as("learner")
    page = client.get("/").get_data(as_text=True)
    assert learner.name_th in page
    assert "ปีงบประมาณ" in page
