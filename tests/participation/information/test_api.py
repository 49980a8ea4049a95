"""The public register as read-only JSON at /api/v1/information/: the published requests of the
host's commune, never the requester's identity (name, e-mail, phone, address, CIN), messages,
clarifications or complaints."""
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.core import services
from participation.core.references import next_reference
from participation.information import services as information
from participation.information.models import InformationNote, InformationRequest

pytestmark = pytest.mark.django_db

BASE = "/api/v1/information/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

REQUESTER = {
    "name": "سناء السرية",
    "email": "sanaa.secret@example.org",
    "phone": "+212 600-445566",
    "address": "زنقة الكتمان 21، حي الخفاء",
    "id_number": "QX445566",
}
MESSAGE = "رسالة خاصة من الطالبة لا تنشر"
REPLY = "رد خاص من الموظف لا ينشر"
CLARIFICATION = "توضيح خاص لا ينشر أبدا"
COMPLAINT = "شكاية خاصة بالرئيس لا تنشر"
NOTE = "Internal note: call the requester"
PRIVATE_KEYS = {"name", "email", "phone", "address", "id_number", "submitted_ip", "access_token", "messages", "notes",
                "complaint", "complaint_answer", "clarification_question", "clarification_reply", "extension_reason",
                "refusal_reason", "transferred_to", "file", "language", "urgency_justification"}


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
def data(demo, information_a, information_b, make_request, superuser):
    """Commune A: an answer with a file, full of recognisable personal data, messages, a
    clarification and a note; a refusal; a partial answer under complaint; an answer kept out
    of the register; a transfer; a request still in progress. Commune B: an answer of its own."""
    InformationRequest.objects.all().delete()  # the demo seed's requests: rolled back after the test
    answered = make_request(information_a, "take", "ask_clarification", **REQUESTER)
    answered = information.clarify(answered, CLARIFICATION)
    information.send_message(answered, MESSAGE)
    information.send_message(answered, REPLY, user=superuser)
    InformationNote.objects.create(request=answered, text=NOTE)
    answered = services.perform(answered, "answer", superuser, public_answer="تجدون الميزانية المصادق عليها في الملف المرفق.")
    answer_file = information.add_answer_file(answered, "الميزانية المصادق عليها لسنة 2026",
                                              SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf"), superuser)
    refused = make_request(information_a, "refuse", subject="لائحة المستفيدين من الدعم الاجتماعي")
    partial = make_request(information_a, "answer_partially", subject="محاضر لجنة الصفقات لسنة 2025")
    partial = information.complain(partial, COMPLAINT)
    opted_out = make_request(information_a, "answer", register_opt_out=True, subject="طلب لا يريد صاحبه نشره")
    transferred = make_request(information_a, "transfer", subject="معلومات تملكها العمالة لا الجماعة")
    pending = make_request(information_a, "take", subject="طلب قيد المعالجة لم يجب عنه")
    for _ in range(50):  # references are per commune: B's would be A's too
        next_reference(demo.site_b, "INF")
    other = make_request(information_b, "answer", subject="ميزانية جماعة آيت واسيف")

    class Data:
        pass

    records = {"answered": answered, "refused": refused, "partial": partial, "opted_out": opted_out,
               "transferred": transferred, "pending": pending, "other": other}
    for name, value in records.items():
        setattr(Data, name, InformationRequest.objects.get(pk=value.pk))
    Data.file = answer_file
    yield Data
    default_storage.delete(answer_file.file.name)


# --- list and detail ------------------------------------------------------------------


def test_list_shows_the_published_requests_of_the_hosts_commune(client_a, data):
    body = get_json(client_a, BASE)
    references = [item["reference"] for item in body["items"]]
    assert body["count"] == 3
    assert set(references) == {data.answered.reference, data.refused.reference, data.partial.reference}
    assert references[0] == data.partial.reference  # newest answer first (same day: newest request)
    item = next(i for i in body["items"] if i["reference"] == data.answered.reference)
    answered = data.answered
    assert item == {
        "reference": answered.reference,
        "subject": answered.subject,
        "information_requested": answered.information_requested,
        "received_on": answered.received_on.isoformat(),
        "answered_on": answered.answered_on.isoformat(),
        "status": "answered",
        "status_label": item["status_label"],
        "public_answer": "تجدون الميزانية المصادق عليها في الملف المرفق.",
        "redaction_note": "",
        "refusal_grounds": [],
        "files": [{"title": "الميزانية المصادق عليها لسنة 2026", "url": item["files"][0]["url"]}],
    }
    assert item["status_label"]


def test_answer_file_links_to_the_registers_file_route(client_a, data, information_a):
    item = get_json(client_a, BASE + data.answered.reference)
    url = item["files"][0]["url"]
    expected = information_a.route_path("register_file", data.answered.pk, data.file.pk)
    assert url == "http://127.0.0.1" + expected
    assert url.endswith(f"register/{data.answered.pk}/file/{data.file.pk}/")
    assert data.file.file.name not in json.dumps(item)  # never the storage name
    response = client_a.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_refusal_grounds_have_labels_not_reasons(client_a, data):
    item = get_json(client_a, BASE + data.refused.reference)
    assert item["status"] == "refused" and item["answered_on"]
    assert [ground["code"] for ground in item["refusal_grounds"]] == ["private_life"]
    assert item["refusal_grounds"][0]["label"]
    assert data.refused.refusal_reason not in json.dumps(item, ensure_ascii=False)


def test_partial_answer_under_complaint(client_a, data):
    item = get_json(client_a, BASE + data.partial.reference)
    assert item["status"] == "complaint" and item["status_label"]
    assert item["redaction_note"] == data.partial.redaction_note
    assert COMPLAINT not in json.dumps(item, ensure_ascii=False)


def test_detail_by_reference(client_a, data):
    assert get_json(client_a, BASE + data.answered.reference)["reference"] == data.answered.reference
    assert get_json(client_a, BASE + data.answered.reference.lower())["reference"] == data.answered.reference


@pytest.mark.parametrize("which", ["opted_out", "transferred", "pending"])
def test_unpublished_requests_are_invisible(client_a, data, which):
    entry = getattr(data, which)
    get_json(client_a, BASE + entry.reference, expect=404)
    references = {item["reference"] for item in get_json(client_a, BASE, limit=100)["items"]}
    assert entry.reference not in references


def test_unpublished_by_staff_is_invisible(client_a, data):
    InformationRequest.objects.filter(pk=data.answered.pk).update(is_public=False)
    get_json(client_a, BASE + data.answered.reference, expect=404)
    assert get_json(client_a, BASE)["count"] == 2


def test_other_commune_sees_only_its_own(client_a, client_b, data):
    assert [item["reference"] for item in get_json(client_b, BASE)["items"]] == [data.other.reference]
    get_json(client_b, BASE + data.answered.reference, expect=404)
    get_json(client_b, BASE + data.refused.reference, expect=404)
    get_json(client_a, BASE + data.other.reference, expect=404)


def test_same_reference_in_two_communes_is_resolved_by_host(client_a, client_b, data):
    InformationRequest.objects.filter(pk=data.other.pk).update(reference=data.answered.reference)
    assert get_json(client_a, BASE + data.answered.reference)["subject"] == data.answered.subject
    assert get_json(client_b, BASE + data.answered.reference)["subject"] == data.other.subject


@pytest.mark.parametrize("reference", ["INF-2099-99999", "nope", "INF 2026", "x" * 40, "%00", "'; DROP TABLE--"])
def test_unknown_or_malformed_reference_is_404(client_a, data, reference):
    assert client_a.get(BASE + reference).status_code == 404


def test_malformed_reference_makes_no_query(client_a, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client_a.get(BASE + "bad%20ref!").status_code == 404
    assert not [q["sql"] for q in queries.captured_queries if "participation_information" in q["sql"]]


def test_filters(client_a, data):
    def refs(**params):
        return {i["reference"] for i in get_json(client_a, BASE, **params)["items"]}

    assert refs(status="answered") == {data.answered.reference}
    assert refs(status="refused") == {data.refused.reference}
    assert refs(status="complaint") == {data.partial.reference}
    assert refs(status="complaint_answered") == set()
    assert refs(q="الدعم الاجتماعي") == {data.refused.reference}
    assert refs(q="الملف المرفق") == {data.answered.reference}  # in the answer
    assert refs(q="لا يريد صاحبه") == set()  # opted out
    assert refs(q="سناء") == set()  # never searched by the requester's name
    assert refs(q="  ") == {data.answered.reference, data.refused.reference, data.partial.reference}


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 101}, {"limit": "many"}, {"offset": -1}, {"offset": 10**30},
    {"status": "received"},  # not a public status
    {"status": "transferred"}, {"status": "nonsense"}, {"q": "x" * 101},
])
def test_bad_query_parameters_are_422(client_a, data, params):
    assert "detail" in get_json(client_a, BASE, expect=422, **params)


