"""CIN numbers at rest (issue 9, LEGAL.md §4): encrypted in the database, found through their
keyed hash (one signature per CIN still holds), re-encrypted by `manage.py
rotate_encryption_keys`, shown in plain only to staff (exports), and never written to a log."""
import csv
import io
import logging
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from participation.core import encrypted
from participation.core.encrypted import lookup_hash
from participation.petitions import services as petitions
from participation.petitions.models import Petition, Signature
from tests.participation.petitions.conftest import signatory
from tests.participation.petitions.test_admin import EXPORT_SIGNATURES, SIGNATURES, content, logged_in

pytestmark = pytest.mark.django_db


def stored(model, field, pk):
    """The value as the database holds it, past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {field} FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608 (test, fixed names)
        return cursor.fetchone()[0]


@pytest.fixture
def bureau_a(demo):
    return logged_in("a_bureau")


@pytest.fixture
def open_petition(petitions_a, make_petition):
    return make_petition(petitions_a, "open", threshold=50, agent_cin="KL445566")


def test_cins_are_stored_encrypted_and_read_in_plain(open_petition):
    signature = petitions.sign(open_petition, signatory(cin="mn 778899"))
    raw = stored(Signature, "cin", signature.pk)
    assert "MN778899" not in raw and raw.startswith("gAAAAA")  # a Fernet token
    assert Signature.objects.get(pk=signature.pk).cin == "MN778899"
    assert stored(Signature, "cin_hash", signature.pk) == lookup_hash("MN778899") != "MN778899"
    assert "KL445566" not in stored(Petition, "agent_cin", open_petition.pk)
    assert Petition.objects.get(pk=open_petition.pk).agent_cin == "KL445566"


def test_one_signature_per_cin_still_holds_and_is_found_by_its_hash(open_petition):
    petitions.sign(open_petition, signatory(cin="AB445566"))
    with pytest.raises(petitions.SignatureRefused):
        petitions.sign(open_petition, signatory(cin="ab-445566"))  # the same CIN, written differently
    assert Signature.objects.filter(cin_hash=lookup_hash("AB445566")).count() == 1


def test_comparing_ciphertext_is_refused_rather_than_silently_finding_nothing():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(Signature.objects.filter(cin="AB445566"))


def test_staff_find_a_signature_by_its_whole_cin(open_petition, bureau_a):
    signature = petitions.sign(open_petition, signatory(cin="EF123456"))
    petitions.sign(open_petition, signatory(cin="GH654321"))
    html = content(bureau_a.get(reverse(SIGNATURES, args=[open_petition.pk]), {"q": "ef 123456"}))
    assert signature.email in html and "GH654321" not in html


def test_plaintext_rows_of_before_are_encrypted_by_the_data_migration(open_petition):
    signature = petitions.sign(open_petition, signatory(cin="PQ112233"))
    with connection.cursor() as cursor:  # as the migration found them: plain, no hash
        cursor.execute(f"UPDATE {Signature._meta.db_table} SET cin = %s, cin_hash = NULL WHERE id = %s",  # noqa: S608
                       ["PQ112233", signature.pk])
    assert encrypted.encrypt_plaintext(Signature, ["cin"], connection) >= 1
    assert "PQ112233" not in stored(Signature, "cin", signature.pk)
    assert stored(Signature, "cin_hash", signature.pk) == lookup_hash("PQ112233")
    assert Signature.objects.get(pk=signature.pk).cin == "PQ112233"
    encrypted.decrypt_to_plaintext(Signature, ["cin"], connection)  # the reverse migration
    assert stored(Signature, "cin", signature.pk) == "PQ112233"


def test_rotation_re_encrypts_with_the_new_key_so_the_old_one_can_go(open_petition, settings):
    key_a = settings.JAMAA_ENCRYPTION_KEYS[0]
    key_b = Fernet.generate_key().decode()
    signature = petitions.sign(open_petition, signatory(cin="RS445566"))
    before = stored(Signature, "cin", signature.pk)

    settings.JAMAA_ENCRYPTION_KEYS = [key_b, key_a]  # 1. the new key first: new values use it, old ones still open
    assert Signature.objects.get(pk=signature.pk).cin == "RS445566"
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)  # 2. everything re-encrypted with B
    assert "participation_petitions.Signature" in out.getvalue()
    assert stored(Signature, "cin", signature.pk) != before

    settings.JAMAA_ENCRYPTION_KEYS = [key_b]  # 3. A removed: still readable, still found
    assert Signature.objects.get(pk=signature.pk).cin == "RS445566"
    assert Petition.objects.get(pk=open_petition.pk).agent_cin == "KL445566"
    assert Signature.objects.filter(cin_hash=lookup_hash("RS445566")).exists()

    settings.JAMAA_ENCRYPTION_KEYS = [key_a]  # what B encrypted, A alone cannot open
    with pytest.raises(encrypted.UndecryptableValue):
        Signature.objects.get(pk=signature.pk)


def test_removing_a_key_before_rotating_stops_the_command_with_a_clear_message(open_petition, settings):
    from django.core.management.base import CommandError

    petitions.sign(open_petition, signatory())
    settings.JAMAA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="rotate|key"):
        call_command("rotate_encryption_keys", stdout=StringIO())


def test_no_cin_reaches_a_log_when_signing_and_exporting(petitions_a, client_a, make_petition, bureau_a, caplog,
                                                          django_capture_on_commit_callbacks):
    from tests.participation.petitions.test_public import _sign, _url

    petition = make_petition(petitions_a, "open", threshold=2, agent_cin="UV908070")
    caplog.set_level(logging.DEBUG)  # the root logger, and every logger under it
    response = _sign(client_a, petitions_a, petition, django_capture_on_commit_callbacks, cin="wx 102030")
    assert response.status_code in (200, 302), _url(petitions_a, "sign", petition.pk)
    signature = Signature.objects.get(petition=petition)
    petitions.confirm_signature(signature)
    exported = bureau_a.get(reverse(EXPORT_SIGNATURES, args=[petition.pk]), {"export": "csv"})
    assert "WX102030" in {cell for row in csv.reader(io.StringIO(content(exported))) for cell in row}  # staff see it
    logged = "\n".join(f"{record.getMessage()} {record.args!r} {record.__dict__!r}" for record in caplog.records)
    assert caplog.records  # something was logged at DEBUG (SQL, requests...): the check is not vacuous
    for cin in ("WX102030", "wx 102030", "UV908070"):
        assert cin not in logged
