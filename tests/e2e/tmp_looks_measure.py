import pytest
from tests.e2e import test_accessibility as t
from tests.e2e.test_accessibility import axe_page, sample, kept_languages  # noqa

@pytest.mark.parametrize("role", list(t.PAGES))
def test_all(axe_page, live_server, log_in, sample, role):
    page = axe_page
    log_in(page, role)
    seen = {}
    for path in t.PAGES[role]:
        page.goto(live_server(path.format(**sample)))
        page.add_script_tag(path=str(t.AXE))
        for v in page.evaluate(t.RUN_AXE, ["moderate", "minor"]):
            seen.setdefault((v["id"], v["impact"]), []).append((path, [n["target"] for n in v["nodes"]][:3]))
    for k, v in seen.items():
        print(role, k, v[:4])
