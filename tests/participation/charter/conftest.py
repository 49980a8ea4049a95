"""Fixtures of the charter tests: the charter page of each demo commune, and valid data of
both adhesion forms."""
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.charter.models import CharterPage

_numbers = itertools.count(1)
CAPTCHA = {"captcha_0": "any-key", "captcha_1": "PASSED"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def charter_of(site) -> CharterPage:
    page = CharterPage.objects.descendant_of(site.root_page).filter(locale=site.root_page.locale).first()
    if page is None:
        page = CharterPage(title="ميثاق المشاركة المواطنة", slug="charter-test")
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def charter_a(demo):
    return charter_of(demo.site_a)


@pytest.fixture
def charter_b(demo):
    return charter_of(demo.site_b)


def pdf_file(name="statuts.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def association_data(n=None, **overrides) -> dict:
    """Valid data for services.join(page, "association", …)."""
    import datetime

    from django.core.files.base import ContentFile

    n = n or next(_numbers) + 100
    data = {
        "association_name": f"جمعية الاختبار {n}",
        "registration_number": f"T-{n}",
        "registration_date": datetime.date(2019, 3, 25),
        "seat": "زنقة الياسمين، عين الزيتون",
        "activity": "culture",
        "name": f"ممثل الجمعية {n}",
        "email": f"association{n}@example.ma",
        "phone": "0600000000",
        "document": ContentFile(PDF, name="statutes.pdf"),
    }
    return data | overrides


def citizen_data(n=None, **overrides) -> dict:
    n = n or next(_numbers) + 100
    return {"name": f"مواطنة {n}", "neighbourhood": "حي النصر", "email": f"citizen{n}@example.ma", "show_name": False} | overrides


def association_form(n=None, **overrides) -> dict:
    """What the association form posts (the document added separately as a file)."""
    data = association_data(n)
    data.pop("document")
    data["registration_date"] = data["registration_date"].isoformat()
    return data | {"accept": "on", "consent": "on", "website": ""} | CAPTCHA | overrides


def citizen_form(n=None, **overrides) -> dict:
    data = citizen_data(n)
    data["show_name"] = "on" if data.pop("show_name") else ""
    return data | {"accept": "on", "consent": "on", "website": ""} | CAPTCHA | overrides


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-charter", "root-charter@example.ma", "x")


def png_bytes() -> bytes:
    """A real 1×1 PNG: documents are read by content."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00\x00\x00\nIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\xb18\xf6\x14\x00\x00\x00\x00IEND\xaeB`\x82"


def as_upload(content: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


__all__ = ["io"]
