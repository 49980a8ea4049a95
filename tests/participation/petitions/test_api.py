"""The public API at /api/v1/petitions/: public petitions of the host's commune, read-only,
never personal data (the agent's CIN, address, e-mail, phone; signatories; documents)."""
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.core import services
from participation.core.references import next_reference
from participation.petitions import services as petitions
from participation.petitions.models import Petition, PetitionNote, PetitionSettings, Signature
from participation.petitions.workflow import PUBLIC
from tests.participation.petitions.conftest import signatory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/petitions/"

AGENT = {
    "name": "زبيدة الخصوصية",
    "email": "zoubida.agent@example.org",
    "phone": "+212 600-987654",
    "agent_cin": "XZ987654",
    "agent_address": "زنقة السر 7، حي الخفاء",
}
SIGNER = {"name": "سلمى الموقعة", "cin": "QW112233", "address": "درب الموقعين 9", "email": "salma.signer@example.org"}
NOTE = "Internal note: check the agent's CIN"
REASON = "سبب داخلي لا ينشر"
PRIVATE_KEYS = {"email", "phone", "cin", "agent_cin", "address", "agent_address", "submitted_ip", "access_token", "signatures",
                "scan", "notes", "association_mandate", "association_statutes", "deliberation", "inadmissibility_reason", "name"}


def get_json(client, path, expect=200, **params):
    response = client.get(path, params)
    assert response.status_code == expect, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _all_keys(v)}
    return set()


@pytest.fixture
def data(demo, petitions_a, petitions_b, make_petition, superuser):
    """Commune A: an open petition with a confirmed signature, an agent full of recognisable
    personal data and a note; one in preparation; one refused before opening; a filed one.
    Commune B: an open petition of its own."""
    Petition.objects.all().delete()  # the demo seed's petitions: rolled back after the test
    PetitionSettings.objects.filter(site=demo.site_a).update(signatures_override=None)
    opened = make_petition(petitions_a, "open", show_name=False, **AGENT)
    petitions.confirm_signature(petitions.sign(opened, signatory(**SIGNER)))
    petitions.sign(opened, signatory())  # pending: not counted
    PetitionNote.objects.create(petition=opened, text=NOTE)
    preparing = make_petition(petitions_a, "preparation", title="عريضة قيد التحضير لا تنشر")
    refused = make_petition(petitions_a, "not_opened", title="عريضة رفض فتحها للتوقيع")
    withdrawn_early = make_petition(petitions_a, "preparation", title="عريضة سحبت قبل فتحها")
    services.perform(withdrawn_early, "withdraw", services.CITIZEN)
    filed = make_petition(petitions_a, "filed", title="عريضة مودعة لدى رئيس المجلس", name="وكيل ظاهر", show_name=True)
    for _ in range(50):  # references are per commune: B's would be A's too
        next_reference(demo.site_b, "PET")
    other = make_petition(petitions_b, "open", title="عريضة الجماعة الأخرى للاختبار")

    class Data:
        pass

    Data.opened, Data.preparing, Data.refused, Data.withdrawn_early = opened, preparing, refused, withdrawn_early
    Data.filed, Data.other = Petition.objects.get(pk=filed.pk), other
    Data.opened = Petition.objects.get(pk=opened.pk)
    return Data


# --- list and detail ------------------------------------------------------------------


def test_list_shows_the_public_petitions_of_the_hosts_commune(client_a, data):
    body = get_json(client_a, BASE)
    assert [item["reference"] for item in body["items"]] == [data.filed.reference, data.opened.reference]  # newest first
    assert body["count"] == 2
    item = body["items"][1]
    opened = data.opened
    assert item == {
        "reference": opened.reference,
        "kind": "citizens",
        "kind_label": item["kind_label"],
        "channel": "online",
        "title": opened.title,
        "reasons": opened.reasons,
        "objectives": opened.objectives,
        "requested_item": opened.requested_item,
        "status": "open",
        "status_label": item["status_label"],
        "agent": None,  # the agent did not agree to show their name
        "signature_count": 1,  # the pending one does not count
        "signatures_required": 100,  # commune A: 28,460 inhabitants
        "opened_on": timezone.localdate(opened.opened_at).isoformat(),
        "filed_on": None,
        "deadline": None,
        "committee": "",
        "session_date": None,
        "decision": "",
        "decision_label": "",
        "timeline": [
            {"status": "preparation", "status_label": item["timeline"][0]["status_label"], "date": item["timeline"][0]["date"]},
            {"status": "open", "status_label": item["timeline"][1]["status_label"], "date": item["timeline"][1]["date"]},
        ],
    }
    assert item["kind_label"] and item["status_label"] and all(step["status_label"] for step in item["timeline"])
    assert item["timeline"][1]["date"] == timezone.localdate().isoformat()


