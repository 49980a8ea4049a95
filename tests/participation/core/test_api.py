"""The public API at /api/v1/: published suggestions of the host's commune, never personal data."""
import json
import re

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from participation.core.references import next_reference
from participation.suggestions.models import Suggestion, SuggestionCategory, SuggestionNote

pytestmark = pytest.mark.django_db

BASE = "/api/v1/suggestions/"

# Recognisable personal values: none of them may appear in any response.
PERSONAL = {
    "name": "Zoubida Personne-Privee",
    "email": "zoubida.private@example.org",
    "phone": "+212 600-987654",
    "submitted_ip": "203.0.113.77",
}
NOTE = "Internal note: call the citizen back"
REJECTION = "Rejection reason kept internal"
PERSONAL_FIELD_NAMES = ("email", "phone", "submitted_ip", "access_token", "photo", "notes", "rejection_reason", "ip")


def make_category(site, name="النظافة", **kwargs):
    return SuggestionCategory.objects.create(site=site, name=name, locale=Locale.objects.get(language_code="ar"), **kwargs)


def make_suggestion(site, category, *, public=True, status="answered", **kwargs):
    values = {
        "kind": "report",
        "title": "Broken street light",
        "text": "The street light in front of the school has been off for a week.",
        "neighbourhood": "Hay Salam",
        "public_answer": "Repaired on Monday." if status == "answered" else "",
        "first_answered_at": timezone.now() if status == "answered" else None,
        "name": "Ahmed Citizen",
        "email": "ahmed@example.org",
        **kwargs,
    }
    values.setdefault("reference", next_reference(site, "SUG"))
    suggestion = Suggestion(site=site, category=category, status=status, is_public=public, **values)
    suggestion.save()
    return suggestion


def empty_boxes():
    """Start from empty suggestions boxes (the demo seed fills commune A's); rolled back after the test."""
    Suggestion.objects.all().delete()
    SuggestionCategory.objects.all().delete()


@pytest.fixture
def data(demo):
    """Commune A: a category, a published suggestion full of recognisable personal data and an unpublished
    one; commune B: a published suggestion of its own."""
    empty_boxes()
    cat_a = make_category(demo.site_a, "الإنارة العمومية", description="Street lighting")
    published = make_suggestion(demo.site_a, cat_a, show_name=False, rejection_reason=REJECTION, photo="suggestions/p.jpg", **PERSONAL)
    SuggestionNote.objects.create(suggestion=published, text=NOTE)
    hidden = make_suggestion(demo.site_a, cat_a, public=False, status="received", title="Unpublished suggestion")
    cat_b = make_category(demo.site_b, "الطرق")
    for _ in range(4):  # references are per commune: B's first ones would be A's too
        next_reference(demo.site_b, "SUG")
    other = make_suggestion(demo.site_b, cat_b, title="Other commune's suggestion")

    class Data:
        pass

    Data.cat_a, Data.published, Data.hidden, Data.cat_b, Data.other = cat_a, published, hidden, cat_b, other
    return Data


def get_json(client, path, expect=200, **params):
    response = client.get(path, params)
    assert response.status_code == expect, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- list and detail ------------------------------------------------------------------


def test_list_shows_published_suggestions_of_the_hosts_commune(client_a, data):
    body = get_json(client_a, BASE)
    references = [item["reference"] for item in body["items"]]
    assert references == [data.published.reference]
    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "reference": data.published.reference,
        "kind": "report",
        "kind_label": item["kind_label"],
        "category": {"id": data.cat_a.pk, "name": "الإنارة العمومية", "description": "Street lighting"},
        "title": "Broken street light",
        "text": "The street light in front of the school has been off for a week.",
        "neighbourhood": "Hay Salam",
        "status": "answered",
        "status_label": item["status_label"],
        "created_on": timezone.localdate(data.published.created_at).isoformat(),
        "public_answer": "Repaired on Monday.",
        "first_answered_on": timezone.localdate(data.published.first_answered_at).isoformat(),
        "support_count": 0,
        "public_name": None,
    }
    assert item["kind_label"] and item["status_label"]


def test_other_commune_sees_only_its_own(client_b, data):
    body = get_json(client_b, BASE)
    assert [item["reference"] for item in body["items"]] == [data.other.reference]
    get_json(client_b, BASE + data.published.reference, expect=404)


def test_same_reference_in_two_communes_is_resolved_by_host(client_a, client_b, data):
    twin = make_suggestion(data.cat_b.site, data.cat_b, title="Twin in commune B", reference=data.published.reference)
    assert get_json(client_b, BASE + twin.reference)["title"] == "Twin in commune B"
    assert get_json(client_a, BASE + twin.reference)["title"] == "Broken street light"


