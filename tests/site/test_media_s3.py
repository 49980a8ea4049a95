"""Media on an S3-compatible store (commune/media.py): with MEDIA_S3_BUCKET set,
citizens' and staff's uploads land in the bucket, private files are still streamed only by the
permission-checked views, images get signed links of the store, and a missing object is a 404
or Wagtail's placeholder, never a server error. Without it, files stay in MEDIA_ROOT.

A real S3 server (moto's) runs on loopback; the storage is built by the settings' own function.
"""
import importlib.util
import io
import json
import logging
import re
import subprocess
import urllib.request
from pathlib import Path

import boto3
import environ
import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from commune.media import LINK_SECONDS, media_storage
from participation.petitions.models import Petition
from participation.suggestions.models import Suggestion, SuggestionBoxPage
from tests.participation.petitions.test_admin import (
    DOCUMENT,
    INSPECT,
    PDF,
    RECORD_PAPER,
    final_status,
    logged_in,
    paper_data,
    pdf,
)
from tests.participation.suggestions.test_public import _data, _url, jpeg_with_gps
from tests.site.helpers import page_of_type

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "jamaa-media"
CREDENTIALS = {"MEDIA_S3_ACCESS_KEY_ID": "test-key", "MEDIA_S3_SECRET_ACCESS_KEY": "test-secret"}
S3_VARIABLES = ("MEDIA_S3_BUCKET", "MEDIA_S3_ENDPOINT_URL", "MEDIA_S3_REGION", "MEDIA_S3_ACCESS_KEY_ID",
                "MEDIA_S3_SECRET_ACCESS_KEY", "MEDIA_S3_ADDRESSING_STYLE")


@pytest.fixture(scope="module")
def endpoint():
    """moto's S3 server on a free loopback port, for this module (its request log kept quiet)."""
    request_log = logging.getLogger("werkzeug")
    level = request_log.level
    request_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    request_log.setLevel(level)


@pytest.fixture
def s3_env(monkeypatch):
    """Sets the media variables (and only those given) as the environment would."""

    def set_variables(**variables):
        for name in S3_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return environ.Env()

    return set_variables


