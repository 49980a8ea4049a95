"""Hostile uploads: huge and malformed files, polyglots (a file that is two things at once),
decompression bombs (a tiny file declaring a huge picture) and ZIP bombs. Each is a clear
form error, never a 500 nor a memory blow-up; what is accepted is validated by content."""
import io
import struct
import warnings
import zipfile
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.action_plan import importer
from participation.charter.models import Adhesion
from participation.core import archives, documents, photos
from participation.suggestions.models import Suggestion
from tests.participation.charter.conftest import CAPTCHA, association_form, charter_of
from tests.support.hostile import hostile_client

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(fmt="JPEG", size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, fmt)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header declares width × height pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _chunk(b"IEND", b""))


def gif_declaring(width: int, height: int) -> bytes:
    """A 1×1 GIF whose screen and image descriptors are rewritten to declare width × height."""
    out = io.BytesIO()
    Image.new("P", (1, 1)).save(out, "GIF")
    data = bytearray(out.getvalue())
    size = struct.pack("<HH", width, height)
    data[6:10] = size
    descriptor = data.index(b",", 13)  # the image descriptor: ",", left, top, width, height
    data[descriptor + 5:descriptor + 9] = size
    return bytes(data)


def upload(content: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


BOMBS = {
    "PNG of 50,000 × 50,000 pixels (Pillow's DecompressionBombError)": png_declaring(50_000, 50_000),
    "PNG of 10,000 × 10,000 pixels (Pillow's DecompressionBombWarning)": png_declaring(10_000, 10_000),
    "PNG of 7,000 × 7,000 pixels (over our 40 megapixels)": png_declaring(7_000, 7_000),
    "GIF of 65,535 × 65,535 pixels": gif_declaring(65_535, 65_535),
}
NOT_IMAGES = {
    "random bytes": bytes(range(256)) * 4,
    "a truncated JPEG": image_bytes()[:200],
    "HTML renamed .jpg": HTML,
    "SVG renamed .jpg": SVG,
    "a PDF": PDF,
    "JPEG magic then HTML": b"\xff\xd8\xff\xe0" + HTML,
    "an empty PNG": b"\x89PNG\r\n\x1a\n",
}


# --- photos --------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", BOMBS.values(), ids=BOMBS.keys())
def test_a_decompression_bomb_photo_is_a_clear_error_never_decoded(content, recwarn):
    with pytest.raises(forms.ValidationError) as error:
        photos.clean_photo(upload(content, "bomb.jpg", "image/jpeg"))
    assert error.value.code == "too_many_pixels"
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


@pytest.mark.parametrize("content", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_a_file_that_is_not_a_photo_is_refused(content):
    with pytest.raises(forms.ValidationError) as error:
        photos.clean_photo(upload(content, "photo.jpg", "image/jpeg"))
    assert error.value.code == "not_image"


def test_a_huge_photo_is_refused_before_it_is_read():
    with pytest.raises(forms.ValidationError) as error:
        photos.clean_photo(upload(image_bytes() + b"\0" * photos.MAX_BYTES, "big.jpg", "image/jpeg"))
    assert error.value.code == "too_large"


def test_a_jpeg_html_polyglot_is_stored_as_a_plain_jpeg():
    cleaned = photos.clean_photo(upload(image_bytes() + HTML, "polyglot.jpg", "image/jpeg"))
    stored = cleaned.read()
    assert stored.startswith(b"\xff\xd8\xff") and b"<script" not in stored and b"<html" not in stored


def test_a_bomb_sent_through_the_suggestions_form_is_a_form_error(demo, box_a):
    from participation.suggestions.forms import localized_categories
    from tests.participation.suggestions.test_hostile_input import _valid, category  # noqa: F401

    data = _valid(localized_categories(demo.site_a).first()) | CAPTCHA
    before = Suggestion.objects.count()
    for content in (*BOMBS.values(), *NOT_IMAGES.values()):
        response = hostile_client().post(box_a.route_path("submit"), data | {"photo": upload(content, "p.jpg")})
        assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert Suggestion.objects.count() == before


# --- documents -----------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    HTML, SVG, b"%PDF-1.4\n" + HTML + b"\n%%EOF\n", b"%PDF-1.4\n<svg onload=alert(1)>\n%%EOF\n", b"%PDF-1.4 no end",
    b"\xff\xd8\xff\xe0" + HTML, b"\x89PNG\r\n\x1a\n" + b"\0" * 32, b"GIF89a" + HTML, b"PK\x03\x04" + b"\0" * 64,
    image_bytes()[:100],
], ids=["html", "svg", "pdf-html", "pdf-svg", "pdf-without-end", "jpeg-magic-html", "png-magic-only", "gif", "zip",
        "truncated-jpeg"])