def test_pagination(client_a, information_a, make_request, data):
    for number in range(20):
        make_request(information_a, "answer", subject=f"طلب رقم {number} للاختبار")
    first = get_json(client_a, BASE)
    assert first["count"] == 23 and len(first["items"]) == 20
    second = get_json(client_a, BASE, offset=20)
    assert len(second["items"]) == 3
    assert len({i["reference"] for i in first["items"] + second["items"]}) == 23
    assert get_json(client_a, BASE, limit=3, offset=3)["items"] == first["items"][3:6]
    assert get_json(client_a, BASE, offset=1_000_000)["items"] == []


def test_list_query_count_is_flat(client_a, information_a, make_request, superuser, data, django_assert_max_num_queries):
    client_a.get(BASE)
    names = []
    for number in range(12):
        entry = make_request(information_a, "answer" if number % 2 else "refuse", subject=f"طلب رقم {number} للاختبار")
        answer_file = information.add_answer_file(entry, f"ملف {number}", SimpleUploadedFile("a.pdf", PDF), superuser)
        names.append(answer_file.file.name)
    try:
        with django_assert_max_num_queries(5):  # site, count, page (with the pages), files
            body = get_json(client_a, BASE, limit=100)
        assert body["count"] == 15 and all(item["files"] for item in body["items"][:12])
    finally:
        for name in names:
            default_storage.delete(name)


