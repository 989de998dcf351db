"""The public page that explains each rule, and pages that name rules and policies
instead of showing their codes (R1 … R6) and slugs (ocsc-2561)."""

import re
from datetime import date
from html.parser import HTMLParser

from lms.core.dates import format_fiscal_year
from lms.rules.names import RULES, rule_named
from tests.development.plan_factories import draft_plan
from tests.development.test_mix import add_record

CODE = re.compile(r"\bR[1-6]\b")
SLUG = "ocsc-2561"
THAI_DIGITS = re.compile("[\u0e50-\u0e59]")


class _VisibleText(HTMLParser):
    """The text a reader sees, and the titles a screen reader reads out: no script, no markup."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in ("title", "aria-label", "alt") and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def get(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_rules_page_is_public_and_lists_every_rule_with_its_section(client):
    html = get(client, "/rules/")
    for rule in RULES:
        section = html.split(f'id="{rule.slug}"')[1].split("</section>")[0]
        assert rule.name_th in section and rule.source_th in section and rule.section in section
    # the figures of the policy in force, named by its title rather than its slug
    assert "60%" in html and "70%" in html and "แนวทางการพัฒนาทักษะด้านดิจิทัล" in html
    assert SLUG not in html and not CODE.search(visible_text(html))


def test_the_rules_page_in_english(client, login_as):
    from lms.extensions import db

    learner = login_as("learner")
    learner.language = "en"
    db.session.flush()
    html = get(client, "/rules/")
    assert "70:20:10 learning mix" in html and "section 4.8.3" in html
    assert "at most 60%" in html and "OCSC guideline on digital skills" in html


def test_pages_name_rules_and_policies_never_their_codes(client, world, login):
    learner = world["learner"]
    plan = draft_plan(learner, fiscal_year=2569, groups=("service", "academic"))
    add_record(learner, "on-the-job", 3, date(2026, 1, 5))
    add_record(learner, "training", 3, date(2026, 1, 6), status="pending")
    login(learner)
    pages = {url: get(client, url) for url in
             ("/", "/dashboard/?fy=2569", f"/plans/{plan.id}", "/plans/", "/log/", "/rules/")}
    client.post("/logout")
    login(world["supervisor"])
    pages |= {url: get(client, url) for url in ("/dashboard/team?fy=2569", f"/plans/{plan.id}")}
    for url, html in pages.items():
        text = visible_text(html)
        assert not CODE.search(text), (url, CODE.findall(text))
        assert SLUG not in html, url
        assert not THAI_DIGITS.search(text), (url, THAI_DIGITS.findall(text))  # Arabic digits throughout
    plan_page = pages[f"/plans/{plan.id}"]
    assert f'href="/rules/#{rule_named("R5").slug}"' in plan_page
    assert rule_named("R5").name_th in plan_page and rule_named("R4").name_th in plan_page


def test_english_fiscal_years_show_the_common_era_with_the_buddhist_era_in_brackets():
    assert format_fiscal_year(2570, "en") == "2027 (B.E. 2570)"
    assert format_fiscal_year(2570, "th") == "2570"
