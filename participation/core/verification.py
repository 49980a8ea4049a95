"""E-mail verification links that a mail scanner cannot consume.

The link carries a signed token; opening it (GET) shows a page with a button,
and only the POST of that button confirms. Tokens say what they confirm
(purpose + record) and expire.
"""
from django.core import signing

SALT = "jamaa.verification"
MAX_AGE = 7 * 24 * 3600


def make_token(purpose: str, record) -> str:
    return signing.dumps({"p": purpose, "m": record._meta.label_lower, "k": record.pk}, salt=SALT, compress=True)


def read_token(token: str, purpose: str, model) -> int | None:
    """The record's pk if the token is valid for this purpose and model, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("p") != purpose or data.get("m") != model._meta.label_lower:
        return None
    return data.get("k")