def test_detail_by_reference(client_a, data):
    item = get_json(client_a, BASE + data.published.reference)
    assert item["reference"] == data.published.reference
    assert item["title"] == "Broken street light"
    # references are matched whatever their case
    assert get_json(client_a, BASE + data.published.reference.lower())["reference"] == data.published.reference


@pytest.mark.parametrize("reference", ["SUG-1999-99999", "nothing", "x" * 300, "%D8%A7", "SUG%00", "a%20b"])
def test_unknown_reference_is_404_json(client_a, data, reference):
    body = get_json(client_a, BASE + reference, expect=404)
    assert "detail" in body


def test_unpublished_and_other_communes_records_are_404(client_a, data):
    get_json(client_a, BASE + data.hidden.reference, expect=404)
    get_json(client_a, BASE + data.other.reference, expect=404)


def test_unpublished_record_absent_from_list(client_a, data):
    body = get_json(client_a, BASE, limit=100)
    assert data.hidden.reference not in json.dumps(body)
    assert "Unpublished suggestion" not in json.dumps(body)


def test_public_name_only_with_consent(client_a, data):
    data.published.show_name = True
    data.published.save()
    assert get_json(client_a, BASE + data.published.reference)["public_name"] == PERSONAL["name"]
    data.published.erased_at = timezone.now()
    data.published.save()
    assert get_json(client_a, BASE + data.published.reference)["public_name"] is None


# --- pagination and filters --------------------------------------------------------------


def test_pagination(client_a, data):
    for number in range(24):
        make_suggestion(data.cat_a.site, data.cat_a, title=f"Suggestion number {number}")
    first = get_json(client_a, BASE)
    assert first["count"] == 25
    assert len(first["items"]) == 20  # the default page size
    second = get_json(client_a, BASE, offset=20)
    assert len(second["items"]) == 5
    seen = [i["reference"] for i in first["items"] + second["items"]]
    assert len(set(seen)) == 25
    assert len(get_json(client_a, BASE, limit=100)["items"]) == 25
    assert get_json(client_a, BASE, limit=3, offset=3)["items"] == first["items"][3:6]


def test_list_query_count_is_flat(client_a, data, django_assert_max_num_queries):
    for number in range(30):
        make_suggestion(data.cat_a.site, data.cat_a, title=f"Suggestion number {number}")
    with django_assert_max_num_queries(4):  # site, count, page (category names in the same query)
        get_json(client_a, BASE, limit=100)


def test_filters(client_a, data):
    site = data.cat_a.site
    other_cat = make_category(site, "المساحات الخضراء")
    in_other = make_suggestion(site, other_cat, kind="suggestion", status="forwarded", neighbourhood="Centre")

    def refs(**params):
        return {i["reference"] for i in get_json(client_a, BASE, **params)["items"]}

    assert refs(category=other_cat.pk) == {in_other.reference}
    assert refs(category=data.cat_a.pk) == {data.published.reference}
    assert refs(status="forwarded") == {in_other.reference}
    assert refs(status="answered") == {data.published.reference}
    assert refs(status="received") == set()  # never published
    assert refs(kind="suggestion") == {in_other.reference}
    assert refs(neighbourhood="centre") == {in_other.reference}
    assert refs(category=other_cat.pk, status="answered") == set()
    assert refs(category=data.cat_b.pk) == set()  # another commune's category


def test_category_filter_matches_its_translations(client_a, data):
    french = data.cat_a.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.name = "Éclairage public"
    french.save()
    refs = {i["reference"] for i in get_json(client_a, BASE, category=french.pk)["items"]}
    assert refs == {data.published.reference}
    # names in the client's language
    item = client_a.get(BASE, HTTP_ACCEPT_LANGUAGE="fr").json()["items"][0]
    assert item["category"]["name"] == "Éclairage public"
    categories = client_a.get(BASE + "categories", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [c["name"] for c in categories] == ["Éclairage public"]


def test_categories(client_a, client_b, data):
    assert get_json(client_a, BASE + "categories") == [
        {"id": data.cat_a.pk, "name": "الإنارة العمومية", "description": "Street lighting"}
    ]
    assert [c["id"] for c in get_json(client_b, BASE + "categories")] == [data.cat_b.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "many"},
        {"offset": -1},
        {"offset": 10**30},
        {"category": "lighting"},
        {"category": 0},
        {"category": 10**30},
        {"status": "nonsense"},
        {"kind": "<script>"},
        {"neighbourhood": "x" * 500},
        {"neighbourhood": "nul\x00byte"},
    ],
)
def test_bad_query_parameters_are_422_json(client_a, data, params):
    body = get_json(client_a, BASE, expect=422, **params)
    assert "detail" in body


def test_extreme_but_valid_parameters_give_empty_pages(client_a, data):
    assert get_json(client_a, BASE, offset=1_000_000)["items"] == []
    assert get_json(client_a, BASE, category=2**63 - 1)["items"] == []
    assert get_json(client_a, BASE, neighbourhood="' OR 1=1 --")["items"] == []


