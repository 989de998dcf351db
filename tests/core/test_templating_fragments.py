"""cached_fragment renders a block once per process for each key (and script root), and afresh
every time while templates reload."""

from flask import render_template_string

TEMPLATE = '{% call cached_fragment("test", key) %}{{ key }}:{{ counter.next() }}{% endcall %}'


class Counter:
    def __init__(self):
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def render(key, counter) -> str:
    return render_template_string(TEMPLATE, key=key, counter=counter)


def test_a_block_is_rendered_once_per_key(app):
    counter = Counter()
    with app.test_request_context("/"):
        first = render("fragment-a", counter)
        assert render("fragment-a", counter) == first == "fragment-a:1"
        assert render("fragment-b", counter) == "fragment-b:2"
    with app.test_request_context("/", base_url="http://localhost/mounted"):
        assert render("fragment-a", counter) == "fragment-a:3"  # its links would differ


def test_while_templates_reload_every_view_renders_it_again(app):
    counter, reloading = Counter(), app.jinja_env.auto_reload
    app.jinja_env.auto_reload = True
    try:
        with app.test_request_context("/"):
            assert [render("fragment-c", counter) for _ in range(2)] == ["fragment-c:1", "fragment-c:2"]
    finally:
        app.jinja_env.auto_reload = reloading
