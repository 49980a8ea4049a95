"""Anti-abuse guards, photo cleaning, verification tokens and plugin discovery."""
import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.core import antiabuse, photos, verification
from participation.core.apps import plugins


def _jpeg_with_gps(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (33.0, 35.0, 0.0), 3: "W", 4: (7.0, 36.0, 0.0)}  # GPSInfo
    exif[0x0110] = "Phone model X"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_reencoded_without_exif():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    cleaned = photos.clean_photo(SimpleUploadedFile("x.jpg", original, content_type="image/jpeg"))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "JPEG" and not image.getexif()
    assert cleaned.name.endswith(".jpg") and "x.jpg" not in cleaned.name


@pytest.mark.parametrize(
    "content, code",
    [
        (b"%PDF-1.4 not an image at all", "not_image"),
        (b"<?php echo 'polyglot'; ?>", "not_image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "not_image"),  # a truncated JPEG
    ],
)
def test_non_images_renamed_jpg_are_refused(content, code):
    with pytest.raises(forms.ValidationError) as error:
        photos.clean_photo(SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))
    assert error.value.code == code


def test_oversized_and_bomb_images_are_refused(monkeypatch):
    big = SimpleUploadedFile("big.jpg", b"\xff" * (photos.MAX_BYTES + 1), content_type="image/jpeg")
    with pytest.raises(forms.ValidationError) as error:
        photos.clean_photo(big)
    assert error.value.code == "too_large"
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, format="PNG")  # small file, 100 Mpx once decoded
    with pytest.raises(forms.ValidationError) as error:
        photos.clean_photo(SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png"))
    assert error.value.code == "too_many_pixels"


def test_rate_limit_per_ip_and_per_email(settings):
    from django.core.cache import cache

    cache.clear()
    settings.JAMAA_RATE_LIMITS = {"ip": (3, 60), "email": (2, 60)}
    assert [antiabuse.hit("t", ip="198.51.100.1") for _ in range(4)] == [False, False, False, True]
    assert [antiabuse.hit("t", ip=f"198.51.100.{i}", email="A@x.ma") for i in range(10, 13)] == [False, False, True]
    assert antiabuse.hit("t", ip="198.51.100.50", email="a@X.ma ")  # same address, other spelling
    assert not antiabuse.hit("other-plugin", ip="198.51.100.1")


def test_client_ip_trusts_only_configured_proxies(rf, settings):
    settings.JAMAA_TRUSTED_PROXIES = ["127.0.0.1"]
    proxied = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    direct = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert antiabuse.client_ip(proxied) == "203.0.113.9"
    assert antiabuse.client_ip(direct) == "203.0.113.7"


def test_verification_tokens_are_bound_to_purpose_and_model(box_a, suggestion_data):
    from participation.suggestions.models import Suggestion, SuggestionSupport
    from participation.suggestions.services import submit_suggestion

    record = submit_suggestion(box_a, suggestion_data)
    token = verification.make_token("support", record)
    assert verification.read_token(token, "support", Suggestion) == record.pk
    assert verification.read_token(token, "other", Suggestion) is None
    assert verification.read_token(token, "support", SuggestionSupport) is None
    assert verification.read_token(token[:-2] + "xx", "support", Suggestion) is None


def test_plugins_are_discovered_from_the_app_registry():
    labels = [p.label for p in plugins()]
    assert "participation_suggestions" in labels
    assert "participation_core" not in labels
    suggestions = next(p for p in plugins() if p.label == "participation_suggestions")
    assert suggestions.slug == "suggestions"
    assert [m.__name__ for m in suggestions.get_page_models()] == ["SuggestionBoxPage"]


def test_plugin_contract_checks_report_bad_declarations(monkeypatch):
    from participation.core.checks import check_plugins

    suggestions = next(p for p in plugins() if p.label == "participation_suggestions")
    assert check_plugins() == []
    monkeypatch.setattr(type(suggestions), "personal_data", {"Suggestion": ("no_such_field",)})
    assert [e.id for e in check_plugins()] == ["jamaa.E002"]