def test_demo_suggestions_are_listed(client_a, demo):
    """The demo seed's published suggestions come out, and only those."""
    published = set(Suggestion.objects.filter(site=demo.site_a, is_public=True).values_list("reference", flat=True))
    body = get_json(client_a, BASE, limit=100)
    assert body["count"] == len(published)
    assert {item["reference"] for item in body["items"]} == published
    emails = Suggestion.objects.filter(site=demo.site_a).values_list("email", flat=True)
    text = json.dumps(body)
    assert not [email for email in emails if email and email in text]


def test_read_only(client_a, data):
    assert client_a.post(BASE, {}, content_type="application/json").status_code == 405
    assert client_a.delete(BASE + data.published.reference).status_code == 405


# --- no personal data, anywhere ---------------------------------------------------------


def test_no_personal_data_in_any_response(client_a, data):
    published = data.published
    responses = [
        client_a.get(BASE),
        client_a.get(BASE, {"limit": 100}),
        client_a.get(BASE + published.reference),
        client_a.get(BASE + "categories"),
        client_a.get("/api/v1/openapi.json"),
        client_a.get(BASE, {"status": "answered"}),
    ]
    forbidden_values = [*PERSONAL.values(), published.access_token, NOTE, REJECTION, "suggestions/p.jpg", "ahmed@example.org"]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        for value in forbidden_values:
            assert value not in text, f"{value!r} leaked in {response.request['PATH_INFO']}"
        if "openapi" in response.request["PATH_INFO"]:
            continue
        keys = _all_keys(response.json())
        assert not keys & set(PERSONAL_FIELD_NAMES), keys & set(PERSONAL_FIELD_NAMES)


def _all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _all_keys(v)}
    return set()


def test_schema_properties_are_public_fields_only(client_a):
    schema = client_a.get("/api/v1/openapi.json").json()
    properties = schema["components"]["schemas"]["SuggestionOut"]["properties"]
    assert set(properties) == {
        "reference", "kind", "kind_label", "category", "title", "text", "neighbourhood", "status", "status_label",
        "created_on", "public_answer", "first_answered_on", "support_count", "public_name",
    }  # fmt: skip


# --- the schema and the generic core --------------------------------------------------


def test_openapi_schema_lists_the_paths(client_a):
    response = client_a.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    paths = set(schema["paths"])
    assert {"/api/v1/suggestions/", "/api/v1/suggestions/categories", "/api/v1/suggestions/{reference}"} <= paths
    # read-only: GET operations only
    assert {method for ops in schema["paths"].values() for method in ops} == {"get"}
    # the documented query parameters of the list
    names = {p["name"] for p in schema["paths"]["/api/v1/suggestions/"]["get"]["parameters"]}
    assert {"limit", "offset", "category", "status", "kind", "neighbourhood"} <= names


def test_the_schema_declares_the_errors_the_api_gives(client_a):
    """Every operation with a path parameter documents its 404, every one with parameters its 422,
    and the API answers them in the documented shape."""
    schema = client_a.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        parameters = operation.get("parameters", [])
        path_parameters = [p for p in parameters if p["in"] == "path"]
        assert ("404" in operation["responses"]) is bool(path_parameters), path
        assert ("422" in operation["responses"]) is bool(parameters), path
        if path_parameters:
            unknown = path
            for p in path_parameters:
                unknown = unknown.replace("{" + p["name"] + "}", "999999" if p["schema"].get("type") == "integer" else "X-1999-99999")
            response = client_a.get(unknown)
            assert response.status_code == 404 and isinstance(response.json()["detail"], str), unknown
            checked += 1
    assert checked >= 8
    invalid = client_a.get("/api/v1/suggestions/", {"limit": 0})
    assert invalid.status_code == 422 and isinstance(invalid.json()["detail"], list)


def test_docs_page_never_loads_a_cdn(client_a):
    response = client_a.get("/api/v1/docs")
    if response.status_code == 200:  # only when "ninja" is installed, with its own static files
        assert not re.search(r"https?://(cdn|unpkg|fastly)", response.content.decode())
    else:
        assert response.status_code == 404


def test_build_api_without_any_plugin_router(monkeypatch):
    from participation.core import api as core_api

    monkeypatch.setattr(core_api, "plugins", lambda: [])
    api = core_api.build_api()
    patterns, app_name, namespace = api.urls
    assert namespace == "participation_api"
    schema = api.get_openapi_schema()
    assert dict(schema["paths"]) == {}


def test_build_api_twice_and_unknown_host(settings, data):
    from participation.core.api import build_api

    build_api().urls  # noqa: B018 - building again must not raise (tests, reloaded URLconfs)
    # an unknown host falls back to the default commune, like every page; a disallowed one is a 400
    response = Client(HTTP_HOST="evil.example").get(BASE)
    assert response.status_code == 400
