"""E-mail verification links that a mail scanner cannot consume.

The link carries a signed token; opening it (GET) shows a page with a button,
and only the POST of that button confirms. Tokens say what they confirm
(purpose + record) and expire.

A signed value holds ":" (and "." when compressed), which Wagtail's page URLs
do not accept (path segments hold only letters, digits, "_" and "-"): tokens are the signed value in
URL-safe base64 without padding, so they fit in a page's sub-route.
"""
import base64
import binascii

from django.core import signing

SALT = "jamaa.verification"
MAX_AGE = 7 * 24 * 3600


def make_token(purpose: str, record) -> str:
    signed = signing.dumps({"p": purpose, "m": record._meta.label_lower, "k": record.pk}, salt=SALT, compress=True)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_token(token: str, purpose: str, model, max_age: int = MAX_AGE) -> int | None:
    """The record's pk if the token is valid for this purpose and model, else None."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        data = signing.loads(signed, salt=SALT, max_age=max_age)
    except (binascii.Error, ValueError, signing.BadSignature):  # UnicodeDecodeError is a ValueError
        return None
    if data.get("p") != purpose or data.get("m") != model._meta.label_lower:
        return None
    return data.get("k")
