"""The API reference page: public, rendered from the OpenAPI document, every path on it."""

METHODS = ("get", "post", "put", "patch", "delete")


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_anyone_reads_the_reference_and_every_path_is_on_it(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    spec = document.get_json()
    assert spec["openapi"] == "3.1.0"
    response = client.get("/developers/api")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert spec["paths"]
    for path in spec["paths"]:
        assert f"<code>{path}</code>" in html, path
    assert 'href="/api/v1/openapi.json"' in html
    assert "/api/v1/oauth/token" in html
    assert 'href="/account/api-tokens"' in html
    assert "<script" not in _main(html) and "cdn" not in html.lower()


def test_operations_show_their_scopes_parameters_and_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    html = client.get("/developers/api").get_data(as_text=True)
    for path, item in spec["paths"].items():
        for parameter in item.get("parameters", []):  # a path's own parameters, as operations' are
            assert f"<code>{parameter['name']}</code>" in html, (path, parameter)
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in html, (path, parameter)
            for scope in operation["security"][0]["bearer"]:
                assert f"<code class=\"me-1\">{scope}</code>" in html, (path, scope)
    for name, schema in spec["components"]["schemas"].items():
        assert f'id="schema-{name}"' in html
        for prop in schema.get("properties", {}).values():
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
            if ref:  # a nested schema is a link to its own section
                assert f'href="#schema-{ref.rsplit("/", 1)[-1]}"' in html
