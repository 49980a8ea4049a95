"""Identity numbers encrypted at rest (law 09-08: the CIN), and a keyed hash to find them.

`EncryptedCharField` stores a Fernet token (AES-CBC + HMAC-SHA256: authenticated, so a
tampered value fails instead of decrypting to garbage) under settings.JAMAA_ENCRYPTION_KEYS,
newest first: MultiFernet encrypts with the first key and decrypts with any of them, which
is how keys rotate (`manage.py rotate_encryption_keys`, deploy/README.md).

Ciphertext cannot be compared, so a value that must be unique or looked up gets a companion
`LookupHashField`: HMAC-SHA256 of the value under settings.JAMAA_HASH_KEY, a separate key
that does not change when the encryption keys rotate (the duplicate check keeps working).
"""
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class UndecryptableValue(ImproperlyConfigured):
    """A stored value no key in JAMAA_ENCRYPTION_KEYS opens (a key was removed before rotating)."""


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"JAMAA_ENCRYPTION_KEYS holds a key that is not a Fernet key: {error}") from None


def cipher() -> MultiFernet:
    """The keys of the settings, newest first (cached per key list, so tests can override them)."""
    keys = tuple(key for key in settings.JAMAA_ENCRYPTION_KEYS if key.strip())
    if not keys:
        raise ImproperlyConfigured("JAMAA_ENCRYPTION_KEYS is empty: personal identifiers cannot be stored.")
    return _cipher(keys)


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue(
            "A value cannot be decrypted with any key of JAMAA_ENCRYPTION_KEYS: "
            "was a key removed before `manage.py rotate_encryption_keys` ran?"
        ) from None


def is_encrypted(value: str) -> bool:
    """Whether `value` is a token our keys open (plaintext rows of before encryption are not)."""
    try:
        cipher().decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    try:
        return cipher().rotate(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue("A value cannot be re-encrypted: no key of JAMAA_ENCRYPTION_KEYS opens it.") from None


def lookup_hash(value: str) -> str:
    """HMAC-SHA256 of an (already normalised) value: equal values, equal hashes; no way back."""
    key = settings.JAMAA_HASH_KEY
    if not key:
        raise ImproperlyConfigured("JAMAA_HASH_KEY is empty: encrypted identifiers cannot be looked up.")
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.CharField):
    """A CharField whose value is encrypted in the database. `max_length` limits the plain
    value (forms, validation); the column is text, since a token is longer.

    Only `isnull` can be queried: any other lookup would compare ciphertext and silently
    find nothing, so it is refused. Look values up through a LookupHashField instead."""

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


class LookupHashField(models.CharField):
    """The keyed hash of `source` (an EncryptedCharField of the same model), computed on
    every save that writes it; None when the source is empty. Unique constraints and
    lookups use it in place of the encrypted value."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.update(max_length=64, null=True, blank=True, editable=False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "null", "blank", "editable"):
            kwargs.pop(fixed, None)
        return name, path, args, {**kwargs, "source": self.source}

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.source)
        hashed = lookup_hash(value) if value else None
        setattr(model_instance, self.attname, hashed)
        return hashed


def hashed_by(model, names) -> list[str]:
    """The LookupHashFields of `model` whose source is among `names`: they must be saved
    with it (a save with update_fields=[source] alone would leave the old hash)."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, LookupHashField) and f.source in names]


def encrypted_models():
    """(model, [EncryptedCharField names]) for every installed model holding some."""
    from django.apps import apps

    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if names:
            yield model, names


def _rewrite_rows(model, names: list[str], change, connection) -> int:
    """Apply `change(stored) -> new or None` to the columns `names` of every row, in raw SQL
    (the ORM would decrypt on read), and refresh their LookupHashFields from the plain value."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    hashes = {f.source: f for f in model._meta.concrete_fields if isinstance(f, LookupHashField)}
    pk = model._meta.pk.column
    columns = ", ".join(quote(f.column) for f in fields)
    # Not an injection (bandit B608): table and column names come from the model's meta, values are bound.
    select = f"SELECT {quote(pk)}, {columns} FROM {quote(model._meta.db_table)}"  # nosec B608
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(select)
        rows = cursor.fetchall()
        for pk_value, *stored in rows:
            updates = {}
            for field, value in zip(fields, stored, strict=True):
                new = change(value) if value else None
                if new is None:
                    continue
                updates[field.column] = new
                if field.name in hashes:
                    updates[hashes[field.name].column] = lookup_hash(decrypt(value) if is_encrypted(value) else value)
            if updates:
                assignments = ", ".join(f"{quote(column)} = %s" for column in updates)
                cursor.execute(
                    f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk)} = %s",  # nosec B608
                    [*updates.values(), pk_value],
                )
                changed += 1
    return changed


def encrypt_plaintext(model, names: list[str], connection) -> int:
    """Data migration: encrypt the rows written before the fields were encrypted (and hash them)."""
    return _rewrite_rows(model, names, lambda value: None if is_encrypted(value) else encrypt(value), connection)


def decrypt_to_plaintext(model, names: list[str], connection) -> int:
    """The data migration's reverse: plain values again."""
    return _rewrite_rows(model, names, lambda value: decrypt(value) if is_encrypted(value) else None, connection)


def plain_hashes(model) -> list["LookupHashField"]:
    """The LookupHashFields of `model` hashing a plain (not encrypted) field, e.g. a private link's token."""
    sources = {f.name: f for f in model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields
            if isinstance(f, LookupHashField) and not isinstance(sources.get(f.source), EncryptedCharField)]


def rehash_plain(model, connection) -> int:
    """Recompute the hashes of plain fields (data migrations, a new JAMAA_HASH_KEY), in raw SQL
    so that dates such as updated_at stay as they were; the number of rows rewritten."""
    fields = plain_hashes(model)
    if not fields:
        return 0
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sources = [model._meta.get_field(f.source) for f in fields]
    columns = ", ".join(quote(f.column) for f in sources)
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {columns} FROM {table}")  # nosec B608 (names from the model's meta)
        rows = cursor.fetchall()
        for pk_value, *values in rows:
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # nosec B608
                           [*(lookup_hash(v) if v else None for v in values), pk_value])
    return len(rows)


def rotate_all(connection) -> dict[str, int]:
    """Re-encrypt every encrypted value with the newest key and recompute the lookup hashes
    (so JAMAA_HASH_KEY can change too); {model label: rows rewritten}. One transaction per
    model, in raw SQL: dates such as updated_at stay as they were."""
    from django.apps import apps
    from django.db import transaction

    done = {}
    for model, names in encrypted_models():
        with transaction.atomic(using=connection.alias):
            done[model._meta.label] = _rewrite_rows(model, names, rotate, connection)
    for model in apps.get_models():
        if plain_hashes(model):
            with transaction.atomic(using=connection.alias):
                done[model._meta.label] = max(done.get(model._meta.label, 0), rehash_plain(model, connection))
    return done