def test_filed_petition_shows_its_frozen_threshold_and_deadline(client_a, data):
    item = get_json(client_a, BASE + data.filed.reference)
    assert item["status"] == "filed" and item["agent"] == "وكيل ظاهر"
    assert item["filed_on"] == data.filed.filed_on.isoformat()
    assert item["deadline"] == data.filed.deadline.isoformat()
    assert item["signatures_required"] == data.filed.signatures_required
    assert item["signature_count"] == data.filed.valid_signature_total  # the paper signatures count
    assert [step["status"] for step in item["timeline"]] == ["preparation", "open", "filed"]
    # a later change of the commune's number changes neither a filed nor an open petition (fixed when it opened)
    PetitionSettings.objects.filter(site=data.filed.site).update(signatures_override=7)
    assert get_json(client_a, BASE + data.filed.reference)["signatures_required"] == data.filed.signatures_required
    assert get_json(client_a, BASE + data.opened.reference)["signatures_required"] == data.opened.signatures_required != 7


def test_the_councils_steps(client_a, petitions_a, make_petition, data):
    petition = make_petition(petitions_a, "scheduled", threshold=2)
    deliberation = SimpleUploadedFile("deliberation.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    from django.contrib.auth import get_user_model

    bureau = get_user_model().objects.get(username="a_bureau")
    services.perform(petition, "decide", bureau, decision="accepted", deliberation=deliberation)
    petition = Petition.objects.get(pk=petition.pk)
    item = get_json(client_a, BASE + petition.reference)
    assert item["status"] == "decided" and item["decision"] == "accepted" and item["decision_label"]
    assert item["committee"] == "لجنة المرافق العمومية" and item["session_date"] == date(2027, 2, 1).isoformat()
    assert item["deadline"] is None  # the bureau decided long ago
    assert [step["status"] for step in item["timeline"]] == [
        "preparation", "open", "filed", "admissible", "committee", "scheduled", "decided"]
    assert petition.deliberation.name not in json.dumps(item)
    petition.deliberation.delete(save=False)


def test_detail_by_reference(client_a, data):
    item = get_json(client_a, BASE + data.opened.reference)
    assert item["reference"] == data.opened.reference
    assert get_json(client_a, BASE + data.opened.reference.lower())["reference"] == data.opened.reference


@pytest.mark.parametrize("which", ["preparing", "refused", "withdrawn_early"])
def test_petitions_not_opened_are_invisible(client_a, data, which):
    petition = getattr(data, which)
    get_json(client_a, BASE + petition.reference, expect=404)
    references = {item["reference"] for item in get_json(client_a, BASE, limit=100)["items"]}
    assert petition.reference not in references


def test_other_commune_sees_only_its_own(client_a, client_b, data):
    assert [item["reference"] for item in get_json(client_b, BASE)["items"]] == [data.other.reference]
    assert data.other.reference not in (data.opened.reference, data.filed.reference)
    get_json(client_b, BASE + data.opened.reference, expect=404)
    get_json(client_b, BASE + data.filed.reference, expect=404)
    get_json(client_a, BASE + data.other.reference, expect=404)


def test_same_reference_in_two_communes_is_resolved_by_host(client_a, client_b, data):
    Petition.objects.filter(pk=data.other.pk).update(reference=data.opened.reference)
    assert get_json(client_a, BASE + data.opened.reference)["title"] == data.opened.title
    assert get_json(client_b, BASE + data.opened.reference)["title"] == data.other.title


@pytest.mark.parametrize("reference", ["PET-2099-99999", "nope", "PET 2026", "x" * 40, "%00", "'; DROP TABLE--"])
def test_unknown_or_malformed_reference_is_404(client_a, data, reference):
    response = client_a.get(BASE + reference)
    assert response.status_code == 404


def test_malformed_reference_makes_no_query(client_a, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client_a.get(BASE + "bad%20ref!").status_code == 404
    assert not [q["sql"] for q in queries.captured_queries if "participation_petitions" in q["sql"]]


def test_filters(client_a, data):
    def refs(**params):
        return {i["reference"] for i in get_json(client_a, BASE, **params)["items"]}

    assert refs(status="open") == {data.opened.reference}
    assert refs(status="filed") == {data.filed.reference}
    assert refs(status="withdrawn") == set()  # withdrawn before opening: never public
    assert refs(kind="citizens") == {data.opened.reference, data.filed.reference}
    assert refs(kind="association") == set()


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "many"},
        {"offset": -1},
        {"offset": 10**30},
        {"status": "preparation"},  # not a public status
        {"status": "not_opened"},
        {"status": "nonsense"},
        {"kind": "<script>"},
    ],
)
def test_bad_query_parameters_are_422(client_a, data, params):
    assert "detail" in get_json(client_a, BASE, expect=422, **params)


