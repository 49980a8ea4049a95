"""Every operation of the public API (/api/v1/openapi.json) fuzzed by schemathesis, in
process through the WSGI application: valid parameters must give a response that matches
the schema, invalid ones a 4xx; never a server error.

Cases per operation and generation mode follow the Hypothesis profile of
tests/support/hostile.py (API_EXAMPLES)."""
import importlib

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from participation.core.api import build_api
from tests.conftest import HOST_A, HOST_B
from tests.support import hostile

API_EXAMPLES = {"ci": 40, "dev": 5, "deep": 500}[hostile.PROFILE]
SCHEMA = build_api().get_openapi_schema()
OPERATIONS = [(method.upper(), path) for path, methods in SCHEMA["paths"].items() for method in methods]
#: valid parameters: a documented answer (200 with the schema's shape, or 404 for a record
#: that does not exist) and never a server error
POSITIVE_CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
#: invalid parameters: a 4xx (ninja answers 422), never a server error
NEGATIVE_CHECKS = [not_a_server_error, negative_data_rejection]

@pytest.fixture
def api_schema(demo, _test_connection_kept):
    schema = schemathesis.openapi.from_dict(SCHEMA)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def _test_connection_kept():
    """The WSGI application closes the database connection after each request, as a server
    must; here that connection holds the test's transaction (Django's test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _fuzz(operation, mode, checks, host):
    @settings(max_examples=API_EXAMPLES)
    @given(operation.as_strategy(generation_mode=mode))
    def run(case):
        hostile.tally(f"api {mode.value} cases")
        response = case.call(headers={"Host": host})
        case.validate_response(response, checks=checks, excluded_checks=[status_code_conformance])

    run()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m}:{p}" for m, p in OPERATIONS])
@pytest.mark.parametrize("host", [HOST_A, HOST_B])
def test_api_operation_never_fails(api_schema, method, path, host):
    operation = api_schema[path][method]
    _fuzz(operation, GenerationMode.POSITIVE, POSITIVE_CHECKS, host)
    if _can_be_invalid(SCHEMA["paths"][path][method.lower()]):
        _fuzz(operation, GenerationMode.NEGATIVE, NEGATIVE_CHECKS, host)


def _can_be_invalid(operation: dict) -> bool:
    """False when every parameter takes any string (a reference in the path): nothing is invalid."""
    return any(parameter["schema"].get("type") != "string" or set(parameter["schema"]) - {"type", "title"}
               for parameter in operation.get("parameters", ()))


STRING_QUERY_PARAMETERS = [
    (path, parameter["name"])
    for path, methods in SCHEMA["paths"].items()
    for parameter in methods["get"].get("parameters", ())
    if parameter["in"] == "query" and "string" in str(parameter["schema"]) and "enum" not in str(parameter["schema"])
]


@pytest.mark.parametrize(("path", "name"), STRING_QUERY_PARAMETERS)
@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "\u202e" * 300])
def test_text_query_parameters_refuse_what_the_database_cannot_compare(demo, path, name, value):
    """Schemathesis leaves NUL out of query strings; PostgreSQL refuses it in a comparison (it
    was a 500 on /information/?q=, /action_plan/actions?neighbourhood= and ?service=)."""
    response = Client(HTTP_HOST=HOST_A, raise_request_exception=False).get(
        path, {name: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")})
    assert response.status_code in (200, 422)
    if "\x00" in value:
        assert response.status_code == 422


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) >= 15 and all(method == "GET" for method, _path in OPERATIONS)


def test_each_schema_name_is_one_class():
    """OpenAPI components are keyed by class name: two plugins' schemas of the same name would
    document one of them with the other's fields (found by schemathesis: the charter's
    indicators were documented with the action plan's)."""
    from ninja import Schema

    from participation.core.apps import plugins

    classes = {}
    for plugin in plugins():
        module = importlib.import_module(f"{plugin.name}.api") if plugin.get_api_router() is not None else None
        for value in vars(module or object).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == getattr(module, "__name__", ""):
                classes.setdefault(value.__name__, set()).add(value)
    for name in _referenced_components(SCHEMA):
        assert len(classes.get(name, ())) <= 1, f"{name} is the name of {sorted(c.__module__ for c in classes[name])}"


def _referenced_components(schema: dict) -> set[str]:
    """Names of the components the operations refer to, directly or through other components
    (query parameters are inlined: their classes may share a name)."""
    names, todo = set(), [schema["paths"]]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/") and (name := ref.rsplit("/", 1)[1]) not in names:
                names.add(name)
                todo.append(schema["components"]["schemas"][name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return names
