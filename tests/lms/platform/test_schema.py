"""The OpenAPI document names the error answers an endpoint gives, in the API's error body."""

import pytest
from drf_spectacular.generators import SchemaGenerator

ERROR_BODY = {"$ref": "#/components/schemas/ApiError"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _error_body(operation, status):
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_every_list_answers_400_and_404_in_the_error_body(schema):
    """A paginated list answers 400 for a bad filter or page size, 404 for a page out of range."""
    lists = [(path, operation) for path, method, operation in _operations(schema)
             if method == "get"
             and any(parameter["name"] == "page" for parameter in operation.get("parameters", []))]
    assert "/api/v1/courses/" in [path for path, _operation in lists]
    for path, operation in lists:
        assert {"200", "400", "404"} <= set(operation["responses"]), path
        assert _error_body(operation, "400") == ERROR_BODY, path
        assert _error_body(operation, "404") == ERROR_BODY, path


def test_token_exchange_answers_400_and_429(schema):
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert {"200", "400", "429"} <= set(operation["responses"])
    assert _error_body(operation, "400") == ERROR_BODY
    assert _error_body(operation, "429") == ERROR_BODY


def test_the_json_404_route_is_not_an_endpoint(schema):
    """config/api_urls.py ends with a catch-all answering the JSON 404; it is no operation."""
    assert all(path.startswith("/api/v1/") and "*" not in path and "^" not in path
               for path in schema["paths"])