def test_a_document_is_validated_by_content(content):
    for name in ("statutes.pdf", "statutes.jpg", "statutes.png"):
        with pytest.raises(forms.ValidationError) as error:
            documents.clean_document(upload(content, name))
        assert error.value.code in ("bad_type", "not_image")


@pytest.mark.parametrize("content", [png_declaring(50_000, 50_000), png_declaring(7_000, 7_000)])
def test_a_document_image_that_is_a_bomb_is_refused(content):
    with pytest.raises(forms.ValidationError) as error:
        documents.clean_document(upload(content, "scan.png"))
    assert error.value.code == "too_many_pixels"


def test_a_huge_document_is_refused():
    with pytest.raises(forms.ValidationError) as error:
        documents.clean_document(upload(PDF + b"\0" * documents.MAX_BYTES, "big.pdf"))
    assert error.value.code == "too_large"


@pytest.mark.parametrize(("content", "extension"), [
    (PDF, "pdf"), (image_bytes("JPEG"), "jpg"), (image_bytes("PNG"), "png"), (image_bytes("JPEG", (800, 600)) + HTML, "jpg"),
])
def test_real_documents_are_kept_under_their_real_kind(content, extension):
    cleaned = documents.clean_document(upload(content, "whatever.bin"))
    assert cleaned.name.endswith("." + extension) and cleaned.read() == content


def test_hostile_documents_through_the_charter_form_are_form_errors(demo):
    client, url = hostile_client(), charter_of(demo.site_a).route_path("join", "association")
    before = Adhesion.objects.count()
    for content in (HTML, SVG, png_declaring(50_000, 50_000), b"%PDF-1.4\n" + HTML + b"\n%%EOF\n", PDF + b"\0" * (11 << 20)):
        response = client.post(url, association_form(1) | {"document": upload(content, "statuts.pdf", "application/pdf")})
        assert response.status_code == 400 and response.context["form"].errors["document"]
    assert Adhesion.objects.count() == before


def test_a_stored_document_is_served_with_its_own_type_and_never_sniffed(tmp_path, db):
    from django.core.files import File

    path = tmp_path / "x.jpg"
    path.write_bytes(image_bytes() + HTML)
    with open(path, "rb") as handle:
        response = documents.stored_file_response(File(handle, name="x.jpg"), "PET-2026-00001.jpg")
        assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
        response.close()


# --- ZIP bombs (the action plan's XLSX import) ------------------------------------------------------


def zip_bomb(expanded: int, members: int = 1) -> bytes:
    """An XLSX-looking ZIP whose members expand to `expanded` bytes from a few kilobytes each."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(members):
            with archive.open(f"xl/sharedStrings{n or ''}.xml", "w") as member:
                chunk = b"<si><t>a</t></si>" * 4096
                for _ in range(expanded // members // len(chunk) + 1):
                    member.write(chunk)
    return out.getvalue()


def test_a_workbook_that_expands_to_too_much_is_refused_before_it_is_opened(monkeypatch):
    bomb = zip_bomb(archives.MAX_EXPANDED_BYTES + 1024)
    assert len(bomb) < importer.MAX_BYTES  # small on the wire
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("the bomb reached openpyxl"))
    with pytest.raises(importer.FileRejected) as error:
        importer.read_table(upload(bomb, "plan.xlsx"))
    assert "25" in str(error.value)


def test_a_workbook_of_too_many_members_is_refused():
    with pytest.raises(archives.UnsafeArchive):
        archives.check_zip(zip_bomb(10_000, members=archives.MAX_MEMBERS + 1))


def test_a_broken_zip_is_not_a_workbook():
    with pytest.raises(importer.FileRejected) as error:
        importer.read_table(upload(b"PK\x03\x04" + b"\0" * 100, "plan.xlsx"))
    assert "XLSX" in str(error.value)


def test_a_real_workbook_passes_the_archive_check():
    archives.check_zip(importer.template_xlsx())


def test_no_warning_is_left_to_decide(recwarn):
    """Pillow's bomb warning never escapes as a mere warning (it would let the decoding go on)."""
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        for content in BOMBS.values():
            with pytest.raises(forms.ValidationError):
                photos.probe_image(io.BytesIO(content))
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]