def test_read_only(client_a, data):
    assert client_a.post(BASE, {}, content_type="application/json").status_code == 405
    assert client_a.delete(BASE + data.answered.reference).status_code == 405


# --- no personal data, anywhere ---------------------------------------------------------


def test_no_personal_data_in_any_response(client_a, data):
    answered = data.answered
    responses = [
        client_a.get(BASE),
        client_a.get(BASE, {"limit": 100}),
        client_a.get(BASE, {"status": "answered"}),
        client_a.get(BASE, {"q": "الميزانية"}),
        client_a.get(BASE + answered.reference),
        client_a.get(BASE + data.partial.reference),
        client_a.get("/api/v1/openapi.json"),
    ]
    forbidden = [*REQUESTER.values(), "leila@example.ma", "BE654321", "ليلى المنصوري", "زنقة الياسمين", "0622222222",
                 answered.access_token, MESSAGE, REPLY, CLARIFICATION, COMPLAINT, NOTE, data.file.file.name]
    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        for value in forbidden:
            assert value not in text, f"{value!r} leaked in {response.request['PATH_INFO']}"
        if "openapi" not in response.request["PATH_INFO"]:
            assert not _all_keys(response.json()) & PRIVATE_KEYS


def test_schema_properties_are_public_fields_only(client_a):
    schema = client_a.get("/api/v1/openapi.json").json()
    properties = schema["components"]["schemas"]["InformationRequestOut"]["properties"]
    assert set(properties) == {
        "reference", "subject", "information_requested", "received_on", "answered_on", "status", "status_label",
        "public_answer", "redaction_note", "refusal_grounds", "files",
    }  # fmt: skip
    assert set(schema["components"]["schemas"]["FileOut"]["properties"]) == {"title", "url"}
    assert set(schema["components"]["schemas"]["GroundOut"]["properties"]) == {"code", "label"}


def test_openapi_schema_lists_the_routes(client_a):
    schema = client_a.get("/api/v1/openapi.json").json()
    assert {"/api/v1/information/", "/api/v1/information/{reference}"} <= set(schema["paths"])
    names = {p["name"] for p in schema["paths"]["/api/v1/information/"]["get"]["parameters"]}
    assert {"limit", "offset", "status", "q"} <= names
    assert {method for path, ops in schema["paths"].items() if "information" in path for method in ops} == {"get"}


def test_demo_requests_are_listed(client_a, demo):
    public = set(InformationRequest.objects.filter(site=demo.site_a, is_public=True).values_list("reference", flat=True))
    body = get_json(client_a, BASE, limit=100)
    assert {item["reference"] for item in body["items"]} == public
    assert public, "the demo has published answers"
    text = json.dumps(body, ensure_ascii=False)
    for name, email, id_number in InformationRequest.objects.filter(site=demo.site_a).values_list("name", "email", "id_number"):
        assert name not in text and email not in text and id_number not in text