@pytest.fixture
def bucket(endpoint, s3_env, settings):
    """An empty bucket, and the default storage pointing at it as the settings would build it."""
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test-key", aws_secret_access_key="test-secret")
    client.create_bucket(Bucket=BUCKET)
    env = s3_env(MEDIA_S3_BUCKET=BUCKET, MEDIA_S3_ENDPOINT_URL=endpoint, MEDIA_S3_REGION="us-east-1",
                 MEDIA_S3_ADDRESSING_STYLE="path", **CREDENTIALS)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(env)}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def png(size=(120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(out, "PNG")
    return out.getvalue()


def rendition_url(image, spec="width-60") -> str:
    """What the themes' `{% image %}` tag gives a page."""
    return Template("{% load wagtailimages_tags %}{% image img " + spec + " as r %}{{ r.url }}").render(
        Context({"img": image})
    ).replace("&amp;", "&")


def assert_signed(url: str, endpoint: str, prefix: str):
    assert url.startswith(f"{endpoint}/{BUCKET}/{prefix}"), url
    assert "X-Amz-Signature=" in url and f"X-Amz-Expires={LINK_SECONDS}" in url


# --- uploads land in the bucket ---------------------------------------------------------------


def test_a_citizens_photo_is_stored_in_the_bucket(bucket, demo, client_a, settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()  # rate limits
    box = page_of_type(demo.site_a, SuggestionBoxPage)
    photo = SimpleUploadedFile("lamp.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = _data(box.get_site(), photo=photo, email="s3.citizen@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(_url(box, "submit"), data)
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(email="s3.citizen@example.ma")
    assert suggestion.photo.name in keys(bucket)
    assert not (Path(settings.MEDIA_ROOT) / suggestion.photo.name).exists()
    stored = bucket.get_object(Bucket=BUCKET, Key=suggestion.photo.name)["Body"].read()
    assert stored.startswith(b"\xff\xd8\xff") and b"JamaaPhone" not in stored  # the re-encoded JPEG, no EXIF
    # staff's link to it (the inspect view) is a signed one that expires, never a public address
    assert_signed(suggestion.photo.url, bucket.meta.endpoint_url, "suggestions/")


# --- private files: through the app's views only ------------------------------------------------


def test_a_petitions_scan_is_served_from_the_bucket_to_its_communes_staff_only(bucket, demo, client_a):
    officer = logged_in("a_participation")
    response = officer.post(reverse(RECORD_PAPER), paper_data(email="s3.paper@example.ma", scan=pdf("scan.pdf")))
    assert response.status_code == 302
    petition = Petition.objects.get(email="s3.paper@example.ma")
    assert petition.scan.name in keys(bucket)

    url = reverse(DOCUMENT, args=[petition.pk, "scan"])
    inspect = officer.get(reverse(INSPECT, args=[petition.pk])).content.decode()
    assert url in inspect and bucket.meta.endpoint_url not in inspect  # the app's view, not the store's address
    served = officer.get(url)
    assert served.status_code == 200 and "no-store" in served["Cache-Control"]
    assert b"".join(served.streaming_content) == PDF

    anonymous = client_a.get(url)
    assert anonymous.status_code == 302 and reverse("wagtailadmin_login") in anonymous["Location"]
    other_commune = logged_in("b_bureau")
    assert final_status(other_commune.get(url), other_commune) == 404

    bucket.delete_object(Bucket=BUCKET, Key=petition.scan.name)
    assert final_status(officer.get(url), officer) == 404  # gone from the bucket: not a server error


# --- images: signed links of the store ----------------------------------------------------------


def test_an_image_and_its_rendition_have_signed_links_that_work(bucket, demo):
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(title="S3", file=ImageFile(io.BytesIO(png()), name="s3-square.png"))
    assert image.file.name in keys(bucket)

    url = rendition_url(image)
    assert_signed(url, bucket.meta.endpoint_url, "images/")
    assert {key for key in keys(bucket) if key.startswith("images/")}  # the rendition was written there too
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert Image.open(io.BytesIO(answer.read())).size == (60, 45)

    bucket.delete_object(Bucket=BUCKET, Key=image.file.name)
    assert f"/{BUCKET}/not-found?" in rendition_url(image, "width-30")  # Wagtail's placeholder, not a server error


# --- the settings -------------------------------------------------------------------------------


def test_without_a_bucket_files_stay_in_media_root(s3_env):
    assert media_storage(s3_env()) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # the other variables alone change nothing: the bucket is the switch
    assert media_storage(s3_env(MEDIA_S3_ENDPOINT_URL="https://s3.example.org", **CREDENTIALS)) == media_storage(s3_env())


def test_with_a_bucket_objects_are_private_signed_and_never_overwritten(s3_env):
    storage = media_storage(s3_env(MEDIA_S3_BUCKET=BUCKET, MEDIA_S3_ENDPOINT_URL="https://s3.example.org"),
                            page_cache_seconds=600)
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": "https://s3.example.org", "default_acl": None,
            "querystring_auth": True, "querystring_expire": 600 + LINK_SECONDS, "signature_version": "s3v4",
            "file_overwrite": False,
        },  # no credentials given: boto3's own (AWS_* variables, an instance role)
    }


def test_production_puts_media_in_the_bucket_and_keeps_static_files_with_whitenoise(s3_env, tmp_path):
    from tests.site.test_settings import run

    s3_env()
    variables = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "commune.example.org", "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}",
                 "JAMAA_ENCRYPTION_KEYS": "eC15ZWFyLW9sZC10ZXN0LWZlcm5ldC1rZXktMDAwMDA=", "JAMAA_HASH_KEY": "x" * 40}
    show = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES))"
    result = run(["-c", show], **variables, MEDIA_S3_BUCKET=BUCKET, MEDIA_S3_REGION="eu-west-3")
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout.strip().splitlines()[-1])
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["region_name"] == "eu-west-3"
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


# --- backups ------------------------------------------------------------------------------------


def test_a_backup_says_the_bucket_holds_the_media(s3_env, tmp_path, monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("jamaa_backup", ROOT / "deploy" / "backup.py")
    backup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(backup)

    def fake_pg(command, **kwargs):  # pg_dump / pg_restore: the database part is tested by tests/stack
        if "--file" in command:
            Path(command[command.index("--file") + 1]).write_bytes(b"dump")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(backup.subprocess, "run", fake_pg)
    media_root = tmp_path / "media"
    (media_root / "original_images").mkdir(parents=True)
    (media_root / "original_images" / "left-over.png").write_bytes(png())
    monkeypatch.setenv("DATABASE_URL", "postgres://jamaa:secret@127.0.0.1:5432/jamaa")
    monkeypatch.setenv("MEDIA_ROOT", str(media_root))
    s3_env(MEDIA_S3_BUCKET=BUCKET)

    folder = backup.create(tmp_path / "backups")
    assert sorted(path.name for path in folder.iterdir()) == ["database.dump", "manifest.json"]
    assert re.search(rf"media files NOT included.*{BUCKET}.*versioning", capsys.readouterr().err)

    backup.restore(folder)
    assert f"media files are in the bucket '{BUCKET}'" in capsys.readouterr().out
    assert sorted(path.name for path in media_root.rglob("*")) == ["left-over.png", "original_images"]  # untouched