def test_pagination(client_a, petitions_a, make_petition, data):
    for number in range(22):
        make_petition(petitions_a, "open", title=f"عريضة رقم {number} للاختبار")
    first = get_json(client_a, BASE)
    assert first["count"] == 24 and len(first["items"]) == 20
    second = get_json(client_a, BASE, offset=20)
    assert len(second["items"]) == 4
    assert len({i["reference"] for i in first["items"] + second["items"]}) == 24
    assert get_json(client_a, BASE, limit=3, offset=3)["items"] == first["items"][3:6]
    assert get_json(client_a, BASE, offset=1_000_000)["items"] == []


def test_list_query_count_is_flat(client_a, petitions_a, make_petition, data, django_assert_max_num_queries):
    client_a.get(BASE)
    for number in range(15):
        make_petition(petitions_a, "open" if number % 2 else "filed", title=f"عريضة رقم {number} للاختبار")
    with django_assert_max_num_queries(6):  # site, petition and commune settings, count, page, steps
        body = get_json(client_a, BASE, limit=100)
    assert body["count"] == 17


def test_read_only(client_a, data):
    assert client_a.post(BASE, {}, content_type="application/json").status_code == 405
    assert client_a.delete(BASE + data.opened.reference).status_code == 405


# --- no personal data, anywhere ---------------------------------------------------------


def test_no_personal_data_in_any_response(client_a, data):
    opened = data.opened
    responses = [
        client_a.get(BASE),
        client_a.get(BASE, {"limit": 100}),
        client_a.get(BASE, {"status": "open"}),
        client_a.get(BASE + opened.reference),
        client_a.get("/api/v1/openapi.json"),
    ]
    signers = Signature.objects.filter(petition=opened).values_list("name", "cin", "address", "email")
    forbidden = [*AGENT.values(), *SIGNER.values(), *(value for row in signers for value in row), opened.access_token, NOTE,
                 "karim@example.ma", "AB123456"]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        for value in forbidden:
            assert value not in text, f"{value!r} leaked in {response.request['PATH_INFO']}"
        if "openapi" not in response.request["PATH_INFO"]:
            assert not _all_keys(response.json()) & PRIVATE_KEYS


def test_refusal_reasons_and_documents_are_not_published(client_a, petitions_a, make_petition, data):
    from django.contrib.auth import get_user_model

    petition = make_petition(petitions_a, "filed", threshold=1)
    services.perform(petition, "declare_inadmissible", get_user_model().objects.get(username="a_bureau"),
                     inadmissibility_grounds=["other"], inadmissibility_reason=REASON)
    text = json.dumps(get_json(client_a, BASE + petition.reference), ensure_ascii=False)
    assert REASON not in text and "inadmissibility" not in text


def test_schema_properties_are_public_fields_only(client_a):
    schema = client_a.get("/api/v1/openapi.json").json()
    properties = schema["components"]["schemas"]["PetitionOut"]["properties"]
    assert set(properties) == {
        "reference", "kind", "kind_label", "channel", "title", "reasons", "objectives", "requested_item", "status",
        "status_label", "agent", "signature_count", "signatures_required", "opened_on", "filed_on", "deadline",
        "committee", "session_date", "decision", "decision_label", "timeline",
    }  # fmt: skip
    assert set(schema["components"]["schemas"]["StepOut"]["properties"]) == {"status", "status_label", "date"}


def test_openapi_schema_lists_the_routes(client_a):
    schema = client_a.get("/api/v1/openapi.json").json()
    assert {"/api/v1/petitions/", "/api/v1/petitions/{reference}"} <= set(schema["paths"])
    names = {p["name"] for p in schema["paths"]["/api/v1/petitions/"]["get"]["parameters"]}
    assert {"limit", "offset", "status", "kind"} <= names
    assert {method for path, ops in schema["paths"].items() if "petitions" in path for method in ops} == {"get"}


def test_public_statuses_only():
    assert "preparation" not in PUBLIC and "not_opened" not in PUBLIC


def test_demo_petitions_are_listed(client_a, demo):
    public = set(Petition.objects.filter(site=demo.site_a, is_public=True, status__in=PUBLIC).values_list("reference", flat=True))
    body = get_json(client_a, BASE, limit=100)
    assert {item["reference"] for item in body["items"]} == public
    text = json.dumps(body, ensure_ascii=False)
    private = Petition.objects.filter(site=demo.site_a).values_list("email", "agent_cin", "agent_address", "phone")
    signers = Signature.objects.filter(petition__site=demo.site_a).values_list("cin", "email", "address")
    assert not [value for row in [*private, *signers] for value in row if value and value in text]
